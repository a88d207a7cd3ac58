package dev.scaleout.infra.operate.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.operate.chart.ChartData.Sample;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.Timeline;
import dev.scaleout.support.ExitException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The chart's picture, decoded (PNG) or parsed (SVG), has each reading where XChart's own
 * axes put its value: CPU points at their height, the instance count as steps, a dashed line
 * per milestone, gaps where readings are missing.
 */
class ChartTest {

    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    @TempDir
    Path dir;

    /** CPU every 60 s from -60 s to +300 s, rising to 100 % and falling; 1 → 2 instances at +200 s. */
    static ChartData scaleOut() {
        Timeline timeline = Timeline.compute(List.of(
                Event.stressStarted(T0),
                Event.alarm(T0.plusSeconds(150), "TargetTracking-my-asg-ec2-AlarmHigh-1", "ALARM"),
                Event.lifecycle(T0.plusSeconds(160), "i-0new", "Pending"),
                Event.targetHealth(T0.plusSeconds(200), "i-0new", "healthy", "my-asg-ec2-tg")));
        double[] cpu = {3, 40, 100, 95, 70, 60, 50};
        List<Sample> cpuSamples = new ArrayList<>();
        for (int i = 0; i < cpu.length; i++) {
            cpuSamples.add(new Sample(T0.plusSeconds(-60 + 60L * i), cpu[i]));
        }
        List<Sample> instances = List.of(
                new Sample(T0.minusSeconds(60), 1),
                new Sample(T0.plusSeconds(200), 2),
                new Sample(T0.plusSeconds(300), 2));
        return ChartData.of("my-asg-ec2 scale-out", timeline, cpuSamples, instances);
    }

    /** Where XChart puts values in this data's picture (its layout, painted once, is the same as the file's). */
    record Axes(XYChart chart, Instant zero) {
        static Axes of(ChartData data) {
            XYChart chart = Chart.chart(data);
            BitmapEncoder.getBufferedImage(chart); // lays the chart out
            return new Axes(chart, Chart.axisZero(data));
        }

        double x(Instant at) {
            return chart.getScreenXFromChart(Chart.seconds(zero, at));
        }

        double yCpu(double percent) {
            return chart.getScreenYFromChart(percent, Chart.CPU_AXIS);
        }

        double yInstances(double count) {
            return chart.getScreenYFromChart(count, Chart.INSTANCES_AXIS);
        }
    }

