package dev.scaleout.infra.operate.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.operate.chart.ChartData.Sample;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.Timeline;
import dev.scaleout.support.ExitException;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
        List<Sample> instances = List.of(new Sample(T0.minusSeconds(60), 1), new Sample(T0.plusSeconds(200), 2),
                new Sample(T0.plusSeconds(300), 2));
        return ChartData.of("my-asg-ec2 scale-out", timeline, cpuSamples, instances);
    }

    @Test
    void thePngDecodesAndShowsEachCpuReadingAtItsHeight() throws Exception {
        ChartData data = scaleOut();
        Path file = dir.resolve("timeline.png");

        Chart.write(data, file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as("a PNG ImageIO can decode").isNotNull();
        assertThat(image.getWidth()).isEqualTo(ChartLayout.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ChartLayout.HEIGHT);
        ChartLayout layout = new ChartLayout(data);
        for (Sample s : data.cpu()) {
            int x = (int) Math.round(layout.x(s.at()));
            int y = (int) Math.round(layout.yCpu(s.value()));
            assertThat(new java.awt.Color(image.getRGB(x, y))).as("CPU %s%% at %s", s.value(), s.at()).isEqualTo(Chart.CPU);
        }
        // nothing of the CPU series above its highest reading (100 % is the plot's top edge)
        assertThat(topmost(image, Chart.CPU, layout)).isBetween(layout.plotTop() - 2, layout.plotTop() + 2);
    }

    @Test
    void thePngDrawsTheInstanceCountAsStepsAndMarksTheMilestones() throws Exception {
        ChartData data = scaleOut();
        Path file = dir.resolve("timeline.png");
        Chart.writePng(data, file);
        BufferedImage image = ImageIO.read(file.toFile());
        ChartLayout layout = new ChartLayout(data);

        // one instance until +200 s, two after: the step's level at +100 s and at +250 s
        assertThat(hasColourNear(image, Chart.INSTANCES, layout.x(T0.plusSeconds(100)), layout.yInstances(1))).isTrue();
        assertThat(hasColourNear(image, Chart.INSTANCES, layout.x(T0.plusSeconds(250)), layout.yInstances(2))).isTrue();
        assertThat(hasColourNear(image, Chart.INSTANCES, layout.x(T0.plusSeconds(100)), layout.yInstances(2))).isFalse();
        // a dashed marker line for each of the three milestones seen after the start
        assertThat(data.markers()).hasSize(3);
        for (ChartData.Marker m : data.markers()) {
            int x = (int) Math.round(layout.x(m.at()));
            long grey = 0;
            for (int y = layout.plotTop() + 1; y < layout.plotBottom(); y++) {
                grey += image.getRGB(x, y) == Chart.MARKER.getRGB() ? 1 : 0;
            }
            assertThat(grey).as("marker %s", m.label()).isGreaterThan((layout.plotBottom() - layout.plotTop()) / 4);
        }
    }

    @Test
    void aStretchWithoutReadingsIsAGapNotALine() throws Exception {
        List<Sample> cpu = List.of(new Sample(T0, 50), new Sample(T0.plusSeconds(60), 50),
                // no readings for 4 minutes
                new Sample(T0.plusSeconds(300), 50), new Sample(T0.plusSeconds(360), 50));
        ChartData data = new ChartData("gap", T0, cpu, List.of(), List.of());
        Path file = dir.resolve("gap.png");
        Chart.writePng(data, file);
        BufferedImage image = ImageIO.read(file.toFile());
        ChartLayout layout = new ChartLayout(data);

        double y = layout.yCpu(50);
        assertThat(hasColourNear(image, Chart.CPU, layout.x(T0.plusSeconds(30)), y)).isTrue();
        assertThat(hasColourNear(image, Chart.CPU, layout.x(T0.plusSeconds(180)), y)).isFalse();
        assertThat(hasColourNear(image, Chart.CPU, layout.x(T0.plusSeconds(330)), y)).isTrue();
    }

    @Test
    void theSvgParsesAndItsSeriesHaveAPointPerReading() throws Exception {
        ChartData data = scaleOut();
        Path file = dir.resolve("timeline.svg");

        Chart.write(data, file);

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo(String.valueOf(ChartLayout.WIDTH));
        assertThat(polylines(svg, "cpu")).singleElement().satisfies(points -> assertThat(points).hasSize(7));
        // steps: each change of count adds a corner, so 3 readings are 5 points
        assertThat(polylines(svg, "instances")).singleElement().satisfies(points -> assertThat(points).hasSize(5));
        assertThat(elements(svg, "line", "marker")).hasSize(3);
        assertThat(elements(svg, "text", "marker-label")).extracting(Element::getTextContent)
                .containsExactly("scale-out alarm in ALARM +150s", "instance pending +160s", "healthy in the target group +200s");
        // the CPU points' heights follow the readings: 100 % at the top of the plot, 3 % near its bottom
        List<double[]> cpu = polylines(svg, "cpu").get(0);
        ChartLayout layout = new ChartLayout(data);
        assertThat(cpu.get(2)[1]).isCloseTo(layout.plotTop(), org.assertj.core.data.Offset.offset(0.1));
        assertThat(cpu.get(0)[1]).isCloseTo(layout.yCpu(3), org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void aGapSplitsTheSvgLine() throws Exception {
        List<Sample> cpu = List.of(new Sample(T0, 10), new Sample(T0.plusSeconds(10), 20), new Sample(T0.plusSeconds(120), 30));
        Path file = dir.resolve("gap.svg");
        Chart.writeSvg(new ChartData("gap", T0, cpu, List.of(), List.of()), file);

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());

        assertThat(polylines(svg, "cpu")).extracting(List::size).containsExactly(2, 1);
    }

    @Test
    void titlesWithMarkupCharactersStayValidXml() throws Exception {
        Path file = dir.resolve("odd.svg");
        Chart.writeSvg(new ChartData("a <b> & \"c\"", T0, List.of(new Sample(T0, 1)), List.of(), List.of()), file);

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());

        assertThat(elements(svg, "text", "title")).singleElement().extracting(Element::getTextContent).isEqualTo("a <b> & \"c\"");
    }

    @Test
    void anUnknownChartFormatIsAUserError() {
        assertThatThrownBy(() -> Chart.write(scaleOut(), dir.resolve("timeline.jpg")))
                .isInstanceOfSatisfying(ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining(".png or .svg");
        assertThat(Files.exists(dir.resolve("timeline.jpg"))).isFalse();
    }

    private static int topmost(BufferedImage image, java.awt.Color colour, ChartLayout layout) {
        for (int y = layout.plotTop() - 5; y < layout.plotBottom(); y++) {
            for (int x = layout.plotLeft() + 1; x < layout.plotRight(); x++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    return y;
                }
            }
        }
        return -1;
    }

    /** Within a 2-pixel neighbourhood: lines are 2 px wide and rounded to whole pixels. */
    private static boolean hasColourNear(BufferedImage image, java.awt.Color colour, double x, double y) {
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                if (image.getRGB((int) Math.round(x) + dx, (int) Math.round(y) + dy) == colour.getRGB()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<List<double[]>> polylines(Document svg, String cssClass) {
        List<List<double[]>> lines = new ArrayList<>();
        for (Element e : elements(svg, "polyline", cssClass)) {
            List<double[]> points = new ArrayList<>();
            for (String pair : e.getAttribute("points").trim().split("\\s+")) {
                String[] xy = pair.split(",");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            }
            lines.add(points);
        }
        return lines;
    }

    private static List<Element> elements(Document svg, String tag, String cssClass) {
        NodeList nodes = svg.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cssClass.equals(e.getAttribute("class"))) {
                found.add(e);
            }
        }
        return found;
    }
}
