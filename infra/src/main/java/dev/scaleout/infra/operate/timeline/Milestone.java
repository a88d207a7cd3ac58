package dev.scaleout.infra.operate.timeline;

import java.time.Duration;
import java.time.Instant;

/**
 * A step of the scale-out. {@code at} null means not seen; {@code sinceStart} is null too
 * when the stress start itself was not recorded.
 */
public record Milestone(String name, Instant at, Duration sinceStart, String detail) {

    public boolean seen() {
        return at != null;
    }
}
