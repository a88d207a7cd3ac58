package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollTest {

    /** A clock that moves only when the poller sleeps. */
    private static final class SleepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    private final SleepClock clock = new SleepClock();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Progress progress = new Progress(new PrintStream(out, true, StandardCharsets.UTF_8), clock, false);
    private final Poll poll = new Poll(clock, clock::sleep, Duration.ofSeconds(5), Duration.ofSeconds(30));

    @Test
    void backsOffToTheCapAndShowsEachStateOnceWithElapsedTime() {
        Iterator<String> states = List.of("PENDING", "BUILDING", "BUILDING", "BUILDING", "BUILDING", "AVAILABLE")
                .iterator();

        String last = poll.until("image", Duration.ofHours(1), states::next, s -> s, "AVAILABLE"::equals, progress);

        assertThat(last).isEqualTo("AVAILABLE");
        assertThat(clock.sleeps).extracting(Duration::toSeconds).containsExactly(5L, 10L, 20L, 30L, 30L);
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("image: PENDING (0s)", "image: BUILDING (5s)", "image: AVAILABLE (1m35s)");
    }

    @Test
    void givesUpAtTheDeadlineNamingTheLastState() {
        assertThatThrownBy(() -> poll.until(
                        "NAT gateway nat-1",
                        Duration.ofMinutes(2),
                        () -> "pending",
                        s -> s,
                        "available"::equals,
                        progress))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("NAT gateway nat-1: still pending after 2m00s")
                .satisfies(e -> assertThat(((ExitException) e).code()).isEqualTo(1));
        assertThat(clock.sleeps.stream().mapToLong(Duration::toSeconds).sum()).isLessThanOrEqualTo(120);
    }

    @Test
    void readsAreTheOperationsThatChangeNothing() {
        assertThat(CallCounter.isRead("DescribeVpcs")).isTrue();
        assertThat(CallCounter.isRead("GetParameter")).isTrue();
        assertThat(CallCounter.isRead("ListImages")).isTrue();
        assertThat(CallCounter.isRead("CreateVpc")).isFalse();
        assertThat(CallCounter.isRead("PutParameter")).isFalse();
        assertThat(CallCounter.isRead("DeregisterImage")).isFalse();
        // the VPN's client configuration is only read; an image export is a task that writes to S3
        assertThat(CallCounter.isRead("ExportClientVpnClientConfiguration")).isTrue();
        assertThat(CallCounter.isRead("ExportImage")).isFalse();
    }
}
