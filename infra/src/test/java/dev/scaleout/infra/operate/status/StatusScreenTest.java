package dev.scaleout.infra.operate.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.operate.status.FleetStatus.ActivityStatus;
import dev.scaleout.infra.operate.status.FleetStatus.CpuPoint;
import dev.scaleout.infra.operate.status.FleetStatus.InstanceStatus;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusScreenTest {

    static final Instant NOW = Instant.parse("2026-11-26T01:10:30Z");

    @Test
    void theSparklineUsesAFixedZeroToHundredScale() {
        assertThat(Sparkline.ofPercent(Arrays.asList(0.0, 12.4, 12.5, 50.0, 87.5, 99.9, 100.0)))
                .isEqualTo("▁▁▂▅███");
        // low load stays low: the scale is not fitted to the data
        assertThat(Sparkline.ofPercent(Arrays.asList(2.0, 3.0, 4.0))).isEqualTo("▁▁▁");
    }

    @Test
    void valuesOutsideZeroToHundredAreClamped() {
        assertThat(Sparkline.ofPercent(Arrays.asList(-5.0, 140.0))).isEqualTo("▁█");
    }

    @Test
    void missingMinutesAreBlanksNotZeros() {
        assertThat(Sparkline.ofPercent(Arrays.asList(null, 0.0, null, 100.0, Double.NaN)))
                .isEqualTo(" ▁ █ ");
    }

    @Test
    void theCpuLineShowsTheNewestMinuteWithData() {
        List<CpuPoint> cpu = List.of(
                new CpuPoint(NOW.minusSeconds(150), 40.0),
                new CpuPoint(NOW.minusSeconds(90), 73.25),
                new CpuPoint(NOW.minusSeconds(30), null));

        assertThat(StatusScreen.cpuLine(cpu)).isEqualTo("CPU avg, last 3 min  |▄▆ |  latest 73.3% (01:09:00)");
    }

    @Test
    void aWindowWithoutDataSaysSoInsteadOfShowingZero() {
        List<CpuPoint> cpu =
                List.of(new CpuPoint(NOW.minusSeconds(90), null), new CpuPoint(NOW.minusSeconds(30), null));

        assertThat(StatusScreen.cpuLine(cpu)).isEqualTo("CPU avg, last 2 min  |  |  no data yet");
    }

    @Test
    void instanceColumnsLineUpWhateverTheirWidths() {
        List<InstanceStatus> instances = List.of(
                new InstanceStatus(
                        "i-0123456789abcdef0",
                        "eu-west-1a",
                        "InService",
                        "Healthy",
                        Map.of("my-asg-ec2-tg", "healthy", "my-asg-ec2-tg-8080", "healthy"),
                        "ami-0aaaaaaaaaaaaaaaa",
                        NOW.minus(Duration.ofMinutes(42)).minusSeconds(7),
                        "3"),
                new InstanceStatus(
                        "i-1", "eu-west-1c", "Pending", "Healthy", Map.of(), null, NOW.minusSeconds(9), null));

        List<String> table = StatusScreen.instanceTable(instances, NOW);

        assertThat(table).hasSize(3);
        String header = table.get(0);
        for (String column : List.of("AZ", "STATE", "HEALTH", "TARGET GROUPS", "AMI", "LT", "AGE")) {
            int at = header.indexOf("  " + column) + 2;
            // every row has a value starting exactly under its column's title, after a blank
            for (String row : table.subList(1, 3)) {
                assertThat(row.charAt(at - 1))
                        .as("blank before %s in %s", column, row)
                        .isEqualTo(' ');
                assertThat(row.charAt(at)).as("%s in %s", column, row).isNotEqualTo(' ');
            }
        }
        assertThat(table.get(1))
                .contains("my-asg-ec2-tg:healthy my-asg-ec2-tg-8080:healthy")
                .endsWith("42m07s");
        // unknown values are a dash, never an empty gap that shifts the columns
        assertThat(table.get(2)).contains("Pending").contains("  -  ").endsWith("9s");
        assertThat(table).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    }

    @Test
    void agesUseTheirTwoLargestUnits() {
        assertThat(StatusScreen.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(StatusScreen.age(Duration.ofSeconds(303))).isEqualTo("5m03s");
        assertThat(StatusScreen.age(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(StatusScreen.age(Duration.ofHours(76))).isEqualTo("3d04h");
    }

    @Test
    void theScreenHasTheUrlCapacityAndActivitiesWithCauses() {
        FleetStatus status = new FleetStatus(
                NOW,
                "my-asg-ec2",
                "http://my-asg-alb-1.eu-west-1.elb.amazonaws.com",
                "x",
                1,
                2,
                3,
                List.of(),
                List.of(new CpuPoint(NOW, null)),
                List.of(),
                List.of(
                        new ActivityStatus(
                                NOW.minusSeconds(60),
                                null,
                                "InProgress",
                                "Launching a new EC2 instance: i-0abc",
                                "At 2026-11-26T01:09:25Z a monitor alarm TargetTracking-my-asg-ec2-AlarmHigh-1 in state ALARM triggered policy my-asg-cpu changing the desired capacity from 1 to 2.")));

        List<String> screen = StatusScreen.render(status);

        assertThat(screen.get(0))
                .isEqualTo("my-asg-ec2  http://my-asg-alb-1.eu-west-1.elb.amazonaws.com  at 2026-11-26 01:10:30 UTC");
        assertThat(screen.get(1)).isEqualTo("capacity  min 1  desired 2  max 3   instances 0");
        assertThat(screen)
                .contains(
                        "(no instances)",
                        "  none found",
                        "  01:09:30  InProgress  Launching a new EC2 instance: i-0abc");
        assertThat(screen)
                .anySatisfy(
                        l -> assertThat(l).startsWith("            cause: At 2026-11-26T01:09:25Z a monitor alarm"));
    }

    @Test
    void onATerminalFramesOverwriteInPlaceAndClearOnlyWhatIsLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScreenWriter screen =
                new ScreenWriter(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), true);

        screen.show(List.of("first frame, a long line", "two"));
        bytes.reset();
        screen.show(List.of("second"));

        String frame = bytes.toString(StandardCharsets.UTF_8);
        assertThat(frame).isEqualTo("\033[Hsecond\033[K\n\033[J");
        assertThat(frame).doesNotContain("\033[2J"); // clearing the whole screen is what flickers
    }

    @Test
    void theFirstTerminalFrameClearsTheScreenOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ScreenWriter(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), true)
                .show(List.of("a"));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\033[2J\033[Ha\033[K\n\033[J");
    }

    @Test
    void offATerminalFramesAreAppendedWithASeparator() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScreenWriter screen =
                new ScreenWriter(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), false);

        screen.show(new ArrayList<>(List.of("a", "b")));
        screen.show(List.of("c"));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\n----\nc\n");
    }
}
