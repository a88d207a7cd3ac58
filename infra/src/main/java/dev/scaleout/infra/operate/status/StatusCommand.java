package dev.scaleout.infra.operate.status;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infra status}: one screen of the fleet; {@code --watch} refreshes it every
 * {@code --interval}; {@code --json} prints a snapshot (with --watch: one JSON line per refresh).
 */
public final class StatusCommand {

    /**
     * @param count    refreshes before --watch stops; null = until interrupted
     * @param terminal whether out is a terminal (redraw in place) or a pipe/log (append)
     */
    public record StatusOptions(boolean watch, boolean json, Duration interval, Integer count, boolean terminal) {

        public static StatusOptions once() {
            return new StatusOptions(false, false, Duration.ofSeconds(5), null, false);
        }

        public void validate() {
            if (interval == null || interval.toMillis() < 1000) {
                throw ExitException.userError("--interval must be at least 1 second: pass e.g. --interval 5");
            }
            if (count != null && count < 1) {
                throw ExitException.userError(
                        "--count must be at least 1: pass e.g. --count 10, or leave it out to watch until Ctrl-C");
            }
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Poll.Sleeper sleeper;
    private final CpuMetric cpuMetric;

    public StatusCommand(Clock clock, Poll.Sleeper sleeper, CpuMetric cpuMetric) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.cpuMetric = cpuMetric;
    }

    public static StatusCommand real() {
        return new StatusCommand(Clock.systemUTC(), Poll.REAL_SLEEP, CpuMetric.EC2_ONE_MINUTE);
    }

    /**
     * Only a text --watch that has shown a screen rides out an AWS failure; a user error (no
     * such group), a first read, and JSON output (scripts want the failure) end the command.
     */
    private static boolean keepsWatching(StatusOptions opts, ExitException e, List<String> lastFrame) {
        return opts.watch() && !opts.json() && lastFrame != null && e.code() != ExitException.USER_ERROR;
    }

    public int run(StatusOptions opts, StackConfig config, AwsClients clients, PrintWriter out) {
        opts.validate();
        OperateNames names = OperateNames.of(config);
        ScreenWriter screen = new ScreenWriter(out, opts.terminal() && !opts.json());
        int refreshes = opts.watch() ? (opts.count() == null ? Integer.MAX_VALUE : opts.count()) : 1;
        try (StatusReader reader = new StatusReader(clients, clock, cpuMetric)) {
            List<String> lastFrame = null;
            for (int i = 0; i < refreshes; i++) {
                FleetStatus status;
                try {
                    status = reader.read(names);
                } catch (ExitException e) {
                    if (!keepsWatching(opts, e, lastFrame)) {
                        throw e;
                    }
                    // a dropped connection or throttling mid-demo: keep the last screen, say why it is old
                    List<String> frame = new ArrayList<>(lastFrame);
                    frame.add("");
                    frame.add("refresh failed at " + TIME.format(clock.instant()) + ", retrying: " + e.getMessage());
                    screen.show(frame);
                    sleeper.sleep(opts.interval());
                    continue;
                }
                if (opts.json()) {
                    out.println(opts.watch() ? OperateJson.line(status) : OperateJson.pretty(status));
                    out.flush();
                } else {
                    lastFrame = StatusScreen.render(status);
                    screen.show(lastFrame);
                }
                if (i + 1 < refreshes) {
                    sleeper.sleep(opts.interval());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
