package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.chart.RunReport;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.RunRecord;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * The demo against moto (the group, target group, alarm, CPU metric and the SSM token) and a
 * local stand-in for the app behind the ALB. The scale-out AWS would make is made by the test
 * between the demo's polls: its sleeper is where time passes and the world moves.
 */
@ExtendWith(MotoExtension.class)
class DemoMotoIT {

    static final String TOKEN = "tok-9f83c1d2-demo-secret";
    static final String PARAMETER = "/scaleout/stress-token";
    static final StackConfig CONFIG = MotoStack.configWithTokenParameter(PARAMETER);

    static MotoServer moto;

    @TempDir
    Path runs;

    AwsClients clients;
    MotoStack stack;
    TickingClock clock;
    FakeApp app;
    String baselineInstance;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintWriter out = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
    final RecordingHooks hooks = new RecordingHooks();
    /** What happens in the world at the n-th sleep of the demo (1-based). */
    final Map<Integer, Runnable> world = new HashMap<>();

    int sleeps;

    @BeforeAll
    static void startMoto(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void deployedStack() throws Exception {
        moto.reset();
        clients = moto.clients();
        stack = new MotoStack(clients);
        // whole seconds at the real now: moto dates alarm changes by the real clock, just after this
        clock = new TickingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        stack.putToken(PARAMETER, TOKEN);
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    void deploy(boolean agentPolicy) throws Exception {
        stack.deploy(agentPolicy);
        baselineInstance = stack.instanceIds().get(0);
        app = new FakeApp(TOKEN, clock, baselineInstance);
    }

    /** AWS's part of a scale-out: the alarm fires, the group grows, the new instance starts answering. */
    void scaleOutDuringTheDemo() {
        world.put(2, () -> stack.alarm(StateValue.ALARM));
        world.put(3, () -> stack.scaleTo(2));
        world.put(4, () -> app.servedBy = newInstance());
    }

    String newInstance() {
        return stack.instanceIds().stream()
                .filter(id -> !id.equals(baselineInstance))
                .findFirst()
                .orElseThrow();
    }

    DemoOptions options(String folder, DemoMode mode, Duration timeout) {
        DemoOptions d = DemoOptions.defaults();
        return new DemoOptions(
                d.stressDuration(),
                d.cores(),
                d.cpuPercent(),
                timeout,
                false,
                d.scaleInTimeout(),
                Duration.ofSeconds(5),
                mode,
                runs.resolve(folder),
                app.url(),
                List.of());
    }

    int demo(DemoOptions options) {
        Poll.Sleeper sleeper = d -> {
            clock.advance(d);
            world.getOrDefault(++sleeps, () -> {}).run();
        };
        return new DemoCommand(clock, sleeper, hooks, HttpClient::newHttpClient).run(options, CONFIG, clients, out);
    }

    String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aScaleOutEndsWithTheNewInstanceHealthyAndServingAndTheTimelineSaved() throws Exception {
        deploy(false);
        scaleOutDuringTheDemo();

        int exit = demo(options("run", null, Duration.ofMinutes(15)));

        assertThat(exit).isZero();
        String newInstance = newInstance();
        // the stress went to the load balancer with the token from SSM, and was stopped after the goal
        List<FakeApp.Request> posts = app.requests("POST", "/api/stress/cpu");
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).authorization()).isEqualTo("Bearer " + TOKEN);
        JsonNode body = OperateJson.mapper().readTree(posts.get(0).body());
        assertThat(body.get("seconds").asInt()).isEqualTo(600);
        assertThat(body.get("load").asInt()).isEqualTo(100);
        List<FakeApp.Request> deletes = app.requests("DELETE", "/api/stress");
        assertThat(deletes)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
        Instant served = app.requests("GET", "/api/fleet").stream()
                .map(FakeApp.Request::at)
                .max(Instant::compareTo)
                .orElseThrow();
        assertThat(deletes.get(0).at()).isAfterOrEqualTo(served);

        // the printed timeline names the new instance and every milestone moto can show
        String text = output();
        assertThat(text)
                .doesNotContain(TOKEN)
                .contains("scale-out timeline: stress started", "new instance " + newInstance)
                .containsPattern("scale-out alarm in ALARM +\\d\\d:\\d\\d:\\d\\d\\.\\d{3} +\\+\\d+\\.\\d s +"
                        + MotoStack.HIGH_ALARM)
                .containsPattern("healthy in the target group +\\d\\d:\\d\\d:\\d\\d\\.000 +\\+15\\.0 s +my-asg-ec2-tg")
                .containsPattern("first request served by it +\\d\\d:\\d\\d:\\d\\d\\.000 +\\+20\\.0 s")
                .contains(
                        runs.resolve("run").resolve(RunReport.TIMELINE_JSON).toString(),
                        runs.resolve("run").resolve(RunReport.CHART).toString());

        // the saved files decode: the timeline as JSON, the chart as a PNG image, the run for later comparison
        JsonNode timeline = OperateJson.mapper()
                .readTree(Files.readString(runs.resolve("run").resolve(RunReport.TIMELINE_JSON)));
        assertThat(timeline.get("newInstanceId").asText()).isEqualTo(newInstance);
        BufferedImage chart =
                ImageIO.read(runs.resolve("run").resolve(RunReport.CHART).toFile());
        assertThat(chart).isNotNull();
        assertThat(chart.getWidth()).isGreaterThan(600);
        RunRecord run = RunRecord.read(runs.resolve("run").resolve(RunReport.RUN));
        assertThat(run.label()).isEqualTo(DemoMode.STANDARD.label());
        assertThat(run.instances())
                .extracting(RunRecord.Reading::value)
                .startsWith(1.0)
                .endsWith(2.0);
        assertThat(run.events()).extracting(Event::kind).contains(Event.Kind.STRESS_STARTED, Event.Kind.STRESS_STOPPED);
        assertThat(Files.readString(runs.resolve("run").resolve(RunReport.RUN))).doesNotContain(TOKEN);
        assertThat(hooks.added).hasSize(1);
        assertThat(hooks.removed).isEqualTo(hooks.added);
    }

