package dev.scaleout.support;

import java.time.Duration;

/**
 * The CloudWatch agent's CPU metric, the contract between ami-builder (the golden AMI's
 * agent publishes it with --cloudwatch-agent) and infra (its fast scaling policy and the
 * demo's fast mode read it): namespace, name, dimension and period, defined here once.
 */
public final class AgentCpuMetric {

    public static final String NAMESPACE = "CWAgent";
    public static final String NAME = "cpu_usage_active";
    public static final String DIMENSION = "AutoScalingGroupName";
    public static final Duration PERIOD = Duration.ofSeconds(10);

    private AgentCpuMetric() {}
}
