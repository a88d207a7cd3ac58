package dev.scaleout.infra.operate.chart;

import dev.scaleout.infra.operate.chart.ChartData.Sample;
import dev.scaleout.support.ExitException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's chart, drawn by XChart: CPU % (left axis) and instance count (right axis, as
 * steps) over seconds since the stress start, the milestones as dashed lines with their
 * labels; PNG or SVG by the file's extension. Series are drawn without antialiasing so their
 * colours are exact (and checkable). A stretch without readings is a gap, not a line.
 */
public final class Chart {

    static final int WIDTH = 960;
    static final int HEIGHT = 480;
    static final Color CPU = new Color(0x1f, 0x77, 0xb4);
    static final Color INSTANCES = new Color(0xff, 0x7f, 0x0e);
    static final Color MARKER = new Color(0x99, 0x99, 0x99);
    static final int CPU_AXIS = 0;
    static final int INSTANCES_AXIS = 1;

    static {
        // before any AWT class loads a toolkit: build machines and CI have no display
        System.setProperty("java.awt.headless", "true");
    }

    private Chart() {}

    /** PNG for "*.png", SVG for "*.svg"; anything else is the user's to fix. */
    public static void write(ChartData data, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            writePng(data, file);
        } else if (name.endsWith(".svg")) {
            writeSvg(data, file);
        } else {
            throw ExitException.userError(
                    "chart file " + file + " must end in .png or .svg: pass e.g. --chart timeline.png");
        }
    }

    public static void writePng(ChartData data, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart(data), out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw ExitException.failure("cannot write chart " + file + ": " + e.getMessage());
        }
    }

    public static void writeSvg(ChartData data, Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            VectorGraphicsEncoder.saveVectorGraphic(chart(data), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw ExitException.failure("cannot write chart " + file + ": " + e.getMessage());
        }
    }

    /** The chart for {@code data}; x is seconds since {@link #axisZero}. */
    static XYChart chart(ChartData data) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(data.title())
                .xAxisTitle("seconds since the stress start")
                .yAxisTitle("CPU %")
                .build();
        chart.getStyler().setAntiAlias(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisGroupPosition(INSTANCES_AXIS, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(CPU_AXIS, 0.0).setYAxisMax(CPU_AXIS, 100.0);
        chart.getStyler().setYAxisMin(INSTANCES_AXIS, 0.0).setYAxisMax(INSTANCES_AXIS, (double) maxInstances(data));
        chart.getStyler().setYAxisGroupTitleColor(CPU_AXIS, CPU).setYAxisGroupTitleColor(INSTANCES_AXIS, INSTANCES);
        chart.setYAxisGroupTitle(INSTANCES_AXIS, "instances");
        chart.getStyler().setxAxisTickLabelsFormattingFunction(s -> (s >= 0 ? "+" : "") + Math.round(s) + "s");
        chart.getStyler().setAnnotationLineColor(MARKER);
        chart.getStyler()
                .setAnnotationLineStroke(
                        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
        Instant zero = axisZero(data);
        chart.getStyler().setXAxisMin(seconds(zero, from(data))).setXAxisMax(seconds(zero, to(data)));

        int run = 0;
        for (List<Sample> samples : runs(data.instances())) {
            XYSeries s = series(chart, "instances", run++, zero, samples, INSTANCES, INSTANCES_AXIS);
            s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
            s.setMarker(SeriesMarkers.NONE);
        }
        run = 0;
        for (List<Sample> samples : runs(data.cpu())) {
            XYSeries s = series(chart, "CPU %", run++, zero, samples, CPU, CPU_AXIS);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(CPU);
        }
        List<String> labels = markerLabels(data);
        for (int i = 0; i < labels.size(); i++) {
            double x = seconds(zero, data.markers().get(i).at());
            chart.addAnnotation(new AnnotationLine(x, true, false));
            // labels near the top, on rows in turn, so close milestones stay readable
            chart.addAnnotation(new AnnotationText(labels.get(i), x, 97 - 7 * (i % 4), false));
        }
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        return chart;
    }

    /** Each milestone's label: its name and seconds since the start, e.g. "healthy in the target group +200s". */
    static List<String> markerLabels(ChartData data) {
        Instant zero = axisZero(data);
        return data.markers().stream()
                .map(m -> m.label() + " " + secondsLabel(zero, m.at()))
                .toList();
    }

    private static XYSeries series(
            XYChart chart, String name, int run, Instant zero, List<Sample> samples, Color colour, int axis) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Sample s : samples) {
            x.add(seconds(zero, s.at()));
            y.add(axis == CPU_AXIS ? Math.max(0, Math.min(100, s.value())) : s.value());
        }
        XYSeries series = chart.addSeries(run == 0 ? name : name + " " + (run + 1), x, y);
        series.setYAxisGroup(axis);
        series.setLineColor(colour);
        series.setLineWidth(2);
        series.setShowInLegend(run == 0);
        return series;
    }

    /** Seconds are counted from the origin (the stress start), else from the first reading. */
    static Instant axisZero(ChartData data) {
        return data.origin() != null ? data.origin() : data.first();
    }

    static double seconds(Instant zero, Instant at) {
        return Duration.between(zero, at).toMillis() / 1000.0;
    }

    private static Instant from(ChartData data) {
        return data.origin() != null && data.origin().isBefore(data.first()) ? data.origin() : data.first();
    }

    /** A single reading still gets a minute of axis, so it is not drawn at a zero-width scale. */
    private static Instant to(ChartData data) {
        return data.last().isAfter(from(data)) ? data.last() : from(data).plusSeconds(60);
    }

    /** The right axis reaches one above the largest count, at least 2. */
    static int maxInstances(ChartData data) {
        return (int) Math.max(
                        1,
                        data.instances().stream()
                                .mapToDouble(Sample::value)
                                .max()
                                .orElse(1))
                + 1;
    }

    static String secondsLabel(Instant zero, Instant at) {
        long s = Duration.between(zero, at).toSeconds();
        return (s >= 0 ? "+" : "") + s + "s";
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
            long gap = Duration.between(samples.get(i - 1).at(), samples.get(i).at())
                    .toMillis();
            if (gap > 0) {
                smallest = Math.min(smallest, gap);
            }
        }
        List<Sample> run = new ArrayList<>();
        run.add(samples.get(0));
        for (int i = 1; i < samples.size(); i++) {
            long gap = Duration.between(samples.get(i - 1).at(), samples.get(i).at())
                    .toMillis();
            if (smallest != Long.MAX_VALUE && gap > 3 * smallest) {
                runs.add(run);
                run = new ArrayList<>();
            }
            run.add(samples.get(i));
        }
        runs.add(run);
        return runs;
    }
}