    @Test
    void noNewInstanceBeforeTheTimeoutIsExit1NamingWhatWasSeenAndTheStressIsStopped() throws Exception {
        deploy(false);
        world.put(2, () -> stack.alarm(StateValue.ALARM)); // the alarm fires, but the group never grows

        assertThatThrownBy(() -> demo(options("timeout", null, Duration.ofMinutes(2))))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("no new instance healthy in the target group and serving requests within 2m00s")
                .hasMessageContaining("last seen: scale-out alarm in ALARM at +")
                .hasMessageContaining("desired 1 of max 3")
                .hasMessageContaining(baselineInstance + " InService my-asg-ec2-tg:healthy")
                .hasMessageNotContaining(TOKEN);

        assertThat(app.requests("DELETE", "/api/stress")).isNotEmpty();
        assertThat(output()).doesNotContain(TOKEN).contains("stress stopped");
        // what was seen is saved all the same
        assertThat(ImageIO.read(runs.resolve("timeout").resolve(RunReport.CHART).toFile()))
                .isNotNull();
        assertThat(sleeps).isEqualTo(24); // 2 minutes of 5-second polls, then it gave up
    }

    @Test
    void ctrlCDuringTheWaitStopsTheStressOnceThroughTheShutdownHook() throws Exception {
        deploy(false);
        List<Integer> deletesWhenTheHookRan = new ArrayList<>();
        world.put(2, () -> {
            hooks.added.get(0).run(); // what the JVM does on Ctrl-C
            deletesWhenTheHookRan.add(app.requests("DELETE", "/api/stress").size());
        });
        world.put(3, () -> {
            throw new IllegalStateException("the JVM ends here after a Ctrl-C");
        });

        assertThatThrownBy(() -> demo(options("interrupted", null, Duration.ofMinutes(15))))
                .hasMessageContaining("the JVM ends here");

        assertThat(deletesWhenTheHookRan).hasSize(1);
        assertThat(deletesWhenTheHookRan.get(0)).isPositive();
        assertThat(app.requests("DELETE", "/api/stress")).hasSize(deletesWhenTheHookRan.get(0)); // not stopped twice
        assertThat(output()).doesNotContain(TOKEN);
    }

