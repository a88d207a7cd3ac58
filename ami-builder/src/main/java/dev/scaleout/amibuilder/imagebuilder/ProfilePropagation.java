package dev.scaleout.amibuilder.imagebuilder;

import dev.scaleout.amibuilder.Report;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * IAM is eventually consistent: for seconds after the instance profile is created (or its
 * role added), Image Builder answers InvalidParameterValueException "The provided instance
 * profile does not exist" (the error and message Terraform's AWS provider retries on for
 * CreateInfrastructureConfiguration, for IAM's 2-minute propagation timeout). Calls naming
 * the profile are retried on exactly that, every 10 s for up to 2 minutes, with a line each
 * time; any other error fails at once.
 */
final class ProfilePropagation {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final int ATTEMPTS = 13; // 12 waits of 10 s: IAM's documented-in-practice 2 minutes

    private final Report report;
    private final Poll.Sleeper sleeper;

    ProfilePropagation(Report report, Poll.Sleeper sleeper) {
        this.report = report;
        this.sleeper = sleeper;
    }

    static boolean notYetVisible(AwsServiceException e) {
        String message = String.valueOf(
                        e.awsErrorDetails() == null
                                ? e.getMessage()
                                : e.awsErrorDetails().errorMessage())
                .toLowerCase(Locale.ROOT);
        return AwsCall.code(e).equals("InvalidParameterValueException")
                && message.contains("instance profile")
                && (message.contains("does not exist") || message.contains("not valid") || message.contains("invalid"));
    }

    <T> T call(String operation, String resource, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (AwsServiceException e) {
                if (!notYetVisible(e) || attempt >= ATTEMPTS) {
                    throw ExitException.aws(operation, resource, e);
                }
                report.line("  " + operation
                        + ": the instance profile is not yet visible to Image Builder (IAM propagates); "
                        + "retrying in " + INTERVAL.toSeconds() + " s (" + attempt + "/" + (ATTEMPTS - 1) + ")");
                try {
                    sleeper.sleep(INTERVAL);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw ExitException.failure(operation + " " + resource + ": interrupted");
                }
            } catch (SdkException e) {
                throw ExitException.aws(operation, resource, e);
            }
        }
    }
}
