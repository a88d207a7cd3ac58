package dev.scaleout.infra.operate.status;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One read of the fleet: what {@code infra status} shows and {@code --json} prints. Immutable;
 * nullable fields are the ones AWS may not have (no load balancer yet, no CPU data yet).
 *
 * @param url        where users reach the app: the Route 53 name when DNS is configured, else the ALB; null without an ALB
 * @param cpu        the group's average CPU, one point per minute of the window, oldest first; percent null where CloudWatch has none
 * @param alarms     the scaling policy's alarms
 * @param activities the latest scaling activities, newest first
 */
public record FleetStatus(
        Instant readAt,
        String group,
        String url,
        String loadBalancerDns,
        int min,
        int desired,
        int max,
        List<InstanceStatus> instances,
        List<CpuPoint> cpu,
        List<AlarmStatus> alarms,
        List<ActivityStatus> activities) {

    public FleetStatus {
        instances = List.copyOf(instances);
        cpu = List.copyOf(cpu);
        alarms = List.copyOf(alarms);
        activities = List.copyOf(activities);
    }

    /**
     * @param targetHealth target group name → state ("healthy", "initial", "unhealthy", "draining"...);
     *                     a group the instance is not registered in is absent
     * @param launchTemplateVersion the version the instance was launched from (rollout progress), null if unknown
     */
    public record InstanceStatus(
            String id,
            String availabilityZone,
            String lifecycleState,
            String healthStatus,
            Map<String, String> targetHealth,
            String amiId,
            Instant launchTime,
            String launchTemplateVersion) {

        public InstanceStatus {
            targetHealth = Collections.unmodifiableMap(new TreeMap<>(targetHealth)); // sorted: stable output
        }
    }

    /** A minute of the CPU window; percent null when CloudWatch had no datapoint for it. */
    public record CpuPoint(Instant at, Double percent) {}

    public record AlarmStatus(String name, String state, String reason, Instant since) {}

    public record ActivityStatus(
            Instant startTime, Instant endTime, String statusCode, String description, String cause) {}

    /** The newest minute that has data. */
    public Optional<CpuPoint> latestCpu() {
        for (int i = cpu.size() - 1; i >= 0; i--) {
            if (cpu.get(i).percent() != null) {
                return Optional.of(cpu.get(i));
            }
        }
        return Optional.empty();
    }
}
