package dev.scaleout.app.ec2meta;

import java.time.Duration;

/** Uptime as people read it: "3d 4h 5m 6s", leading zero units left out. */
final class Uptime {

    private Uptime() {}

    static String format(Duration uptime) {
        long seconds = Math.max(0, uptime.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        StringBuilder text = new StringBuilder();
        if (days > 0) {
            text.append(days).append("d ");
        }
        if (days > 0 || hours > 0) {
            text.append(hours).append("h ");
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            text.append(minutes).append("m ");
        }
        return text.append(secs).append('s').toString();
    }
}
