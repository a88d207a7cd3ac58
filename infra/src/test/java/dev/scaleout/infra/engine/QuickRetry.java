package dev.scaleout.infra.engine;

import dev.scaleout.support.Progress;
import java.time.Clock;
import java.time.Duration;

/**
 * The engine's {@link Retry} for runs against moto and the emulators, which move a resource on
 * by reads or within a few seconds (moto's ACM): production's deadlines on the real clock, every
 * pause between reads a hundredth as long (2 s becomes 20 ms). A wait that production would sit
 * out still ends the same way, only without the seconds of sleeping between reads.
 */
public final class QuickRetry {

    private QuickRetry() {}

    public static Retry of(Progress progress) {
        return new Retry(progress, Clock.systemUTC(), QuickRetry::sleep);
    }

    /** A hundredth of a pause production would take, at least a millisecond. */
    public static void sleep(Duration production) throws InterruptedException {
        Thread.sleep(Math.max(1, production.toMillis() / 100));
    }
}
