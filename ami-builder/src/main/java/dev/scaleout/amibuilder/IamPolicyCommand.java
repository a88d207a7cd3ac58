package dev.scaleout.amibuilder;

import dev.scaleout.amibuilder.iam.OperatorPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Prints the operator's least-privilege IAM policy (JSON). No credentials, no AWS call. */
@Command(
        name = "iam-policy",
        mixinStandardHelpOptions = true,
        description = "Print the least-privilege IAM policy (JSON) for whoever runs bake, list, prune and destroy")
public final class IamPolicyCommand implements Callable<Integer> {

    @ParentCommand
    AmiBuilderCli cli;

    @Option(
            names = "--prefix",
            defaultValue = Names.DEFAULT_PREFIX,
            description = "Prefix of every resource name (default: ${DEFAULT-VALUE})")
    String prefix;

    @Override
    public Integer call() {
        cli.env.out().println(OperatorPolicy.json(Settings.prefix(prefix)));
        return 0;
    }
}
