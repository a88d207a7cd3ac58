package dev.scaleout.infra.operate.chart;

import dev.scaleout.infra.operate.chart.ChartData.Marker;
import dev.scaleout.infra.operate.chart.ChartData.Sample;
import dev.scaleout.support.ExitException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes the demo's chart, CPU % and instance count over time with the milestones marked,
 * as PNG (java.awt, headless: no display needed) or SVG, chosen by the file's extension.
 * Series are drawn without antialiasing so their colours are exact (and checkable).
 */
public final class Chart {

    static final Color CPU = new Color(0x1f, 0x77, 0xb4);
    static final Color INSTANCES = new Color(0xff, 0x7f, 0x0e);
    static final Color MARKER = new Color(0x99, 0x99, 0x99);
    private static final Color AXIS = new Color(0x33, 0x33, 0x33);
    private static final Color GRID = new Color(0xe6, 0xe6, 0xe6);

    static {
        // before any AWT class loads a toolkit: build machines and CI have no display
        System.setProperty("java.awt.headless", "true");
    }

    private Chart() {
    }

    /** PNG for "*.png", SVG for "*.svg"; anything else is the user's to fix. */
    public static void write(ChartData data, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            writePng(data, file);
        } else if (name.endsWith(".svg")) {
            writeSvg(data, file);
        } else {
            throw ExitException.userError("chart file " + file + " must end in .png or .svg: pass e.g. --chart timeline.png");
        }
    }

    public static void writePng(ChartData data, Path file) {
        try {
            if (!ImageIO.write(png(data), "png", file.toFile())) {
                throw ExitException.failure("no PNG writer in this Java runtime: write the chart as .svg instead");
            }
        } catch (IOException e) {
            throw ExitException.failure("cannot write chart " + file + ": " + e.getMessage());
        }
    }

    public static void writeSvg(ChartData data, Path file) {
        try {
            Files.writeString(file, svg(data), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ExitException.failure("cannot write chart " + file + ": " + e.getMessage());
        }
    }

    static BufferedImage png(ChartData data) {
        ChartLayout l = new ChartLayout(data);
        BufferedImage image = new BufferedImage(ChartLayout.WIDTH, ChartLayout.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, ChartLayout.WIDTH, ChartLayout.HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));

            for (int percent = 0; percent <= 100; percent += 25) {
                int y = (int) Math.round(l.yCpu(percent));
                g.setColor(GRID);
                g.drawLine(l.plotLeft(), y, l.plotRight(), y);
                g.setColor(CPU);
                g.drawString(percent + "%", l.plotLeft() - 40, y + 4);
            }
            g.setColor(INSTANCES);
            for (int count = 0; count <= l.maxInstances; count++) {
                g.drawString(String.valueOf(count), l.plotRight() + 10, (int) Math.round(l.yInstances(count)) + 4);
            }
            g.setColor(AXIS);
            g.drawRect(l.plotLeft(), l.plotTop(), l.plotRight() - l.plotLeft(), l.plotBottom() - l.plotTop());
            for (Instant tick : l.timeTicks()) {
                int x = (int) Math.round(l.x(tick));
                g.drawLine(x, l.plotBottom(), x, l.plotBottom() + 4);
                g.drawString(ChartLayout.secondsLabel(l.axisZero(), tick), x - 12, l.plotBottom() + 16);
            }
            g.drawString("seconds since the stress start", (l.plotLeft() + l.plotRight()) / 2 - 80, l.plotBottom() + 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(data.title(), l.plotLeft(), 25);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(CPU);
            g.drawString("CPU % (left)", l.plotRight() - 190, 25);
            g.setColor(INSTANCES);
            g.drawString("instances (right)", l.plotRight() - 100, 25);

            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
            int labelRow = 0;
            for (Marker m : data.markers()) {
                int x = (int) Math.round(l.x(m.at()));
                g.setColor(MARKER);
                g.drawLine(x, l.plotTop(), x, l.plotBottom());
                // labels under the axis, on rows in turn, so close milestones stay readable
                g.setColor(AXIS);
                g.drawString(m.label() + " " + ChartLayout.secondsLabel(l.axisZero(), m.at()), x + 3,
                        l.plotBottom() + 50 + 14 * (labelRow++ % 4));
            }

            g.setStroke(new BasicStroke(2));
            g.setColor(INSTANCES);
            for (List<Sample> run : ChartLayout.runs(data.instances())) {
                g.draw(path(stepPoints(l, run)));
            }
            g.setColor(CPU);
            for (List<Sample> run : ChartLayout.runs(data.cpu())) {
                g.draw(path(linePoints(l, run)));
                for (double[] p : linePoints(l, run)) {
                    g.fillRect((int) Math.round(p[0]) - 2, (int) Math.round(p[1]) - 2, 5, 5);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    static String svg(ChartData data) {
        ChartLayout l = new ChartLayout(data);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(ChartLayout.WIDTH).append("\" height=\"")
                .append(ChartLayout.HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(l.plotLeft(), 25, data.title(), "title", "font-size=\"14\" font-weight=\"bold\""));
        for (int percent = 0; percent <= 100; percent += 25) {
            double y = l.yCpu(percent);
            s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                    l.plotLeft(), y, l.plotRight(), y, hex(GRID)));
            s.append(text(l.plotLeft() - 40, y + 4, percent + "%", "cpu-axis", "fill=\"" + hex(CPU) + "\""));
        }
        for (int count = 0; count <= l.maxInstances; count++) {
            s.append(text(l.plotRight() + 10, l.yInstances(count) + 4, String.valueOf(count), "instances-axis",
                    "fill=\"" + hex(INSTANCES) + "\""));
        }
        s.append(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>\n",
                l.plotLeft(), l.plotTop(), l.plotRight() - l.plotLeft(), l.plotBottom() - l.plotTop(), hex(AXIS)));
        for (Instant tick : l.timeTicks()) {
            s.append(text(l.x(tick) - 12, l.plotBottom() + 16, ChartLayout.secondsLabel(l.axisZero(), tick), "tick", ""));
        }
        s.append(text((l.plotLeft() + l.plotRight()) / 2.0 - 80, l.plotBottom() + 32, "seconds since the stress start", "axis-title", ""));
        int labelRow = 0;
        for (Marker m : data.markers()) {
            double x = l.x(m.at());
            s.append(String.format(Locale.ROOT,
                    "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 4\"/>\n",
                    x, l.plotTop(), x, l.plotBottom(), hex(MARKER)));
            s.append(text(x + 3, l.plotBottom() + 50 + 14 * (labelRow++ % 4),
                    m.label() + " " + ChartLayout.secondsLabel(l.axisZero(), m.at()), "marker-label", ""));
        }
        for (List<Sample> run : ChartLayout.runs(data.instances())) {
            s.append(polyline("instances", stepPoints(l, run), INSTANCES));
        }
        for (List<Sample> run : ChartLayout.runs(data.cpu())) {
            s.append(polyline("cpu", linePoints(l, run), CPU));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static List<double[]> linePoints(ChartLayout l, List<Sample> run) {
        List<double[]> points = new ArrayList<>();
        run.forEach(p -> points.add(new double[] {l.x(p.at()), l.yCpu(p.value())}));
        return points;
    }

    /** A count holds until the next reading: horizontal, then vertical at the change. */
    private static List<double[]> stepPoints(ChartLayout l, List<Sample> run) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            Sample p = run.get(i);
            if (i > 0) {
                points.add(new double[] {l.x(p.at()), l.yInstances(run.get(i - 1).value())});
            }
            points.add(new double[] {l.x(p.at()), l.yInstances(p.value())});
        }
        return points;
    }

    private static Path2D path(List<double[]> points) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < points.size(); i++) {
            if (i == 0) {
                path.moveTo(points.get(i)[0], points.get(i)[1]);
            } else {
                path.lineTo(points.get(i)[0], points.get(i)[1]);
            }
        }
        return path;
    }

    private static String polyline(String cssClass, List<double[]> points, Color color) {
        StringBuilder p = new StringBuilder();
        for (double[] point : points) {
            p.append(p.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", point[0], point[1]));
        }
        return "<polyline class=\"" + cssClass + "\" points=\"" + p + "\" fill=\"none\" stroke=\"" + hex(color)
                + "\" stroke-width=\"2\"/>\n";
    }

    private static String text(double x, double y, String content, String cssClass, String attributes) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\"%s>%s</text>\n", cssClass, x, y,
                attributes.isEmpty() ? "" : " " + attributes, escape(content));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