    @Test
    void thePngDecodesAndShowsEachCpuReadingAtItsHeight() throws Exception {
        ChartData data = scaleOut();
        Path file = dir.resolve("timeline.png");

        Chart.write(data, file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("a PNG ImageIO can decode").isNotNull();
        assertThat(image.getWidth()).isEqualTo(Chart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Chart.HEIGHT);
        Axes axes = Axes.of(data);
        for (Sample s : data.cpu()) {
            int x = (int) Math.round(axes.x(s.at()));
            int y = (int) Math.round(axes.yCpu(s.value()));
            assertThat(new Color(image.getRGB(x, y)))
                    .as("CPU %s%% at %s", s.value(), s.at())
                    .isEqualTo(Chart.CPU);
        }
        // nothing of the CPU series above its highest reading (100 %, the axis' top), but its marker's half
        int top = (int) Math.round(axes.yCpu(100));
        assertThat(topmost(image, Chart.CPU, axes)).isBetween(top - 5, top + 1);
    }

    @Test
    void thePngDrawsTheInstanceCountAsStepsAndMarksTheMilestones() throws Exception {
        ChartData data = scaleOut();
        Path file = dir.resolve("timeline.png");
        Chart.writePng(data, file);
        BufferedImage image = ImageIO.read(file.toFile());
        Axes axes = Axes.of(data);

        // one instance until +200 s, two after: the step's level at +100 s and at +250 s
        assertThat(hasColourNear(image, Chart.INSTANCES, axes.x(T0.plusSeconds(100)), axes.yInstances(1)))
                .isTrue();
        assertThat(hasColourNear(image, Chart.INSTANCES, axes.x(T0.plusSeconds(250)), axes.yInstances(2)))
                .isTrue();
        assertThat(hasColourNear(image, Chart.INSTANCES, axes.x(T0.plusSeconds(100)), axes.yInstances(2)))
                .isFalse();
        // a dashed marker line for each of the three milestones seen after the start
        assertThat(data.markers()).hasSize(3);
        int plotTop = (int) Math.round(axes.yCpu(100));
        int plotBottom = (int) Math.round(axes.yCpu(0));
        for (ChartData.Marker m : data.markers()) {
            long grey = 0;
            // XChart draws the line at the whole pixel below the value's x
            for (int x = (int) Math.floor(axes.x(m.at())) - 1; x <= (int) Math.ceil(axes.x(m.at())); x++) {
                long column = 0;
                for (int y = plotTop + 1; y < plotBottom; y++) {
                    column += image.getRGB(x, y) == Chart.MARKER.getRGB() ? 1 : 0;
                }
                grey = Math.max(grey, column);
            }
            assertThat(grey).as("marker %s", m.label()).isGreaterThan((plotBottom - plotTop) / 4);
        }
        assertThat(Chart.markerLabels(data))
                .containsExactly(
                        "scale-out alarm in ALARM +150s",
                        "instance pending +160s",
                        "healthy in the target group +200s");
    }

    @Test
    void aStretchWithoutReadingsIsAGapNotALine() throws Exception {
        List<Sample> cpu = List.of(
                new Sample(T0, 50),
                new Sample(T0.plusSeconds(60), 50),
                // no readings for 4 minutes
                new Sample(T0.plusSeconds(300), 50),
                new Sample(T0.plusSeconds(360), 50));
        ChartData data = new ChartData("gap", T0, cpu, List.of(), List.of());
        Path file = dir.resolve("gap.png");
        Chart.writePng(data, file);
        BufferedImage image = ImageIO.read(file.toFile());
        Axes axes = Axes.of(data);

        double y = axes.yCpu(50);
        assertThat(hasColourNear(image, Chart.CPU, axes.x(T0.plusSeconds(30)), y))
                .isTrue();
        assertThat(hasColourNear(image, Chart.CPU, axes.x(T0.plusSeconds(180)), y))
                .isFalse();
        assertThat(hasColourNear(image, Chart.CPU, axes.x(T0.plusSeconds(330)), y))
                .isTrue();
    }

    @Test
    void theSvgParsesAndHasAPointPerReadingAtItsPlace() throws Exception {
        ChartData data = scaleOut();
        Path file = dir.resolve("timeline.svg");

        Chart.write(data, file);

        Document svg = parse(file);
        Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo(Chart.WIDTH + "px");
        Axes axes = Axes.of(data);
        // each CPU reading is a square marker centred on its place: 100 % at the top, 3 % near the bottom
        List<double[]> points = markers(svg, Chart.CPU);
        for (Sample s : data.cpu()) {
            assertThat(points).as("CPU %s%% at %s", s.value(), s.at()).anySatisfy(p -> {
                assertThat(p[0]).isCloseTo(axes.x(s.at()), Offset.offset(0.5));
                assertThat(p[1]).isCloseTo(axes.yCpu(s.value()), Offset.offset(0.5));
            });
        }
        // the readings joined: six segments for seven readings
        assertThat(lines(svg, Chart.CPU, axes)).hasSize(6);
        // steps: level at 1 until +200 s, the rise there, level at 2 after
        List<double[]> steps = lines(svg, Chart.INSTANCES, axes);
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0))
                .containsExactly(
                        new double[] {
                            axes.x(T0.minusSeconds(60)),
                            axes.yInstances(1),
                            axes.x(T0.plusSeconds(200)),
                            axes.yInstances(1)
                        },
                        Offset.offset(0.5));
        assertThat(steps.get(1))
                .containsExactly(
                        new double[] {
                            axes.x(T0.plusSeconds(200)),
                            axes.yInstances(1),
                            axes.x(T0.plusSeconds(200)),
                            axes.yInstances(2)
                        },
                        Offset.offset(0.5));
        assertThat(steps.get(2))
                .containsExactly(
                        new double[] {
                            axes.x(T0.plusSeconds(200)),
                            axes.yInstances(2),
                            axes.x(T0.plusSeconds(300)),
                            axes.yInstances(2)
                        },
                        Offset.offset(0.5));
        assertThat(lines(svg, Chart.MARKER, axes))
                .extracting(l -> l[0])
                .hasSize(3)
                .zipSatisfy(data.markers(), (x, m) -> assertThat(x).isCloseTo(axes.x(m.at()), Offset.offset(1.0)));
    }

    @Test
    void aGapSplitsTheSvgLine() throws Exception {
        List<Sample> cpu =
                List.of(new Sample(T0, 10), new Sample(T0.plusSeconds(10), 20), new Sample(T0.plusSeconds(120), 30));
        Path file = dir.resolve("gap.svg");
        ChartData data = new ChartData("gap", T0, cpu, List.of(), List.of());
        Chart.writeSvg(data, file);

        Document svg = parse(file);

        // one segment joins the first two readings; none crosses the gap to the third
        assertThat(lines(svg, Chart.CPU, Axes.of(data))).hasSize(1);
        assertThat(markers(svg, Chart.CPU)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void titlesWithMarkupCharactersStayValidXml() throws Exception {
        Path file = dir.resolve("odd.svg");
        ChartData data = new ChartData("a <b> & \"c\"", T0, List.of(new Sample(T0, 1)), List.of(), List.of());
        Chart.writeSvg(data, file);

        assertThat(parse(file).getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(Chart.chart(data).getTitle()).isEqualTo("a <b> & \"c\"");
    }

    @Test
    void anUnknownChartFormatIsAUserError() {
        assertThatThrownBy(() -> Chart.write(scaleOut(), dir.resolve("timeline.jpg")))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining(".png or .svg");
        assertThat(Files.exists(dir.resolve("timeline.jpg"))).isFalse();
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static int topmost(BufferedImage image, Color colour, Axes axes) {
        int left = (int) Math.round(axes.chart().getScreenXFromChart(Chart.seconds(axes.zero(), T0.minusSeconds(60))));
        int right = (int) Math.round(axes.chart().getScreenXFromChart(Chart.seconds(axes.zero(), T0.plusSeconds(300))));
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = left - 5; x <= right + 5; x++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    return y;
                }
            }
        }
        return -1;
    }

    /** Within a 2-pixel neighbourhood: lines are 2 px wide and rounded to whole pixels. */
    private static boolean hasColourNear(BufferedImage image, Color colour, double x, double y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                if (image.getRGB((int) Math.round(x) + dx, (int) Math.round(y) + dy) == colour.getRGB()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Centres of the filled squares of this colour (the series' markers, and its legend entry). */
    private static List<double[]> markers(Document svg, Color colour) {
        List<double[]> centres = new ArrayList<>();
        for (Element e : elements(svg, "rect")) {
            if (e.getAttribute("style").contains("fill:" + rgb(colour))) {
                centres.add(new double[] {
                    Double.parseDouble(e.getAttribute("x")) + Double.parseDouble(e.getAttribute("width")) / 2,
                    Double.parseDouble(e.getAttribute("y")) + Double.parseDouble(e.getAttribute("height")) / 2
                });
            }
        }
        return centres;
    }

    /** x1, y1, x2, y2 of the lines stroked in this colour in the plot (not the legend's sample below it). */
    private static List<double[]> lines(Document svg, Color colour, Axes axes) {
        double plotBottom = axes.yCpu(0) + 20; // the plot has a margin below 0; the legend is further down
        List<double[]> lines = new ArrayList<>();
        for (Element e : elements(svg, "line")) {
            if (e.getAttribute("style").contains("stroke:" + rgb(colour))
                    && Double.parseDouble(e.getAttribute("y1")) <= plotBottom
                    && Double.parseDouble(e.getAttribute("y2")) <= plotBottom) {
                lines.add(new double[] {
                    Double.parseDouble(e.getAttribute("x1")),
                    Double.parseDouble(e.getAttribute("y1")),
                    Double.parseDouble(e.getAttribute("x2")),
                    Double.parseDouble(e.getAttribute("y2"))
                });
            }
        }
        return lines;
    }

    private static String rgb(Color c) {
        return "rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
    }

    private static List<Element> elements(Document svg, String tag) {
        NodeList nodes = svg.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