    @Test
    void aPolicyTrackingTheAgentMetricMeansFastModeAndTheChartReadsTheTenSecondCpu() throws Exception {
        clock = new TickingClock(Instant.now().truncatedTo(ChronoUnit.MINUTES)); // 10-s buckets start on the minute
        deploy(true);
        Instant start = clock.instant();
        world.put(1, () -> {
            stack.putCpu("CWAgent", "cpu_usage_active", start.plusSeconds(10), 88.5);
            stack.putCpu(
                    "AWS/EC2", "CPUUtilization", start.plusSeconds(10), 12.0); // the metric fast mode must not read
        });
        scaleOutDuringTheDemo();

        assertThat(demo(options("fast", null, Duration.ofMinutes(15)))).isZero();

        RunRecord run = RunRecord.read(runs.resolve("fast").resolve(RunReport.RUN));
        assertThat(run.label()).isEqualTo(DemoMode.FAST.label());
        assertThat(run.cpu()).extracting(RunRecord.Reading::value).containsExactly(88.5);
        assertThat(run.cpu().get(0).at()).isEqualTo(start.plusSeconds(10));
        assertThat(output()).contains("(fast (agent 10-s))").doesNotContain("note: the group's scaling policy");
    }

    @Test
    void runningOnceInEachModePrintsBothTimelinesSideBySide() throws Exception {
        deploy(false);
        scaleOutDuringTheDemo();
        assertThat(demo(options("1-standard", DemoMode.STANDARD, Duration.ofMinutes(15))))
                .isZero();
        assertThat(output()).contains("run it again with --mode fast");

        stack.scaleTo(1);
        baselineInstance = stack.instanceIds().get(0);
        app.servedBy = baselineInstance;
        stack.alarm(StateValue.OK);
        world.clear();
        sleeps = 0;
        world.put(1, () -> stack.alarm(StateValue.ALARM));
        world.put(2, () -> stack.scaleTo(2));
        world.put(3, () -> app.servedBy = newInstance());
        bytes.reset();

        assertThat(demo(options("2-fast", DemoMode.FAST, Duration.ofMinutes(15))))
                .isZero();

        String text = output();
        assertThat(text)
                .contains("note: the group's scaling policy tracks the standard (EC2 1-min) metric; --mode fast");
        assertThat(text).contains("both modes, seconds since the stress start:");
        String table = text.substring(text.indexOf("both modes"));
        assertThat(table.lines().skip(1).findFirst().orElseThrow())
                .contains("standard (EC2 1-min)")
                .contains("fast (agent 10-s)");
        assertThat(table).containsPattern("healthy in the target group +\\+15\\.0 s +\\+10\\.0 s");
    }

    @Test
    void aTokenTheInstancesDoNotKnowIsExit1WithTheFixAndTheTokenNeverShows() throws Exception {
        deploy(false);
        app.close();
        app = new FakeApp("the-token-the-instances-read", clock, baselineInstance);

        assertThatThrownBy(() -> demo(options("refused", null, Duration.ofMinutes(15))))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("answered HTTP 401")
                .hasMessageContaining("instances.stressTokenParameter")
                .hasMessageNotContaining(TOKEN);

        assertThat(output()).doesNotContain(TOKEN).doesNotContain("warning");
        assertThat(runs.resolve("refused")).doesNotExist(); // nothing started, nothing to report
    }

