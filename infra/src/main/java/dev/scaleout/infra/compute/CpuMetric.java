package dev.scaleout.infra.compute;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.AgentCpuMetric;
import software.amazon.awssdk.services.autoscaling.model.MetricStatistic;
import software.amazon.awssdk.services.autoscaling.model.MetricType;
import software.amazon.awssdk.services.autoscaling.model.TargetTrackingConfiguration;

/**
 * The CPU metric the group's target tracking follows: the course's 1-minute EC2 average, or
 * the CloudWatch agent's 10-second {@code cpu_usage_active} aggregated by group (ami-builder
 * --cloudwatch-agent), a high-resolution metric target tracking can act on within seconds.
 */
final class CpuMetric {

    private CpuMetric() {}

    static TargetTrackingConfiguration tracking(String metric, String group, double targetPercent) {
        TargetTrackingConfiguration.Builder t =
                TargetTrackingConfiguration.builder().targetValue(targetPercent);
        if (StackConfig.AutoScaling.AGENT_METRIC.equals(metric)) {
            return t.customizedMetricSpecification(m -> m.namespace(AgentCpuMetric.NAMESPACE)
                            .metricName(AgentCpuMetric.NAME)
                            .dimensions(d -> d.name(AgentCpuMetric.DIMENSION).value(group))
                            .statistic(MetricStatistic.AVERAGE)
                            .period((int) AgentCpuMetric.PERIOD.toSeconds()))
                    .build();
        }
        return t.predefinedMetricSpecification(m -> m.predefinedMetricType(MetricType.ASG_AVERAGE_CPU_UTILIZATION))
                .build();
    }

    /** Which of the two a policy AWS holds follows; anything else reads as "other", so the plan shows it. */
    static String of(TargetTrackingConfiguration t) {
        if (t.predefinedMetricSpecification() != null
                && t.predefinedMetricSpecification().predefinedMetricType() == MetricType.ASG_AVERAGE_CPU_UTILIZATION) {
            return StackConfig.AutoScaling.EC2_METRIC;
        }
        if (t.customizedMetricSpecification() != null
                && AgentCpuMetric.NAMESPACE.equals(
                        t.customizedMetricSpecification().namespace())
                && AgentCpuMetric.NAME.equals(t.customizedMetricSpecification().metricName())) {
            return StackConfig.AutoScaling.AGENT_METRIC;
        }
        return "other";
    }
}
