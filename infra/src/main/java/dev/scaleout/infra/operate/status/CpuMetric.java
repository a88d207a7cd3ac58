package dev.scaleout.infra.operate.status;

import java.time.Duration;

/**
 * The CPU metric the status screen and the demo chart read: by default EC2's 1-minute
 * CPUUtilization per group; the fast mode (the CloudWatch agent's 10-s metric) is another
 * instance of this record, so nothing else changes when the lead adds it.
 */
public record CpuMetric(String namespace, String metricName, Duration period) {

    public static final CpuMetric EC2_ONE_MINUTE = new CpuMetric("AWS/EC2", "CPUUtilization", Duration.ofMinutes(1));
}
