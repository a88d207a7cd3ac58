package dev.scaleout.infra.operate.rollout;

import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.RefreshStrategy;

/**
 * The Auto Scaling side of a rollout: start an instance refresh that replaces the instances
 * not on the launch template's default version, half of the group at a time, and wait for
 * it to end, showing status and percentage.
 */
public final class InstanceRefresher {

    /** Half the group keeps serving while the other half is replaced. */
    static final int MIN_HEALTHY_PERCENT = 50;
    static final Set<String> ENDED = Set.of("Successful", "Failed", "Cancelled", "RollbackSuccessful", "RollbackFailed",
            "Baseline_Failed");

    private final AutoScalingClient autoScaling;
    private final Poll poll;

    public InstanceRefresher(AutoScalingClient autoScaling, Poll poll) {
        this.autoScaling = autoScaling;
        this.poll = poll;
    }

    /**
     * Starts the refresh towards the template's {@code $Default} version (so the group keeps
     * following the default, as infra configures it), skipping instances already on it.
     */
    public String start(String group, String launchTemplate, int warmupSeconds) {
        try {
            return autoScaling.startInstanceRefresh(r -> r
                            .autoScalingGroupName(group)
                            .strategy(RefreshStrategy.ROLLING)
                            .desiredConfiguration(d -> d.launchTemplate(lt -> lt.launchTemplateName(launchTemplate).version("$Default")))
                            .preferences(p -> p.minHealthyPercentage(MIN_HEALTHY_PERCENT)
                                    .instanceWarmup(warmupSeconds)
                                    .skipMatching(true)))
                    .instanceRefreshId();
        } catch (AutoScalingException e) {
            if (e.awsErrorDetails() != null && "InstanceRefreshInProgress".equals(e.awsErrorDetails().errorCode())) {
                throw ExitException.failure("an instance refresh is already running on " + group
                        + ": wait for it ('infra status --watch') or cancel it (aws autoscaling cancel-instance-refresh "
                        + "--auto-scaling-group-name " + group + "), then run the rollout again");
            }
            throw ExitException.aws("StartInstanceRefresh", group, e);
        } catch (SdkException e) {
            throw ExitException.aws("StartInstanceRefresh", group, e);
        }
    }

    /** Polls until the refresh has ended, whichever way; past {@code timeout} exit 1 (it goes on in AWS). */
    public InstanceRefresh await(String group, String refreshId, Duration timeout, Progress progress) {
        return poll.until("instance refresh " + refreshId, timeout,
                () -> describe(group, refreshId),
                InstanceRefresher::state,
                r -> ENDED.contains(r.statusAsString()),
                progress);
    }

    private InstanceRefresh describe(String group, String refreshId) {
        List<InstanceRefresh> found;
        try {
            found = autoScaling.describeInstanceRefreshes(r -> r.autoScalingGroupName(group).instanceRefreshIds(refreshId))
                    .instanceRefreshes();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeInstanceRefreshes", group + " " + refreshId, e);
        }
        if (found.isEmpty()) {
            // just started: the listing can lag the start (eventual consistency), so it counts as pending
            return InstanceRefresh.builder().instanceRefreshId(refreshId).autoScalingGroupName(group)
                    .status("Pending").statusReason("not listed yet").build();
        }
        return found.get(0);
    }

    /** "InProgress 50% (1 to update)". */
    static String state(InstanceRefresh r) {
        StringBuilder s = new StringBuilder(String.valueOf(r.statusAsString()));
        if (r.percentageComplete() != null) {
            s.append(' ').append(r.percentageComplete()).append('%');
        }
        if (r.instancesToUpdate() != null) {
            s.append(" (").append(r.instancesToUpdate()).append(" to update)");
        }
        return s.toString();
    }
}
