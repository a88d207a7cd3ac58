package dev.scaleout.infra.cli;

import dev.scaleout.infra.operate.rollout.Rollout;
import dev.scaleout.infra.operate.rollout.RolloutCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code infra rollout}: the picocli face of {@link Rollout}. */
@Command(
        name = "rollout",
        mixinStandardHelpOptions = true,
        description = {
            "Roll an image through the group: a new launch template version with only the image changed, "
                    + "an instance refresh towards it (preferences from the config's rollout section: minimum healthy share, "
                    + "warm-up, skip matching, checkpoints, auto-rollback), then, once it succeeded, that version as the default "
                    + "and a check through the load balancer that every instance serves the image.",
            "The image: the one the config names now (instances.amiId, or the value of instances.amiParameter), "
                    + "or --ami; --to N or --previous roll back (or forward) to an existing version and its exact AMI."
        })
public final class RolloutCli implements Callable<Integer> {

    @Option(
            names = "--to",
            paramLabel = "VERSION",
            description = "Roll out this existing launch template version (and the AMI it names).")
    Long toVersion;

    @Option(
            names = "--previous",
            description = "Roll back to the version that was the default before the last rollout.")
    boolean previous;

    @Option(names = "--ami", paramLabel = "AMI", description = "Roll out this AMI instead of the one the config names.")
    String ami;

    @Mixin
    DeployOptions deploy;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        var options = new Rollout.RolloutOptions(toVersion, previous, ami, deploy.timeout(), deploy.url());
        options.validate(); // before the clients are built: a user error never waits on AWS
        int exit = new RolloutCommand()
                .run(
                        options,
                        stack.config(),
                        stack.clients(),
                        stack.outStream(),
                        stack.infra().onTerminal());
        CommandSupport.report(stack, stack.clients().calls());
        return exit;
    }
}
