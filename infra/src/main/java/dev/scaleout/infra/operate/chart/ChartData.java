package dev.scaleout.infra.operate.chart;

import dev.scaleout.infra.operate.timeline.Milestone;
import dev.scaleout.infra.operate.timeline.Timeline;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What the demo chart shows: CPU % and instance count over time, and the timeline's
 * milestones as markers. Samples are only real readings: a stretch without readings is
 * drawn as a gap, not interpolated.
 *
 * @param origin the time axis counts seconds from here (the stress start); null: the first sample
 */
public record ChartData(String title, Instant origin, List<Sample> cpu, List<Sample> instances, List<Marker> markers) {

    public record Sample(Instant at, double value) {}

    public record Marker(Instant at, String label) {}

    public ChartData {
        cpu = cpu.stream().sorted(Comparator.comparing(Sample::at)).toList();
        instances = instances.stream().sorted(Comparator.comparing(Sample::at)).toList();
        markers = markers.stream().sorted(Comparator.comparing(Marker::at)).toList();
    }

    /** The timeline's seen milestones (after the start itself) become the markers; its start, the origin. */
    public static ChartData of(String title, Timeline timeline, List<Sample> cpu, List<Sample> instances) {
        List<Marker> markers = timeline.milestones().stream()
                .filter(Milestone::seen)
                .filter(m -> !m.name().equals(Timeline.STRESS_STARTED))
                .map(m -> new Marker(m.at(), m.name()))
                .toList();
        return new ChartData(title, timeline.stressStartedAt(), cpu, instances, markers);
    }

    Instant first() {
        return all().min(Comparator.naturalOrder()).orElse(origin == null ? Instant.EPOCH : origin);
    }

    Instant last() {
        return all().max(Comparator.naturalOrder()).orElse(first());
    }

    private java.util.stream.Stream<Instant> all() {
        return java.util.stream.Stream.of(
                        cpu.stream().map(Sample::at),
                        instances.stream().map(Sample::at),
                        markers.stream().map(Marker::at),
                        origin == null ? java.util.stream.Stream.<Instant>empty() : java.util.stream.Stream.of(origin))
                .flatMap(s -> s);
    }
}
