package dev.scaleout.app.ec2meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UptimeTest {

    @Test
    void secondsOnly() {
        assertThat(Uptime.format(Duration.ofMillis(4_999))).isEqualTo("4s");
    }

    @Test
    void minutesAndHours() {
        assertThat(Uptime.format(Duration.ofSeconds(65))).isEqualTo("1m 5s");
        assertThat(Uptime.format(Duration.ofSeconds(3_600))).isEqualTo("1h 0m 0s");
    }

    @Test
    void days() {
        assertThat(Uptime.format(Duration.ofDays(3).plusHours(4).plusMinutes(5).plusSeconds(6)))
                .isEqualTo("3d 4h 5m 6s");
    }

    @Test
    void negativeClockStepShowsZero() {
        assertThat(Uptime.format(Duration.ofSeconds(-3))).isEqualTo("0s");
    }
}
