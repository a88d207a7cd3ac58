package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.operate.StackContext;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The picocli face of {@link Rollout}; the infra CLI adds it as a subcommand. */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Roll the latest golden AMI through the group: a new launch template version as the default, "
                + "an instance refresh (50% minimum healthy, skip matching), then a check through the load balancer "
                + "that every instance serves the new AMI.",
                "With --to N: roll back (or forward) to launch template version N instead."})
public final class RolloutCli implements Callable<Integer> {

    @Option(names = "--to", paramLabel = "VERSION", description = "Make this existing launch template version the default and roll it out.")
    Long toVersion;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
            description = "Give up waiting for the instance refresh after this long (it goes on in AWS; default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Option(names = "--url", paramLabel = "URL",
            description = "Verify through this URL instead of the stack's own (e.g. a CDN in front of the ALB).")
    URI url;

    private final StackContext context;

    public RolloutCli(StackContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var options = new Rollout.RolloutOptions(toVersion, Duration.ofMinutes(timeoutMinutes), url);
        options.validate(); // before the context builds clients: a user error never waits on AWS
        return new RolloutCommand().run(options, context.config(), context.clients(), System.out);
    }
}
