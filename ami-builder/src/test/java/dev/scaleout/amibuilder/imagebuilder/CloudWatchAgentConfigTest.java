package dev.scaleout.amibuilder.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The optional CloudWatch agent step (--cloudwatch-agent) feeds infra's fast scaling mode. */
class CloudWatchAgentConfigTest {

    @Test
    void theAgentSendsTheGroupsCpuEvery10Seconds() {
        // infra's fast mode tracks CWAgent cpu_usage_active by AutoScalingGroupName at a 10 s period:
        // collected every 10 s and flushed every 10 s (the default flush, 60 s, would undo it).
        String config = ComponentDocument.cloudWatchAgentLines().stream()
                .filter(line -> line.startsWith("{"))
                .findFirst()
                .orElseThrow();
        assertThat(config.replace(" ", ""))
                .contains("\"metrics_collection_interval\":10,\"force_flush_interval\":10")
                .contains("\"aggregation_dimensions\":[[\"AutoScalingGroupName\"]]")
                .contains("\"measurement\":[\"cpu_usage_active\"],\"metrics_collection_interval\":10");
    }
}
