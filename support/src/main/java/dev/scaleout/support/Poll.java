package dev.scaleout.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls where the SDK has no waiter: backoff from {@code first} doubling up to {@code max},
 * a deadline, and the state on the progress line at each read.
 */
public final class Poll {

    /** Sleeping is a parameter so tests run through long waits at once. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public static final Sleeper REAL_SLEEP = d -> Thread.sleep(d.toMillis());

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration first;
    private final Duration max;

    public Poll(Clock clock, Sleeper sleeper, Duration first, Duration max) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.first = first;
        this.max = max;
    }

    public static Poll real(Duration first, Duration max) {
        return new Poll(Clock.systemUTC(), REAL_SLEEP, first, max);
    }

    /**
     * Reads until {@code done} holds and returns that value; past {@code timeout} it fails
     * with exit 1 naming {@code what} and the last state.
     */
    public <T> T until(
            String what,
            Duration timeout,
            Supplier<T> read,
            Function<T, String> state,
            Predicate<T> done,
            Progress progress) {
        Instant deadline = clock.instant().plus(timeout);
        Duration wait = first;
        progress.start();
        try {
            while (true) {
                T value = read.get();
                progress.update(what, state.apply(value));
                if (done.test(value)) {
                    return value;
                }
                if (!clock.instant().plus(wait).isBefore(deadline)) {
                    throw ExitException.failure(what + ": still " + state.apply(value) + " after "
                            + Progress.format(timeout) + "; gave up waiting (it may still finish on AWS)");
                }
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExitException.failure(what + ": interrupted while waiting");
        } finally {
            progress.finish();
        }
    }
}
