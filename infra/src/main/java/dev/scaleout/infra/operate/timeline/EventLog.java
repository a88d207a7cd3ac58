package dev.scaleout.infra.operate.timeline;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of a demo run, saved as a JSON array so a run's timeline (and chart) can be
 * computed again later, or two runs compared. Thread-safe appends: the demo's pollers run
 * side by side.
 */
public final class EventLog {

    private final List<Event> events = new ArrayList<>();

    public synchronized void add(Event event) {
        events.add(event);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public static String toJson(List<Event> events) {
        return OperateJson.pretty(events);
    }

    public static List<Event> fromJson(String json) {
        return OperateJson.read(json, new TypeReference<List<Event>>() {});
    }

    public static List<Event> read(Path file) {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw ExitException.userError("cannot read recorded events from " + file + " (" + e.getMessage()
                    + "): pass the events.json a demo run wrote");
        }
    }

    public static void write(List<Event> events, Path file) {
        try {
            Files.writeString(file, toJson(events), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ExitException.failure("cannot write " + file + ": " + e.getMessage());
        }
    }
}
