package dev.scaleout.infra.operate.status;

import dev.scaleout.infra.operate.status.FleetStatus.ActivityStatus;
import dev.scaleout.infra.operate.status.FleetStatus.AlarmStatus;
import dev.scaleout.infra.operate.status.FleetStatus.CpuPoint;
import dev.scaleout.infra.operate.status.FleetStatus.InstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders a {@link FleetStatus} as the lines of one screen; no terminal control here. */
public final class StatusScreen {

    static final String MISSING = "-";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private StatusScreen() {}

    public static List<String> render(FleetStatus s) {
        List<String> lines = new ArrayList<>();
        lines.add(s.group() + "  " + (s.url() == null ? "(no load balancer found)" : s.url()) + "  at "
                + DATE_TIME.format(s.readAt()));
        lines.add("capacity  min " + s.min() + "  desired " + s.desired() + "  max " + s.max() + "   instances "
                + s.instances().size() + stateCounts(s.instances()));
        lines.add("");
        lines.addAll(instanceTable(s.instances(), s.readAt()));
        lines.add("");
        lines.add(cpuLine(s.cpu()));
        lines.add("");
        lines.add("alarms");
        if (s.alarms().isEmpty()) {
            lines.add("  none found");
        }
        for (AlarmStatus a : s.alarms()) {
            lines.add("  " + pad(a.state(), 17) + " " + a.name()
                    + (a.since() == null ? "" : "  since " + TIME.format(a.since())));
        }
        lines.add("");
        lines.add("scaling activities (latest first)");
        if (s.activities().isEmpty()) {
            lines.add("  none");
        }
        for (ActivityStatus a : s.activities()) {
            lines.add("  " + (a.startTime() == null ? "--:--:--" : TIME.format(a.startTime())) + "  "
                    + pad(a.statusCode(), 11) + " " + nullToMissing(a.description()));
            if (a.cause() != null && !a.cause().isBlank()) {
                lines.add("            cause: " + a.cause());
            }
        }
        return lines;
    }

    /** " (InService 2, Pending 1)" in the order AWS's lifecycle goes. */
    private static String stateCounts(List<InstanceStatus> instances) {
        if (instances.isEmpty()) {
            return "";
        }
        Map<String, Long> counts = instances.stream()
                .collect(Collectors.groupingBy(
                        i -> nullToMissing(i.lifecycleState()), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }

    static List<String> instanceTable(List<InstanceStatus> instances, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "AZ", "STATE", "HEALTH", "TARGET GROUPS", "AMI", "LT", "AGE"});
        for (InstanceStatus i : instances) {
            rows.add(new String[] {
                i.id(),
                nullToMissing(i.availabilityZone()),
                nullToMissing(i.lifecycleState()),
                nullToMissing(i.healthStatus()),
                i.targetHealth().isEmpty()
                        ? MISSING
                        : i.targetHealth().entrySet().stream()
                                .map(e -> e.getKey() + ":" + e.getValue())
                                .collect(Collectors.joining(" ")),
                nullToMissing(i.amiId()),
                nullToMissing(i.launchTemplateVersion()),
                i.launchTime() == null ? MISSING : age(Duration.between(i.launchTime(), now))
            });
        }
        if (instances.isEmpty()) {
            return List.of(table(rows).get(0), "(no instances)");
        }
        return table(rows);
    }

    /** Left-aligned columns, each as wide as its widest cell, two spaces apart; no trailing blanks. */
    static List<String> table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : pad(row[c], widths[c]) + "  ");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    static String cpuLine(List<CpuPoint> cpu) {
        String spark = Sparkline.ofPercent(cpu.stream().map(CpuPoint::percent).toList());
        String latest = "no data yet";
        for (int i = cpu.size() - 1; i >= 0; i--) {
            if (cpu.get(i).percent() != null) {
                latest = String.format(
                        "latest %.1f%% (%s)",
                        cpu.get(i).percent(), TIME.format(cpu.get(i).at()));
                break;
            }
        }
        return "CPU avg, last " + cpu.size() + " min  |" + spark + "|  " + latest;
    }

    /** "42s", "5m03s", "2h05m", "3d04h": the two largest units are enough to tell instances apart. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86400) {
            return (s / 3600) + "h" + String.format("%02d", s % 3600 / 60) + "m";
        }
        return (s / 86400) + "d" + String.format("%02d", s % 86400 / 3600) + "h";
    }

    private static String pad(String s, int width) {
        String value = nullToMissing(s);
        return value.length() >= width ? value : value + " ".repeat(width - value.length());
    }

    private static String nullToMissing(String s) {
        return s == null || s.isBlank() ? MISSING : s;
    }
}
