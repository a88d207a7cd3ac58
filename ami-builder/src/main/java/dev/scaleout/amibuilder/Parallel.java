package dev.scaleout.amibuilder;

import dev.scaleout.support.TaskFailure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs independent groups of AWS calls (S3, IAM, Image Builder, EC2) at once: a re-run is
 * mostly reads, and their round trips, not the work, are its time. Each group writes to its
 * own report, printed in a fixed order, so output does not interleave.
 */
final class Parallel implements AutoCloseable {

    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ami-builder-aws");
        t.setDaemon(true);
        return t;
    });

    final class Group<T> {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<T> future;

        Group(Function<Report, T> work) {
            Report report = new Report(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            future = CompletableFuture.supplyAsync(() -> work.apply(report), pool);
        }

        /** Waits, prints the group's lines to {@code out}, and returns its value or rethrows its failure. */
        T join(Report out) {
            try {
                return future.join();
            } catch (CompletionException e) {
                throw TaskFailure.rethrow(e.getCause());
            } finally {
                out.out().print(buffer.toString(StandardCharsets.UTF_8));
            }
        }
    }

    <T> Group<T> start(Function<Report, T> work) {
        return new Group<>(work);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
