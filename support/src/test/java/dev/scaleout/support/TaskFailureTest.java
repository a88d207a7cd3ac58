package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class TaskFailureTest {

    @Test
    void theTasksOwnFailureComesBackAsItWas() {
        ExitException exit = ExitException.userError("--x: pass --x 1");
        ExecutionException wrapped = assertFails(CompletableFuture.failedFuture(exit));

        assertThat(TaskFailure.rethrow(wrapped.getCause())).isSameAs(exit);
    }

    @Test
    void anErrorIsThrownAndACheckedCauseIsWrapped() {
        assertThatThrownBy(() -> TaskFailure.rethrow(new OutOfMemoryError("heap")))
                .isInstanceOf(OutOfMemoryError.class);
        IOException io = new IOException("disk");
        assertThat(TaskFailure.rethrow(io))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(io);
    }

    private static ExecutionException assertFails(CompletableFuture<?> future) {
        try {
            future.get();
            throw new AssertionError("the future did not fail");
        } catch (ExecutionException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
