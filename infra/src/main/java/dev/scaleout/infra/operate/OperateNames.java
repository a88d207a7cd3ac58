package dev.scaleout.infra.operate;

import dev.scaleout.infra.config.StackConfig;
import java.util.Optional;

/**
 * The names infra gives the resources the operate commands read, from the config's prefix
 * (the same names the engine creates; discovery of everything else goes through the group).
 */
public record OperateNames(String prefix, Optional<String> publicHostname) {

    public static OperateNames of(StackConfig config) {
        Optional<String> hostname = config.dns() != null && config.dns().enabled()
                ? Optional.of(config.dns().recordName() + "." + config.dns().domain())
                : Optional.empty();
        return new OperateNames(config.prefix(), hostname);
    }

    public String autoScalingGroup() {
        return prefix + "-asg";
    }

    public String launchTemplate() {
        return prefix + "-asg-lt";
    }

    public String loadBalancer() {
        return prefix + "-asg-alb";
    }

    /** Target tracking alarms are named by AWS "TargetTracking-<group>-AlarmHigh-<uuid>" / "-AlarmLow-". */
    public String targetTrackingAlarmPrefix() {
        return "TargetTracking-" + autoScalingGroup() + "-";
    }
}
