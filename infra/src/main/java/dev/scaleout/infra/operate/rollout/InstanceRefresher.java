package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.compute.GroupTemplate;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.DesiredConfiguration;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.RefreshPreferences;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;

/**
 * The Auto Scaling side of a rollout: start an instance refresh towards a numbered launch
 * template version with the config's preferences (minimum healthy share, warm-up, skip
 * matching, checkpoints, auto-rollback on failure or alarms), and wait for it to end,
 * showing status, percentage, instances to update and the status reason.
 */
public final class InstanceRefresher {

    static final Set<String> ENDED =
            Set.of("Successful", "Failed", "Cancelled", "RollbackSuccessful", "RollbackFailed", "Baseline_Failed");

    private final AutoScalingClient autoScaling;
    private final Poll poll;

    public InstanceRefresher(AutoScalingClient autoScaling, Poll poll) {
        this.autoScaling = autoScaling;
        this.poll = poll;
    }

    /**
     * Starts the refresh towards {@code desired}: the template on a numbered version, or the
     * group's mixed instances policy with that version in it ({@link GroupTemplate#desired}),
     * named by number: AWS rolls back only to a numbered version, and on success sets the group
     * to it. The preferences come from the config's {@code rollout} section.
     */
    public String start(String group, DesiredConfiguration desired, StackConfig.Rollout prefs) {
        try {
            return autoScaling
                    .startInstanceRefresh(r -> r.autoScalingGroupName(group)
                            .strategy(RefreshStrategy.ROLLING)
                            .desiredConfiguration(desired)
                            .preferences(preferences(prefs)))
                    .instanceRefreshId();
        } catch (AutoScalingException e) {
            if (e.awsErrorDetails() != null
                    && "InstanceRefreshInProgress".equals(e.awsErrorDetails().errorCode())) {
                throw ExitException.failure("an instance refresh is already running on " + group
                        + ": wait for it ('infra status --watch') or cancel it (aws autoscaling cancel-instance-refresh "
                        + "--auto-scaling-group-name " + group + "), then run the rollout again");
            }
            throw ExitException.aws("StartInstanceRefresh", group, e);
        } catch (SdkException e) {
            throw ExitException.aws("StartInstanceRefresh", group, e);
        }
    }

    static RefreshPreferences preferences(StackConfig.Rollout c) {
        RefreshPreferences.Builder p = RefreshPreferences.builder()
                .minHealthyPercentage(c.minHealthyPercent())
                .maxHealthyPercentage(c.maxHealthyPercent())
                .instanceWarmup(c.instanceWarmupSeconds())
                .skipMatching(c.skipMatching())
                .autoRollback(c.autoRollback());
        if (c.checkpointPercentages() != null && !c.checkpointPercentages().isEmpty()) {
            p.checkpointPercentages(c.checkpointPercentages()).checkpointDelay(c.checkpointDelaySeconds());
        }
        if (c.autoRollback()
                && c.rollbackAlarms() != null
                && !c.rollbackAlarms().isEmpty()) {
            p.alarmSpecification(a -> a.alarms(c.rollbackAlarms()));
        }
        return p.build();
    }

    /** "healthy 100-200%, warm-up 60 s, skip matching, checkpoints [50, 100] (300 s), auto-rollback (alarms x)". */
    static String describe(StackConfig.Rollout c) {
        StringBuilder s = new StringBuilder("healthy " + c.minHealthyPercent() + "-" + c.maxHealthyPercent()
                + "%, warm-up " + c.instanceWarmupSeconds() + " s");
        if (c.skipMatching()) {
            s.append(", skip matching");
        }
        if (c.checkpointPercentages() != null && !c.checkpointPercentages().isEmpty()) {
            s.append(", checkpoints ")
                    .append(c.checkpointPercentages())
                    .append(" (")
                    .append(c.checkpointDelaySeconds())
                    .append(" s)");
        }
        if (c.autoRollback()) {
            s.append(", auto-rollback");
            if (c.rollbackAlarms() != null && !c.rollbackAlarms().isEmpty()) {
                s.append(" on alarms ").append(String.join(", ", c.rollbackAlarms()));
            }
        }
        return s.toString();
    }

    /** Versions a refresh that has not ended yet wants (so pruning keeps them). */
    public Set<Long> versionsOfRunningRefreshes(String group) {
        List<InstanceRefresh> refreshes;
        try {
            refreshes = autoScaling
                    .describeInstanceRefreshes(
                            r -> r.autoScalingGroupName(group).maxRecords(10))
                    .instanceRefreshes();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeInstanceRefreshes", group, e);
        }
        Set<Long> versions = new java.util.TreeSet<>();
        for (InstanceRefresh r : refreshes) {
            if (!ENDED.contains(r.statusAsString())) {
                String v = GroupTemplate.version(r.desiredConfiguration());
                if (v != null && v.matches("\\d+")) {
                    versions.add(Long.parseLong(v));
                }
            }
        }
        return versions;
    }

    /** Polls until the refresh has ended, whichever way; past {@code timeout} exit 1 (it goes on in AWS). */
    public InstanceRefresh await(String group, String refreshId, Duration timeout, Progress progress) {
        return poll.until(
                "instance refresh " + refreshId,
                timeout,
                () -> describe(group, refreshId),
                InstanceRefresher::state,
                r -> ENDED.contains(r.statusAsString()),
                progress);
    }

    private InstanceRefresh describe(String group, String refreshId) {
        List<InstanceRefresh> found;
        try {
            found = autoScaling
                    .describeInstanceRefreshes(
                            r -> r.autoScalingGroupName(group).instanceRefreshIds(refreshId))
                    .instanceRefreshes();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeInstanceRefreshes", group + " " + refreshId, e);
        }
        if (found.isEmpty()) {
            // just started: the listing can lag the start (eventual consistency), so it counts as pending
            return InstanceRefresh.builder()
                    .instanceRefreshId(refreshId)
                    .autoScalingGroupName(group)
                    .status("Pending")
                    .statusReason("not listed yet")
                    .build();
        }
        return found.get(0);
    }

    /** "InProgress 50% (1 to update): Waiting for instances to warm up". */
    static String state(InstanceRefresh r) {
        StringBuilder s = new StringBuilder(String.valueOf(r.statusAsString()));
        if (r.percentageComplete() != null) {
            s.append(' ').append(r.percentageComplete()).append('%');
        }
        if (r.instancesToUpdate() != null) {
            s.append(" (").append(r.instancesToUpdate()).append(" to update)");
        }
        if (r.statusReason() != null && !r.statusReason().isBlank()) {
            s.append(": ").append(r.statusReason());
        }
        return s.toString();
    }
}