    @Test
    void aTokenParameterThatDoesNotExistIsAUserErrorNamingIt() throws Exception {
        deploy(false);
        StackConfig config = MotoStack.configWithTokenParameter("/scaleout/no-such-token");

        assertThatThrownBy(() -> new DemoCommand(clock, d -> {}, hooks, HttpClient::newHttpClient)
                        .run(options("missing", null, Duration.ofMinutes(15)), config, clients, out))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining("/scaleout/no-such-token")
                .hasMessageContaining("put-parameter --type SecureString");
        assertThat(app.requests).isEmpty();
    }

    @Test
    void withWatchScaleInTheDemoWaitsUntilTheGroupIsBackToItsSize() throws Exception {
        deploy(false);
        scaleOutDuringTheDemo();
        world.put(7, () -> stack.scaleTo(1)); // the low alarm's scale-in, three polls after the stress stopped
        DemoOptions d = options("scale-in", null, Duration.ofMinutes(15));
        DemoOptions watching = new DemoOptions(
                d.stressDuration(),
                d.cores(),
                d.cpuPercent(),
                d.timeout(),
                true,
                d.scaleInTimeout(),
                d.interval(),
                d.mode(),
                d.out(),
                d.url(),
                List.of());

        assertThat(demo(watching)).isZero();

        assertThat(output())
                .contains("watching the scale-in")
                .containsPattern("\\+35\\.0 s  scaled back in: desired 1, 1 instance\\(s\\)");
        RunRecord run = RunRecord.read(runs.resolve("scale-in").resolve(RunReport.RUN));
        assertThat(run.instances()).extracting(RunRecord.Reading::value).containsSubsequence(1.0, 2.0, 1.0);
    }

    @Test
    void aFailedStatusReadMidDemoIsShownAndTheDemoGoesOn() throws Exception {
        deploy(false);
        scaleOutDuringTheDemo();
        java.util.concurrent.atomic.AtomicInteger groupReads = new java.util.concurrent.atomic.AtomicInteger();
        clients.intercept(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                if (context.request()
                                instanceof
                                software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest
                        && groupReads.incrementAndGet() == 3) { // the 2nd poll (the 1st read found the stack)
                    throw software.amazon.awssdk.core.exception.SdkClientException.create(
                            "Unable to execute HTTP request: Connection reset");
                }
            }
        });

        assertThat(demo(options("flaky", null, Duration.ofMinutes(15)))).isZero();

        assertThat(output())
                .containsPattern(
                        "\\+10\\.0 s  status read failed, retrying: DescribeAutoScalingGroups my-asg-ec2: .*Connection reset")
                .contains("new instance " + newInstance());
    }

    @Test
    void aStopNoInstanceAnswersIsExit1SayingTheBurnEndsAtItsDeadline() throws Exception {
        deploy(false);
        scaleOutDuringTheDemo();
        world.put(4, () -> {
            app.servedBy = newInstance();
            app.deleteStatus = 502; // the ALB lost its targets just as the demo stops the stress
        });

        assertThatThrownBy(() -> demo(options("unstopped", null, Duration.ofMinutes(15))))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("could not stop the stress through " + app.url())
                .hasMessageContaining("it ends by itself at its deadline (--duration)");

        assertThat(output()).contains("warning: could not stop the stress").contains("new instance " + newInstance());
        assertThat(runs.resolve("unstopped").resolve(RunReport.RUN)).exists(); // the scale-out itself was recorded
    }

    /** Collects what the demo registers instead of handing it to the JVM. */
    static final class RecordingHooks implements Demo.ShutdownHooks {
        final List<Thread> added = new ArrayList<>();
        final List<Thread> removed = new ArrayList<>();

        @Override
        public void add(Thread hook) {
            added.add(hook);
        }

        @Override
        public void remove(Thread hook) {
            removed.add(hook);
        }
    }
}
