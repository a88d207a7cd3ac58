package dev.scaleout.infra.cli;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.demo.DemoCommand;
import dev.scaleout.infra.operate.demo.DemoMode;
import dev.scaleout.infra.operate.demo.DemoOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code infra demo}: the picocli face of {@link DemoCommand}. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The scale-out demo: start a CPU stress on an instance through the load balancer, watch until a new "
                    + "instance is healthy in the target group and serving requests, stop the stress, and print the timeline "
                    + "(alarm, scaling activity, pending, InService, healthy, first request) with seconds since the stress start.",
            "Saves run.json, timeline.json/.txt and a chart (timeline.png) of CPU and instance count in --out.",
            "Modes: standard reads EC2's 1-minute CPUUtilization; fast reads the CloudWatch agent's 10-second "
                    + "cpu_usage_active (CWAgent). The default is the one the group's scaling policy tracks. "
                    + "Run once per mode to see both timelines side by side, or --compare saved runs."
        })
public final class DemoCli implements Callable<Integer> {

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description =
                    "How long the stress burns unless the demo stops it first (60-3600; default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(
            names = "--cpu-percent",
            paramLabel = "PERCENT",
            defaultValue = "100",
            description = "Duty cycle of each burning thread (1-100; default: ${DEFAULT-VALUE}).")
    int cpuPercent;

    @Option(
            names = "--cores",
            paramLabel = "N",
            description = "Burning threads (default: every processor of the instance).")
    Integer cores;

    @Option(
            names = "--timeout",
            paramLabel = "MINUTES",
            defaultValue = "15",
            description = "Give up waiting for the new instance after this long (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Option(
            names = "--watch-scale-in",
            description = "After the stress stops, watch until the group is back to its size.")
    boolean watchScaleIn;

    @Option(
            names = "--scale-in-timeout",
            paramLabel = "MINUTES",
            defaultValue = "25",
            description =
                    "With --watch-scale-in: give up after this long (target tracking waits 15 low minutes; default: ${DEFAULT-VALUE}).")
    int scaleInTimeoutMinutes;

    @Option(
            names = "--interval",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Seconds between status reads (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Option(
            names = "--mode",
            paramLabel = "standard|fast",
            description = "CPU metric the timeline and chart read (default: the one the scaling policy tracks).")
    DemoMode mode;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to save the run (default: target/demo/<timestamp>-<mode>).")
    Path out;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "Reach the app through this URL instead of the stack's own.")
    URI url;

    @Option(
            names = "--compare",
            paramLabel = "DIR",
            arity = "1..*",
            description = "Only print these saved runs side by side (no AWS calls), e.g. --compare target/demo/*.")
    List<Path> compare;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        var options = new DemoOptions(
                Duration.ofSeconds(durationSeconds),
                cores,
                cpuPercent,
                Duration.ofMinutes(timeoutMinutes),
                watchScaleIn,
                Duration.ofMinutes(scaleInTimeoutMinutes),
                Duration.ofSeconds(intervalSeconds),
                mode,
                out,
                url,
                compare);
        options.validate(); // before the clients are built: a user error never waits on AWS
        DemoCommand command = DemoCommand.real();
        if (options.comparing()) {
            return command.compare(options, stack.out());
        }
        StackConfig config = stack.config();
        DemoCommand.checkStack(config); // no stress API, or no room to scale: the user's to fix, before AWS
        int exit = command.run(options, config, stack.clients(), stack.out());
        CommandSupport.report(stack, stack.clients().calls());
        return exit;
    }
}
