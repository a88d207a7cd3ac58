package dev.scaleout.infra.operate.demo;

import dev.scaleout.infra.operate.chart.RunReport;
import dev.scaleout.infra.operate.status.FleetStatus;
import dev.scaleout.infra.operate.status.FleetStatus.CpuPoint;
import dev.scaleout.infra.operate.status.FleetStatus.InstanceStatus;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.EventLog;
import dev.scaleout.infra.operate.timeline.RunRecord;
import dev.scaleout.infra.operate.timeline.RunRecord.Reading;
import dev.scaleout.infra.operate.timeline.StatusEvents;
import dev.scaleout.infra.operate.timeline.Timeline;
import dev.scaleout.infra.operate.timeline.TimelineText;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The scale-out demo: starts the CPU stress through the load balancer, polls the fleet
 * until a new instance is healthy in the target group and has served a request (or the
 * timeout), stops the stress whatever happened, optionally watches the scale-in, and
 * leaves the run's record, timeline and chart in a folder. Clock, sleeper and every
 * boundary are parameters, so a test runs a whole scale-out in milliseconds.
 */
public final class Demo {

    /** One read of the fleet (infra status's snapshot). */
    public interface FleetReader {
        FleetStatus read();
    }

    /** Where the stop on Ctrl-C is registered: the JVM's shutdown hooks, or a test's hand. */
    public interface ShutdownHooks {
        void add(Thread hook);

        void remove(Thread hook);

