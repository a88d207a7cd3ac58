package dev.scaleout.infra.operate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.RunRecord;
import dev.scaleout.infra.operate.timeline.RunRecord.Reading;
import dev.scaleout.infra.operate.timeline.Timeline;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    @TempDir
    Path dir;

    static RunRecord run(String label, long alarmAfter, long healthyAfter) {
        return new RunRecord(
                label,
                List.of(
                        Event.stressStarted(T0),
                        Event.alarm(T0.plusSeconds(alarmAfter), "TargetTracking-my-asg-ec2-AlarmHigh-1", "ALARM"),
                        Event.lifecycle(T0.plusSeconds(alarmAfter + 2), "i-0new", "Pending"),
                        Event.targetHealth(T0.plusSeconds(healthyAfter), "i-0new", "healthy", "my-asg-ec2-tg")),
                List.of(new Reading(T0, 5), new Reading(T0.plusSeconds(60), 90), new Reading(T0.plusSeconds(120), 95)),
                List.of(new Reading(T0, 1), new Reading(T0.plusSeconds(healthyAfter), 2)));
    }

    @Test
    void aRunLeavesItsRecordTimelineAndChartThatReadBack() throws Exception {
        RunRecord run = run("EC2 1-min", 160, 210);

        Timeline timeline = RunReport.write(run, dir.resolve("run-1"));

        Path out = dir.resolve("run-1");
        assertThat(RunRecord.read(out.resolve(RunReport.RUN))).isEqualTo(run);
        JsonNode json = OperateJson.mapper().readTree(Files.readString(out.resolve(RunReport.TIMELINE_JSON)));
        assertThat(json.get("newInstanceId").asText()).isEqualTo("i-0new");
        assertThat(json.get("launchToHealthy").asDouble()).isEqualTo(48.0);
        assertThat(Files.readString(out.resolve(RunReport.TIMELINE_TEXT))).contains("launch to healthy: +48.0 s");
        BufferedImage chart = ImageIO.read(out.resolve(RunReport.CHART).toFile());
        assertThat(chart.getWidth()).isEqualTo(Chart.WIDTH);
        assertThat(timeline.milestone(Timeline.HEALTHY)
                        .orElseThrow()
                        .sinceStart()
                        .toSeconds())
                .isEqualTo(210);
    }

    @Test
    void twoSavedRunsCompareSideBySide() {
        RunReport.write(run("EC2 1-min", 160, 210), dir.resolve("standard"));
        RunReport.write(run("agent 10-s", 40, 85), dir.resolve("fast"));

        List<String> table = RunReport.compare(List.of(
                RunRecord.read(dir.resolve("standard").resolve(RunReport.RUN)),
                RunRecord.read(dir.resolve("fast").resolve(RunReport.RUN))));

        assertThat(table.get(0)).contains("EC2 1-min").contains("agent 10-s");
        assertThat(table)
                .anySatisfy(l -> assertThat(l)
                        .contains("healthy in the target group")
                        .contains("+210.0 s")
                        .contains("+85.0 s"));
    }
}
