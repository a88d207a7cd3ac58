package dev.scaleout.support;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one wrapper for AWS calls: a failure names the operation, the resource and AWS's error
 * code (exit 1), and "not found" is recognised the same way everywhere (a read that finds
 * nothing, a delete that an earlier, interrupted run already did).
 */
public final class AwsCall {

    private AwsCall() {}

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
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404 || (code != null && notFoundCodes.contains(code))) {
                return Optional.empty();
            }
            throw ExitException.aws(operation, resource, e);
        } catch (SdkException e) {
            throw ExitException.aws(operation, resource, e);
        }
    }

    /**
     * A delete where "not found" means done (an earlier run got there first); any other
     * failure is exit 1, naming the operation, the resource and AWS's code.
     */
    public static void delete(String operation, String resource, Runnable delete) {
        run(operation, resource, () -> ignoreNotFound(delete));
    }

    /** The same, other failures thrown as they are: for a caller that looks at the code itself (a retry while dependent). */
    public static void ignoreNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (AwsServiceException e) {
            if (!notFound(e)) {
                throw e;
            }
        }
    }

    /**
     * AWS's ways of saying there is no such thing: a code ending in {@code NotFound}
     * ({@code InvalidVpcID.NotFound}, {@code DBInstanceNotFound}) or {@code NotFoundException},
     * and Auto Scaling's, which has no such code: a {@code ValidationError} whose message says "not found".
     */
    public static boolean notFound(AwsServiceException e) {
        String code = code(e);
        if (code.endsWith("NotFound") || code.endsWith("NotFoundException")) {
            return true;
        }
        String message =
                e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        return "ValidationError".equals(code) && message != null && message.contains("not found");
    }

    public static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null
                ? ""
                : String.valueOf(e.awsErrorDetails().errorCode());
    }
}
