package dev.scaleout.infra.engine;

import dev.scaleout.support.AwsCall;
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

    private Retry() {}

    public static void whileDependent(String what, Progress progress, Runnable delete) {
        if (dependency(delete) == null) {
            return; // the usual case: no progress line for a delete that just works
        }
        Poll.real(Duration.ofSeconds(5), Duration.ofSeconds(20))
                .until(
                        what,
                        Duration.ofMinutes(10),
                        () -> dependency(delete),
                        state -> state == null ? "deleted" : "waiting: " + state,
                        state -> state == null,
                        progress);
    }

    /** Null when the delete went through; the error code when AWS says something still depends on it. */
    private static String dependency(Runnable delete) {
        try {
            delete.run();
            return null;
        } catch (AwsServiceException e) {
            String code = AwsCall.code(e);
            if ("DependencyViolation".equals(code)
                    || "ResourceInUse".equals(code)
                    || "InvalidIPAddress.InUse".equals(code)) {
                return code;
            }
            throw e;
        }
    }
}
