package dev.scaleout.app.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value read at most once per {@code maxAge}; readers in between share the last read.
 * When it is due, one reader refreshes it while the others keep the previous read, so a
 * crowd does not stampede the source. Failures are not kept: the next reader tries again.
 */
final class RecentValue<T> {

    private record Read<T>(T value, Instant at) {
    }

    private final Supplier<T> source;
    private final Duration maxAge;
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Read<T> last;

    RecentValue(Supplier<T> source, Duration maxAge, Clock clock) {
        this.source = source;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    T get() {
        Read<T> read = last;
        Instant now = clock.instant();
        if (read != null && now.isBefore(read.at().plus(maxAge))) {
            return read.value();
        }
        if (read != null && !refreshing.tryLock()) {
            return read.value(); // someone else is refreshing it
        }
        if (read == null) {
            refreshing.lock(); // the very first read: everyone waits for it
        }
        try {
            Read<T> current = last;
            if (current != read && current != null) {
                return current.value(); // refreshed while we waited
            }
            T value = source.get();
            last = new Read<>(value, clock.instant());
            return value;
        } finally {
            refreshing.unlock();
        }
    }
}
