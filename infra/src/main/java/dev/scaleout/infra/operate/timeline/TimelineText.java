package dev.scaleout.infra.operate.timeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The timeline as a plain-text table, alone or several runs side by side (standard vs fast mode). */
public final class TimelineText {

    static final String NOT_SEEN = "not seen";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private TimelineText() {}

    public static List<String> render(Timeline t) {
        List<String> lines = new ArrayList<>();
        lines.add("scale-out timeline: stress started "
                + (t.stressStartedAt() == null ? "(not recorded)" : DATE_TIME.format(t.stressStartedAt()))
                + ", new instance " + (t.newInstanceId() == null ? NOT_SEEN : t.newInstanceId()));
        int width =
                t.milestones().stream().mapToInt(m -> m.name().length()).max().orElse(0);
        lines.add("  " + pad("MILESTONE", width) + "  " + pad("AT (UTC)", 12) + "  " + alignRight("SINCE START", 11)
                + "  DETAIL");
        for (Milestone m : t.milestones()) {
            String at = m.seen() ? TIME.format(m.at()) : NOT_SEEN;
            String since = m.sinceStart() == null ? "" : seconds(m.sinceStart());
            lines.add(("  " + pad(m.name(), width) + "  " + pad(at, 12) + "  " + alignRight(since, 11) + "  "
                            + (m.detail() == null ? "" : m.detail()))
                    .stripTrailing());
        }
        lines.add("launch to healthy: " + (t.launchToHealthy() == null ? NOT_SEEN : seconds(t.launchToHealthy())));
        t.notes().forEach(n -> lines.add("note: " + n));
        return lines;
    }

    /** Seconds since the stress start per milestone, one column per run ("EC2 1-min", "agent 10-s"). */
    public static List<String> compare(Map<String, Timeline> runs) {
        Map<String, Timeline> ordered = new LinkedHashMap<>(runs);
        List<String> lines = new ArrayList<>();
        List<String> names = ordered.values().stream()
                .findFirst()
                .map(t -> t.milestones().stream().map(Milestone::name).toList())
                .orElse(List.of());
        int width = Math.max(
                "launch to healthy".length(),
                names.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder header = new StringBuilder("  " + pad("MILESTONE", width));
        ordered.keySet().forEach(label -> header.append("  ").append(alignRight(label, Math.max(label.length(), 11))));
        lines.add(header.toString());
        for (String name : names) {
            StringBuilder row = new StringBuilder("  " + pad(name, width));
            ordered.forEach((label, t) -> row.append("  ")
                    .append(alignRight(
                            t.milestone(name)
                                    .map(m -> m.sinceStart() == null
                                            ? (m.seen() ? "?" : NOT_SEEN)
                                            : seconds(m.sinceStart()))
                                    .orElse(NOT_SEEN),
                            Math.max(label.length(), 11))));
            lines.add(row.toString());
        }
        StringBuilder launch = new StringBuilder("  " + pad("launch to healthy", width));
        ordered.forEach((label, t) -> launch.append("  ")
                .append(alignRight(
                        t.launchToHealthy() == null ? NOT_SEEN : seconds(t.launchToHealthy()),
                        Math.max(label.length(), 11))));
        lines.add(launch.toString());
        return lines;
    }

    /** "+95.3 s": one decimal, what a person compares across runs. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%s%.1f s", d.isNegative() ? "-" : "+", Math.abs(d.toMillis()) / 1000.0);
    }

    static String time(Instant at) {
        return TIME.format(at);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Right-aligned, so the decimal points line up. */
    private static String alignRight(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
