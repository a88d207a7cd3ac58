package dev.scaleout.infra.operate.chart;

import dev.scaleout.infra.operate.chart.ChartData.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things go, shared by the PNG and the SVG writers so both draw the same chart: the
 * plot rectangle, time → x, CPU % (0–100, left axis) and instance count (0–max+1, right
 * axis) → y, and the runs of samples to join with lines.
 */
final class ChartLayout {

    static final int WIDTH = 960;
    static final int HEIGHT = 480;
    static final int LEFT = 70;
    static final int RIGHT = 70;
    static final int TOP = 50;
    static final int BOTTOM = 110;

    final ChartData data;
    final Instant from;
    final Instant to;
    final int maxInstances;

    ChartLayout(ChartData data) {
        this.data = data;
        this.from = data.origin() != null && data.origin().isBefore(data.first()) ? data.origin() : data.first();
        Instant last = data.last();
        // a single reading still gets a minute of axis, so it is not drawn at a zero-width scale
        this.to = last.isAfter(from) ? last : from.plusSeconds(60);
        this.maxInstances = (int) Math.max(1, data.instances().stream().mapToDouble(Sample::value).max().orElse(1)) + 1;
    }

    int plotLeft() {
        return LEFT;
    }

    int plotRight() {
        return WIDTH - RIGHT;
    }

    int plotTop() {
        return TOP;
    }

    int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    double x(Instant at) {
        double span = Duration.between(from, to).toMillis();
        return plotLeft() + (plotRight() - plotLeft()) * Duration.between(from, at).toMillis() / span;
    }

    double yCpu(double percent) {
        double clamped = Math.max(0, Math.min(100, percent));
        return plotBottom() - (plotBottom() - plotTop()) * clamped / 100.0;
    }

    double yInstances(double count) {
        return plotBottom() - (plotBottom() - plotTop()) * Math.max(0, count) / maxInstances;
    }

    /** Seconds from the origin (or the first reading) at x, for tick labels. */
    Instant axisZero() {
        return data.origin() != null ? data.origin() : from;
    }

    /** Tick every 30 s, 60 s, 120 s... whichever gives at most 12 ticks. */
    List<Instant> timeTicks() {
        long span = Duration.between(from, to).toSeconds();
        long step = 30;
        while (span / step > 12) {
            step *= 2;
        }
        Instant zero = axisZero();
        long firstTick = Math.floorDiv(Duration.between(zero, from).toSeconds(), step) * step;
        List<Instant> ticks = new ArrayList<>();
        for (long s = firstTick; !zero.plusSeconds(s).isAfter(to); s += step) {
            if (!zero.plusSeconds(s).isBefore(from)) {
                ticks.add(zero.plusSeconds(s));
            }
        }
        return ticks;
    }

    /**
     * Consecutive samples joined by a line, split where readings are missing: a gap longer
     * than three times the smallest spacing between readings.
     */
    static List<List<Sample>> runs(List<Sample> samples) {
        List<List<Sample>> runs = new ArrayList<>();
        if (samples.isEmpty()) {
            return runs;
        }
        long smallest = Long.MAX_VALUE;
        for (int i = 1; i < samples.size(); i++) {
            long gap = Duration.between(samples.get(i - 1).at(), samples.get(i).at()).toMillis();
            if (gap > 0) {
                smallest = Math.min(smallest, gap);
            }
        }
        List<Sample> run = new ArrayList<>();
        run.add(samples.get(0));
        for (int i = 1; i < samples.size(); i++) {
            long gap = Duration.between(samples.get(i - 1).at(), samples.get(i).at()).toMillis();
            if (smallest != Long.MAX_VALUE && gap > 3 * smallest) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(samples.get(i));
        }
        runs.add(run);
        return runs;
    }

    static String secondsLabel(Instant zero, Instant at) {
        long s = Duration.between(zero, at).toSeconds();
        return (s >= 0 ? "+" : "") + s + "s";
    }
}
