package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;

/** The mode the demo picks from the group's policy, when --mode is not given. */
class DemoModeTest {

    static ScalingPolicy predefinedCpu() {
        return ScalingPolicy.builder()
                .policyType("TargetTrackingScaling")
                .targetTrackingConfiguration(t -> t.targetValue(70.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("ASGAverageCPUUtilization")))
                .build();
    }

    @Test
    void thePredefinedEc2CpuMetricIsStandard() {
        assertThat(DemoMode.fromPolicies(List.of(predefinedCpu()))).isEqualTo(DemoMode.STANDARD);
    }

    @Test
    void noPolicyIsStandard() {
        assertThat(DemoMode.fromPolicies(List.of())).isEqualTo(DemoMode.STANDARD);
    }

    @Test
    void theAgentsMetricIsFast() {
        ScalingPolicy agent = ScalingPolicy.builder()
                .targetTrackingConfiguration(t -> t.targetValue(70.0)
                        .customizedMetricSpecification(m -> m.namespace("CWAgent")
                                .metricName("cpu_usage_active")
                                .statistic("Average")))
                .build();

        assertThat(DemoMode.fromPolicies(List.of(agent))).isEqualTo(DemoMode.FAST);
    }

    @Test
    void anyMetricQueriedAtTenSecondsIsFast() {
        ScalingPolicy tenSeconds = ScalingPolicy.builder()
                .targetTrackingConfiguration(t -> t.targetValue(70.0)
                        .customizedMetricSpecification(m -> m.metrics(q -> q.id("cpu")
                                .returnData(true)
                                .metricStat(s -> s.metric(
                                                x -> x.namespace("Custom/App").metricName("cpu"))
                                        .stat("Average")
                                        .period(10)))))
                .build();

        assertThat(DemoMode.fromPolicies(List.of(predefinedCpu(), tenSeconds))).isEqualTo(DemoMode.FAST);
    }

    @Test
    void labelsRoundTrip() { // --mode itself is parsed by picocli: DemoCliTest
        assertThat(DemoMode.FAST.option()).isEqualTo("fast");
        assertThat(DemoMode.ofLabel(DemoMode.STANDARD.label())).isEqualTo(DemoMode.STANDARD);
        assertThat(DemoMode.ofLabel("EC2 1-min")).isNull();
    }
}