        ShutdownHooks RUNTIME = new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting and runs the hook itself: nothing to undo
                }
            }
        };
    }

    /** What a run left behind. */
    public record Result(Path dir, RunRecord run, Timeline timeline) {}

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Fleet page requests per poll at most: the ALB spreads them, so a few reach the new instance. */
    static final int MAX_FLEET_REQUESTS = 6;

    private final Clock clock;
    private final Poll.Sleeper sleeper;
    private final PrintWriter out;
    private final FleetReader fleet;
    private final StressApi app;
    private final ShutdownHooks hooks;

    private final EventLog log = new EventLog();
    private final Map<Instant, Double> cpu = new TreeMap<>();
    private final List<Reading> instanceCounts = new ArrayList<>();
    private final Set<String> servedSeen = new HashSet<>();
    private Instant stressStart;
    private volatile FleetStatus latest; // read by the shutdown hook's thread too
    private String lastReadError;

    public Demo(
            Clock clock, Poll.Sleeper sleeper, PrintWriter out, FleetReader fleet, StressApi app, ShutdownHooks hooks) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = out;
        this.fleet = fleet;
        this.app = app;
        this.hooks = hooks;
    }

    /** target/demo/20261126-013000-fast: runs sort by time, and the mode shows in the name. */
    public static Path defaultDir(Instant at, DemoMode mode) {
        return Path.of("target", "demo", FOLDER_TIME.format(at) + "-" + mode.option());
    }

    /**
     * Runs the demo from {@code before} (the read that found the stack). Returns normally when
     * the new instance served a request (and, with --watch-scale-in, the group came back);
     * otherwise throws exit 1 naming what was last seen, after the report is written.
     */
    public Result run(DemoOptions opts, DemoMode mode, FleetStatus before) {
        opts.validate();
        Path dir = opts.out() != null ? opts.out() : defaultDir(clock.instant(), mode);
        latest = before;
        out.println("demo on " + before.group() + " through " + app.base() + " (" + mode.label() + "): min "
                + before.min() + ", desired " + before.desired() + ", max " + before.max() + ", " + inService(before)
                + " InService");
        if (before.desired() >= before.max()) {
            // read from AWS, so exit 1: exit 2 is for input checked before any AWS call
            throw ExitException.failure("the group " + before.group() + " is already at its maximum (" + before.max()
                    + "): there is no room to scale out; raise autoScaling.max or lower autoScaling.desired and apply");
        }

        StressStopper stopper = new StressStopper();
        Thread hook = new Thread(stopper::stopOnExit, "demo-stop-stress");
        ExitException failure = null;
        boolean scaledOut = false;
        hooks.add(hook); // before the start: a Ctrl-C right after the POST still stops the burn
        try {
            stopper.attempted = true; // the POST may reach an instance even if its answer is lost
            StressApi.Started started =
                    app.start((int) opts.stressDuration().toSeconds(), opts.cores(), opts.cpuPercent());
            stressStart = clock.instant();
            stopper.confirmed = true;
            out.println("stress started at " + DATE_TIME.format(stressStart) + ": " + started.cores() + " thread(s) at "
                    + started.load() + " % for " + started.seconds() + " s"
                    + (started.endsAt() == null ? "" : " (it ends by itself at " + started.endsAt() + ")"));
            log.add(Event.stressStarted(stressStart));
            StatusEvents.baseline(before, stressStart).forEach(log::add);
            record(before);
            scaledOut = watchScaleOut(opts);
            if (!scaledOut) {
                failure =
                        ExitException.failure("no new instance healthy in the target group and serving requests within "
                                + Progress.format(opts.timeout()) + "; last seen: " + lastSeen());
            }
        } catch (ExitException e) {
            failure = e;
        } finally {
            String stopProblem = stopper.stop();
            hooks.remove(hook);
            if (stopProblem != null) {
                out.println("warning: " + stopProblem);
                if (failure == null) {
                    failure = ExitException.failure(stopProblem);
                }
            }
        }
        if (stressStart == null) {
            throw failure; // the stress never started: nothing to report
        }

        if (scaledOut && opts.watchScaleIn()) {
            save(dir, mode); // the scale-out's record is safe should the long scale-in watch be cut short
            if (!watchScaleIn(opts, before) && failure == null) {
                failure = ExitException.failure(
                        "the group did not scale back in within " + Progress.format(opts.scaleInTimeout())
                                + " (target tracking waits for 15 low minutes); last seen: " + lastSeen());
            }
        }
        Result result = report(dir, mode);
        compareWithOtherMode(dir, mode, result.run());
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    /** Polls until the goal or the timeout; true when a new instance is healthy and served a request. */
    private boolean watchScaleOut(DemoOptions opts) {
        Instant deadline = stressStart.plus(opts.timeout());
        while (clock.instant().isBefore(deadline)) {
            sleep(opts.interval());
            if (!poll()) {
                continue;
            }
            askFleetPage();
            Timeline t = Timeline.compute(log.events());
            if (t.milestone(Timeline.HEALTHY).map(m -> m.seen()).orElse(false)
                    && t.milestone(Timeline.SERVED).map(m -> m.seen()).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Until the group is back to its size at the start (desired and instances), or the scale-in timeout. */
    private boolean watchScaleIn(DemoOptions opts, FleetStatus before) {
        out.println("watching the scale-in (up to " + Progress.format(opts.scaleInTimeout()) + ")");
        Instant deadline = clock.instant().plus(opts.scaleInTimeout());
        while (clock.instant().isBefore(deadline)) {
            sleep(opts.interval());
            if (poll()
                    && latest.desired() <= before.desired()
                    && latest.instances().size() <= before.instances().size()) {
                out.println(since(latest.readAt()) + "  scaled back in: desired " + latest.desired() + ", "
                        + latest.instances().size() + " instance(s)");
                return true;
            }
        }
        return false;
    }

    /** One status read into events and readings; false when the read failed (it is retried at the next poll). */
    private boolean poll() {
        FleetStatus now;
        try {
            now = fleet.read();
        } catch (ExitException e) {
            if (e.code() == ExitException.USER_ERROR) {
                throw e; // the group is gone: no point in waiting
            }
            lastReadError = e.getMessage();
            out.println(since(clock.instant()) + "  status read failed, retrying: " + e.getMessage());
            return false;
        }
        List<Event> events = StatusEvents.between(latest, now);
        events.forEach(this::add);
        latest = now;
        lastReadError = null;
        record(now);
        return true;
    }

    private void record(FleetStatus s) {
        instanceCounts.add(new Reading(s.readAt(), inService(s)));
        Instant from = stressStart.minusSeconds(60);
        for (CpuPoint p : s.cpu()) {
            if (p.percent() != null && !p.at().isBefore(from)) {
                cpu.put(p.at(), p.percent()); // CloudWatch may revise a recent point: the latest read wins
            }
        }
    }

    /** While a new instance is in the group, asks the fleet page a few times: the ALB spreads the requests. */
    private void askFleetPage() {
        Set<String> baseline = log.events().stream()
                .filter(e -> e.kind() == Event.Kind.BASELINE_INSTANCE)
                .map(Event::subject)
                .collect(Collectors.toSet());
        List<String> newcomers = latest.instances().stream()
                .map(InstanceStatus::id)
                .filter(id -> !baseline.contains(id))
                .filter(id -> !servedSeen.contains(id))
                .toList();
        if (newcomers.isEmpty()) {
            return;
        }
        int requests = Math.min(MAX_FLEET_REQUESTS, latest.instances().size() + 1);
        for (int i = 0; i < requests; i++) {
            Optional<Event> served = app.fleetPage();
            if (served.isPresent()
                    && newcomers.contains(served.get().subject())
                    && servedSeen.add(served.get().subject())) {
                add(served.get());
                return;
            }
        }
    }

    private void add(Event e) {
        log.add(e);
        out.println(since(e.at()) + "  " + describe(e));
    }

    private Result save(Path dir, DemoMode mode) {
        RunRecord run = new RunRecord(
                mode.label(),
                log.events(),
                cpu.entrySet().stream()
                        .map(e -> new Reading(e.getKey(), e.getValue()))
                        .toList(),
                instanceCounts);
        return new Result(dir, run, RunReport.write(run, dir));
    }

    private Result report(Path dir, DemoMode mode) {
        Result result = save(dir, mode);
        Timeline timeline = result.timeline();
        out.println();
        TimelineText.render(timeline).forEach(out::println);
        Goals.render(timeline, mode).forEach(out::println);
        out.println();
        out.println("saved: " + dir.resolve(RunReport.RUN));
        out.println("       " + dir.resolve(RunReport.TIMELINE_JSON));
        out.println("       " + dir.resolve(RunReport.CHART));
        return result;
    }

    /** Run twice, once per mode: the latest run of the other mode next to this folder is printed alongside. */
    private void compareWithOtherMode(Path dir, DemoMode mode, RunRecord run) {
        Optional<RunRecord> other =
                SavedRuns.latestOtherMode(dir.toAbsolutePath().getParent(), dir, mode);
        if (other.isEmpty()) {
            out.println("run it again with --mode " + (mode == DemoMode.FAST ? "standard" : "fast")
                    + " to compare both modes side by side");
            return;
        }
        out.println();
        out.println("both modes, seconds since the stress start:");
        RunReport.compare(mode == DemoMode.STANDARD ? List.of(run, other.get()) : List.of(other.get(), run))
                .forEach(out::println);
    }

    /** "Pending since +95.0 s; desired 2; i-0new Pending, my-asg-ec2-tg initial" for the timeout message. */
    String lastSeen() {
        List<String> parts = new ArrayList<>();
        Timeline t = Timeline.compute(log.events());
        t.milestones().stream()
                .filter(m -> m.seen() && !m.name().equals(Timeline.STRESS_STARTED))
                .reduce((a, b) -> b)
                .ifPresentOrElse(
                        m -> parts.add(m.name() + " at " + seconds(m.sinceStart())),
                        () -> parts.add("no milestone after the stress start"));
        parts.add("desired " + latest.desired() + " of max " + latest.max());
        parts.add(latest.instances().stream()
                .map(i -> i.id() + " " + i.lifecycleState()
                        + (i.targetHealth().isEmpty()
                                ? ""
                                : " "
                                        + i.targetHealth().entrySet().stream()
                                                .map(h -> h.getKey() + ":" + h.getValue())
                                                .collect(Collectors.joining(" "))))
                .collect(Collectors.joining(", ")));
        latest.alarms().forEach(a -> parts.add(a.name() + " " + a.state()));
        latest.latestCpu().ifPresent(c -> parts.add(String.format(Locale.ROOT, "CPU %.1f %%", c.percent())));
        if (lastReadError != null) {
            parts.add("last status read failed: " + lastReadError);
        }
        return String.join("; ", parts);
    }

    private static String describe(Event e) {
        return switch (e.kind()) {
            case ALARM_STATE -> "alarm " + e.subject() + " " + e.state();
            case SCALING_ACTIVITY -> "scaling activity: " + e.detail();
            case LIFECYCLE -> e.subject() + " " + e.state();
            case TARGET_HEALTH -> e.subject() + " " + e.detail() + ": " + e.state();
            case REQUEST_SERVED -> e.subject() + " served the fleet page";
            default -> e.kind() + " " + (e.subject() == null ? "" : e.subject());
        };
    }

    private String since(Instant at) {
        return String.format(Locale.ROOT, "%10s", seconds(Duration.between(stressStart, at)));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%s%.1f s", d.isNegative() ? "-" : "+", Math.abs(d.toMillis()) / 1000.0);
    }

    private static int inService(FleetStatus s) {
        return (int) s.instances().stream()
                .filter(i -> "InService".equals(i.lifecycleState()))
                .count();
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExitException.failure("the demo was interrupted; the stress is being stopped");
        }
    }

    /**
     * Stops the burn once, from the normal path or from the shutdown hook (Ctrl-C), whichever
     * comes first. The ALB sends each DELETE to one target, and the burning instance is one
     * of several by now, so DELETE goes out a few times per instance; the burn's own deadline
     * (--duration) is the backstop.
     */
    private final class StressStopper {
        volatile boolean attempted;
        volatile boolean confirmed;
        private boolean done;

        /** Null when at least one instance answered (or no burn was confirmed); otherwise what went wrong. */
        synchronized String stop() {
            if (done || !attempted) {
                return null;
            }
            done = true;
            int attempts = Math.max(3, 2 * latest.instances().size() + 1);
            int stopped = 0;
            String lastError = null;
            for (int i = 0; i < attempts; i++) {
                try {
                    if (app.stop()) {
                        stopped++;
                    } else {
                        lastError = "DELETE /api/stress was refused";
                    }
                } catch (ExitException e) {
                    lastError = e.getMessage();
                }
            }
            if (!confirmed) {
                return null; // the start was refused or lost: these DELETEs were only in case it got through
            }
            log.add(Event.stressStopped(clock.instant()));
            out.println(since(clock.instant()) + "  stress stopped (" + stopped + " of " + attempts
                    + " DELETE requests answered)");
            return stopped > 0
                    ? null
                    : "could not stop the stress through " + app.base() + " (" + lastError
                            + "); it ends by itself at its deadline (--duration)";
        }

        void stopOnExit() {
            String problem = stop();
            if (problem != null) {
                out.println("warning: " + problem);
            }
        }
    }
}
