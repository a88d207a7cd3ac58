package dev.scaleout.infra.operate;

import dev.scaleout.infra.compute.ComputeSpecs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.dns.DnsSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import java.util.Optional;

/**
 * The names of the resources the operate commands read, taken from the spec builders that
 * name them for the engine (one place), plus the public hostname when DNS is configured.
 */
public record OperateNames(
        String autoScalingGroup, String launchTemplate, String loadBalancer, Optional<String> publicHostname) {

    public static OperateNames of(StackConfig config) {
        Optional<String> hostname = config.dns() != null && config.dns().enabled()
                ? Optional.of(DnsSpecs.hostName(config))
                : Optional.empty();
        return new OperateNames(
                ComputeSpecs.groupName(config),
                ComputeSpecs.launchTemplateName(config),
                LoadBalancerSpecs.loadBalancerName(config),
                hostname);
    }

    /** Target tracking alarms are named by AWS "TargetTracking-<group>-AlarmHigh-<uuid>" / "-AlarmLow-". */
    public String targetTrackingAlarmPrefix() {
        return "TargetTracking-" + autoScalingGroup + "-";
    }
}
