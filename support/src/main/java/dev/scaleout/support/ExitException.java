package dev.scaleout.support;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one way a CLI ends early: a line for the user and an exit code. Exit 2 is the
 * user's to fix (config, options, credentials) and comes before any AWS call; exit 1
 * is a failure on AWS's side, named by operation, resource and AWS error code (or a
 * cancelled confirmation); exit 3 is a bug in the tool ({@link CliRunner} maps any other
 * exception to it).
 */
public final class ExitException extends RuntimeException {

    public static final int USER_ERROR = 2;
    public static final int AWS_FAILURE = 1;
    public static final int INTERNAL_ERROR = 3;

    private final int code;

    private ExitException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Names the input and the fix, e.g. {@code userError("--keep must be at least 1: pass --keep 3")}. */
    public static ExitException userError(String message) {
        return new ExitException(USER_ERROR, message, null);
    }

    /** A failure that is not the user's input: a failed build, a timeout, resources left over. */
    public static ExitException failure(String message) {
        return new ExitException(AWS_FAILURE, message, null);
    }

    /** An AWS call failed: "operation resource: ErrorCode: message". */
    public static ExitException aws(String operation, String resource, SdkException e) {
        return new ExitException(AWS_FAILURE, operation + " " + resource + ": " + describe(e), e);
    }

    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            return (code == null ? "HTTP " + service.statusCode() : code) + (message == null ? "" : ": " + message);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    public int code() {
        return code;
    }
}
