package dev.scaleout.infra.cli;

import dev.scaleout.infra.operate.status.StatusCommand;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code infra status}: the picocli face of {@link StatusCommand}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the fleet: URL, capacity, instances with health and AMI, CPU, alarms, scaling activities.")
public final class StatusCli implements Callable<Integer> {

    @Option(
            names = "--watch",
            description = "Refresh the screen every --interval seconds until Ctrl-C (or --count refreshes).")
    boolean watch;

    @Option(
            names = "--json",
            description = "Print a JSON snapshot for scripts (with --watch: one JSON document per line).")
    boolean json;

    @Option(
            names = "--interval",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "Seconds between refreshes with --watch (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N refreshes.")
    Integer count;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        var options = new StatusCommand.StatusOptions(
                watch,
                json,
                Duration.ofSeconds(intervalSeconds),
                count,
                stack.infra().onTerminal());
        options.validate(); // before the context builds clients: a user error never waits on AWS
        int exit = StatusCommand.real().run(options, stack.config(), stack.clients(), stack.out());
        if (stack.stats && !json) { // the screen stays as it is unless asked; JSON stays one document
            CommandSupport.report(stack, stack.clients().calls());
        }
        return exit;
    }
}
