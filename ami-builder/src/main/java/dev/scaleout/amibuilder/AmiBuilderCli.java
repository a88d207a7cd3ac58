package dev.scaleout.amibuilder;

import dev.scaleout.support.CliRunner;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * ami-builder: bakes the app's install bundle into a golden AMI with EC2 Image Builder.
 * Without a subcommand it bakes.
 */
@Command(
        name = "ami-builder",
        mixinStandardHelpOptions = true,
        version = "ami-builder 0.1.0",
        description = "Bakes scaleout-app into a golden AMI with EC2 Image Builder. Default command: bake.",
        subcommands = {
            BakeCommand.class,
            PlanCommand.class,
            ListCommand.class,
            PruneCommand.class,
            DestroyCommand.class,
            IamPolicyCommand.class
        })
public final class AmiBuilderCli {

    static final Set<String> SUBCOMMANDS = Set.of("bake", "plan", "list", "prune", "destroy", "iam-policy", "help");

    final Env env;

    public AmiBuilderCli(Env env) {
        this.env = env;
    }

    public static void main(String[] args) {
        // the SDK logs through SLF4J and ships no binding: keep its 3-line warning off an error's one line
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(run(Env.real(), args));
    }

    /** Runs with "bake" in front unless a subcommand or --help/--version is given. */
    public static int run(Env env, String... args) {
        return CliRunner.commandLine(new AmiBuilderCli(env))
                .setOut(new PrintWriter(env.out(), true))
                .setErr(new PrintWriter(env.err(), true))
                .execute(withDefaultCommand(args));
    }

    static String[] withDefaultCommand(String[] args) {
        if (args.length > 0
                && (SUBCOMMANDS.contains(args[0])
                        || Set.of("-h", "--help", "-V", "--version").contains(args[0]))) {
            return args;
        }
        String[] withBake = new String[args.length + 1];
        withBake[0] = "bake";
        System.arraycopy(args, 0, withBake, 1, args.length);
        return withBake;
    }
}
