package dev.scaleout.support;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Wraps one AWS call so that a failure names the operation, the resource and AWS's error code (exit 1). */
public final class AwsCall {

    private AwsCall() {
    }

    public static <T> T call(String operation, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw ExitException.aws(operation, resource, e);
        }
    }

    public static void run(String operation, String resource, Runnable call) {
        call(operation, resource, () -> {
            call.run();
            return null;
        });
    }

    /** A read where "not found" (any of {@code notFoundCodes}, or HTTP 404) means empty. */
    public static <T> Optional<T> find(String operation, String resource, Set<String> notFoundCodes, Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404 || (code != null && notFoundCodes.contains(code))) {
                return Optional.empty();
            }
            throw ExitException.aws(operation, resource, e);
        } catch (SdkException e) {
            throw ExitException.aws(operation, resource, e);
        }
    }

    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    }
}
