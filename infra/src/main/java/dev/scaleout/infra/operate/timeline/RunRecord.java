package dev.scaleout.infra.operate.timeline;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Everything a demo run saw, saved as one JSON file so its timeline and chart can be made
 * again, or two runs (EC2 1-minute vs agent 10-second metric) compared later.
 *
 * @param label     what distinguishes the run, e.g. "EC2 1-min" or "agent 10-s"
 * @param events    as recorded, in any order
 * @param cpu       the group's CPU readings (percent) over the run
 * @param instances the group's InService count over the run
 */
public record RunRecord(String label, List<Event> events, List<Reading> cpu, List<Reading> instances) {

    public record Reading(Instant at, double value) {}

    public RunRecord {
        events = List.copyOf(events);
        cpu = List.copyOf(cpu);
        instances = List.copyOf(instances);
    }

    public Timeline timeline() {
        return Timeline.compute(events);
    }

    public void write(Path file) {
        try {
            Files.writeString(file, OperateJson.pretty(this), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ExitException.failure("cannot write " + file + ": " + e.getMessage());
        }
    }

    public static RunRecord read(Path file) {
        try {
            return OperateJson.read(Files.readString(file, StandardCharsets.UTF_8), new TypeReference<RunRecord>() {});
        } catch (IOException | RuntimeException e) {
            throw ExitException.userError(
                    "cannot read the demo run " + file + " (" + e.getMessage() + "): pass a run.json a demo run wrote");
        }
    }
}
