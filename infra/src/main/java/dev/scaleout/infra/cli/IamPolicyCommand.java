package dev.scaleout.infra.cli;

import dev.scaleout.infra.iam.OperatorPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code iam-policy}: the least-privilege IAM policy (JSON) for whoever runs infra on this
 * config's stack (its prefix, project/stack path, domain and parameters). No credentials, no
 * AWS call.
 */
@Command(
        name = "iam-policy",
        mixinStandardHelpOptions = true,
        description = "Print the least-privilege IAM policy (JSON) for running plan, apply, destroy, status, rollout"
                + " and demo on the config's stack. No AWS call.")
public final class IamPolicyCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        stack.out().println(OperatorPolicy.json(stack.config()));
        return 0;
    }
}
