package dev.scaleout.app.fleet;

import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Short times for the fleet page: a demo screen has room for "20:08:06" and "3 s ago". */
@TemplateExtension
final class TimeDisplay {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private TimeDisplay() {}

    static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    static String ago(Instant instant, Instant now) {
        return age(instant, now) + " ago";
    }

    static String age(Instant instant, Instant now) {
        long seconds = Math.max(0, Duration.between(instant, now).toSeconds());
        return seconds < 120 ? seconds + " s" : seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }
}
