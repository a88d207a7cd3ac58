package dev.scaleout.infra.operate.demo;

import dev.scaleout.infra.operate.status.CpuMetric;
import dev.scaleout.support.AgentCpuMetric;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;

/**
 * Which CPU metric the demo's timeline and chart read. Standard: EC2's 1-minute
 * CPUUtilization. Fast: the CloudWatch agent's 10-second cpu_usage_active that the golden
 * AMI publishes per group (namespace CWAgent, dimension AutoScalingGroupName).
 */
public enum DemoMode {
    STANDARD("standard (EC2 1-min)", CpuMetric.EC2_ONE_MINUTE),
    FAST("fast (agent 10-s)", new CpuMetric(AgentCpuMetric.NAMESPACE, AgentCpuMetric.NAME, AgentCpuMetric.PERIOD));

    private final String label;
    private final CpuMetric cpuMetric;

    DemoMode(String label, CpuMetric cpuMetric) {
        this.label = label;
        this.cpuMetric = cpuMetric;
    }

    /** The run's label in run.json and in the side-by-side comparison. */
    public String label() {
        return label;
    }

    public CpuMetric cpuMetric() {
        return cpuMetric;
    }

    /** "standard" / "fast", as --mode takes it and the output folder's name ends. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a saved run was made in, from its label; null for a label of neither mode. */
    public static DemoMode ofLabel(String label) {
        for (DemoMode m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Fast when a target-tracking policy on the group tracks a high-resolution metric: the
     * CloudWatch agent's (namespace CWAgent) or any at a period under 60 s. The scaling then
     * reacts to the 10-s data, so the demo should show it; standard otherwise.
     */
    public static DemoMode fromPolicies(List<ScalingPolicy> policies) {
        boolean highResolution = policies.stream()
                .map(ScalingPolicy::targetTrackingConfiguration)
                .filter(t -> t != null && t.customizedMetricSpecification() != null)
                .map(t -> t.customizedMetricSpecification())
                .anyMatch(m -> highResolution(m.namespace(), m.period())
                        || m.metrics().stream()
                                .filter(q ->
                                        q.metricStat() != null && q.metricStat().metric() != null)
                                .anyMatch(q -> highResolution(
                                        q.metricStat().metric().namespace(),
                                        q.metricStat().period())));
        return highResolution ? FAST : STANDARD;
    }

    private static boolean highResolution(String namespace, Integer periodSeconds) {
        return AgentCpuMetric.NAMESPACE.equals(namespace) || (periodSeconds != null && periodSeconds < 60);
    }
}
