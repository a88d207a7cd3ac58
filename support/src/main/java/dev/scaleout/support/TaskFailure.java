package dev.scaleout.support;

/**
 * A task run on another thread failed (the cause of an ExecutionException or a
 * CompletionException): its failure as if it had run on this thread, so an ExitException
 * or an SDK error keeps its type and message.
 */
public final class TaskFailure {

    private TaskFailure() {}

    /** Use as {@code throw TaskFailure.rethrow(e.getCause())}: an Error is thrown here, a checked cause is wrapped. */
    public static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
