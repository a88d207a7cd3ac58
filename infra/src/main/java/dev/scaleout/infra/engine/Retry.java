package dev.scaleout.infra.engine;

import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Deletes AWS refuses while something still hangs on (a security group an ALB's ENI still
 * holds for a minute after the ALB is gone, a subnet with a lingering ENI): retried with
 * backoff until the deadline, with the error code on the progress line. Any other error
 * is thrown at once.
 */
public final class Retry {

    private Retry() {
    }

    public static void whileDependent(String what, Progress progress, Runnable delete) {
        Poll.real(Duration.ofSeconds(5), Duration.ofSeconds(20)).until(what, Duration.ofMinutes(10), () -> {
            try {
                delete.run();
                return null;
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                if ("DependencyViolation".equals(code) || "ResourceInUse".equals(code) || "InvalidIPAddress.InUse".equals(code)) {
                    return code;
                }
                throw e;
            }
        }, state -> state == null ? "deleted" : "waiting: " + state, state -> state == null, progress);
    }
}
