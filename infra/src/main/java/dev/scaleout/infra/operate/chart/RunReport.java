package dev.scaleout.infra.operate.chart;

import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.timeline.RunRecord;
import dev.scaleout.infra.operate.timeline.Timeline;
import dev.scaleout.infra.operate.timeline.TimelineText;
import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a demo run leaves behind, in one folder: the run itself (run.json), its timeline as
 * JSON and as text, and the chart (PNG). The demo driver calls {@link #write} at the end;
 * {@link #compare} prints two or more runs side by side.
 */
public final class RunReport {

    public static final String RUN = "run.json";
    public static final String TIMELINE_JSON = "timeline.json";
    public static final String TIMELINE_TEXT = "timeline.txt";
    public static final String CHART = "timeline.png";

    private RunReport() {}

    public static Timeline write(RunRecord run, Path dir) {
        try {
            Files.createDirectories(dir);
            Timeline timeline = run.timeline();
            run.write(dir.resolve(RUN));
            Files.writeString(dir.resolve(TIMELINE_JSON), OperateJson.pretty(timeline), StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve(TIMELINE_TEXT),
                    String.join("\n", TimelineText.render(timeline)) + "\n",
                    StandardCharsets.UTF_8);
            Chart.write(chartData(run, timeline), dir.resolve(CHART));
            return timeline;
        } catch (IOException e) {
            throw ExitException.failure("cannot write the demo report to " + dir + ": " + e.getMessage());
        }
    }

    public static List<String> compare(List<RunRecord> runs) {
        Map<String, Timeline> byLabel = new LinkedHashMap<>();
        runs.forEach(r -> byLabel.put(r.label(), r.timeline()));
        return TimelineText.compare(byLabel);
    }

    static ChartData chartData(RunRecord run, Timeline timeline) {
        return ChartData.of(
                run.label() + ": scale-out",
                timeline,
                run.cpu().stream()
                        .map(r -> new ChartData.Sample(r.at(), r.value()))
                        .toList(),
                run.instances().stream()
                        .map(r -> new ChartData.Sample(r.at(), r.value()))
                        .toList());
    }
}
