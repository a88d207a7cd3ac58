package dev.scaleout.infra;

import dev.scaleout.infra.cli.ApplyCommand;
import dev.scaleout.infra.cli.CheckCli;
import dev.scaleout.infra.cli.DemoCli;
import dev.scaleout.infra.cli.DestroyCommand;
import dev.scaleout.infra.cli.IamPolicyCommand;
import dev.scaleout.infra.cli.PlanCommand;
import dev.scaleout.infra.cli.RolloutCli;
import dev.scaleout.infra.cli.StackOptions;
import dev.scaleout.infra.cli.StatusCli;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CliRunner;
import dev.scaleout.support.Terminal;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code infra plan|apply|destroy|status|rollout|demo|iam-policy}: the course's architecture from one
 * config file, and its operation. Each subcommand is one class with the {@link StackOptions}
 * mixin (--config, --region, --stats) and writes through picocli's writers.
 */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description =
                "Plan, apply or destroy the course's architecture (VPC, NAT, SGs, RDS, ALB, ASG), found by its tags.",
        subcommands = {
            PlanCommand.class,
            ApplyCommand.class,
            DestroyCommand.class,
            StatusCli.class,
            RolloutCli.class,
            DemoCli.class,
            IamPolicyCommand.class,
            CheckCli.class
        })
public final class InfraCli {

    /** How a run gets its AWS clients: from the environment, or a test's moto clients. */
    public final Function<Optional<String>, AwsClients> clients;
    /** Where picocli's writer for standard output goes. */
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

    /** The whole command tree, its standard output on {@link #out} (set after the subcommands: picocli hands it down). */
    public static CommandLine commandLine(InfraCli cli) {
        return CliRunner.commandLine(cli)
                .setOut(new PrintWriter(new OutputStreamWriter(cli.out, StandardCharsets.UTF_8), true));
    }

    /** Whether the output is a terminal, where a progress line or a screen is redrawn in place. */
    public boolean onTerminal() {
        return out == System.out && Terminal.isInteractive();
    }
}
