package dev.scaleout.infra;

import dev.scaleout.infra.cli.ApplyCommand;
import dev.scaleout.infra.cli.CliStackContext;
import dev.scaleout.infra.cli.DestroyCommand;
import dev.scaleout.infra.cli.PlanCommand;
import dev.scaleout.infra.operate.StackContext;
import dev.scaleout.infra.operate.demo.DemoCli;
import dev.scaleout.infra.operate.rollout.RolloutCli;
import dev.scaleout.infra.operate.status.StatusCli;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CliRunner;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code infra plan|apply|destroy|status|rollout|demo}: the course's architecture from one config file, and its operation. */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "Plan, apply or destroy the course's architecture (VPC, NAT, SGs, RDS, ALB, ASG), found by its tags.",
        subcommands = {PlanCommand.class, ApplyCommand.class, DestroyCommand.class})
public final class InfraCli {

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Stack config (YAML) over the built-in defaults; default: ./stack.yaml if present, else the defaults.")
    public Path config;

    @Option(names = "--region", scope = ScopeType.INHERIT,
            description = "AWS region; default: the config's 'region', else AWS_REGION / the profile's region.")
    public String region;

    @Option(names = "--stats", scope = ScopeType.INHERIT, description = "Print the AWS calls made, by operation, at the end.")
    public boolean stats;

    /** How a run gets its AWS clients: from the environment, or a test's moto clients. */
    public final Function<Optional<String>, AwsClients> clients;
    public final PrintStream out;
    public final InputStream in;

    public InfraCli() {
        this(AwsClients::fromEnvironment, System.out, System.in);
    }

    public InfraCli(Function<Optional<String>, AwsClients> clients, PrintStream out, InputStream in) {
        this.clients = clients;
        this.out = out;
        this.in = in;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new InfraCli()).execute(args));
    }

    /**
     * The whole command tree. The operating commands (status, rollout, demo) take the stack
     * through a {@link StackContext} built from this command's --config and --region.
     */
    public static CommandLine commandLine(InfraCli cli) {
        StackContext context = new CliStackContext(cli);
        return CliRunner.commandLine(cli)
                .addSubcommand(new StatusCli(context))
                .addSubcommand(new RolloutCli(context))
                .addSubcommand(new DemoCli(context))
                // after the subcommands: picocli hands the writer to those already added
                .setOut(new PrintWriter(new OutputStreamWriter(cli.out, StandardCharsets.UTF_8), true));
    }
}
