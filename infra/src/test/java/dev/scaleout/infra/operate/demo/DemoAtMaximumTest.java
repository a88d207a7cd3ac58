package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.operate.status.FleetStatus;
import dev.scaleout.support.ExitException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A group already at its maximum cannot show a scale-out: said after the read, so exit 1, and no stress started. */
class DemoAtMaximumTest {

    @Test
    void aGroupAtItsMaximumIsExit1BeforeAnyStress() {
        Instant now = Instant.parse("2026-11-26T01:00:00Z");
        FleetStatus atMax = new FleetStatus(
                now, "my-asg-ec2", "http://alb/", "alb", 1, 3, 3, List.of(), List.of(), List.of(), List.of());
        Demo.FleetReader noMoreReads = () -> {
            throw new AssertionError("read again after the first status");
        };
        Demo.ShutdownHooks hooks = new Demo.ShutdownHooks() {
            public void add(Thread hook) {
                throw new AssertionError("a stress stopper registered: the stress was about to start");
            }

            public void remove(Thread hook) {}
        };
        StressApi unreachable = new StressApi(
                HttpClient.newHttpClient(), URI.create("http://127.0.0.1:9/"), "t", Duration.ofSeconds(1));
        Demo demo = new Demo(
                Clock.fixed(now, ZoneOffset.UTC),
                d -> {},
                new PrintWriter(new StringWriter()),
                noMoreReads,
                unreachable,
                hooks);

        assertThatThrownBy(() -> demo.run(DemoOptions.defaults(), DemoMode.STANDARD, atMax))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("already at its maximum (3)")
                .hasMessageContaining("raise autoScaling.max");
    }
}
