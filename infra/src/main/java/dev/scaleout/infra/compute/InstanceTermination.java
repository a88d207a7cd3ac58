package dev.scaleout.infra.compute;

import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Waits until an instance is terminated: its security group and subnet cannot be deleted
 * while it still holds a network interface there.
 */
public final class InstanceTermination {

    private InstanceTermination() {}

    public static void await(Ec2Client ec2, Poll poll, String what, String instanceId, Progress progress) {
        poll.until(
                what,
                Duration.ofMinutes(10),
                () -> {
                    var reservations = ec2.describeInstances(r -> r.instanceIds(instanceId))
                            .reservations();
                    return reservations.isEmpty()
                            ? "terminated"
                            : reservations.get(0).instances().get(0).state().nameAsString();
                },
                s -> s,
                s -> InstanceStateName.TERMINATED.toString().equals(s),
                progress);
    }
}
