package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.cost.CostEstimate;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.support.ExitException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * {@code apply}: the plan, the hourly cost estimate, a confirmation, then the changes, with
 * progress while AWS works. Run again right after, it finds nothing to do and changes nothing.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Create or update the stack to match the config.")
public final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    InfraCli cli;

    @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--dry-run", description = "No credentials and no AWS call: the plan and cost for an empty account; changes nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (dryRun) {
            StackConfig config = CommandSupport.printDryRunPlan(cli, "; nothing will be changed.");
            cli.out.println();
            cli.out.print(CostEstimate.of(config, config.region()).render());
            return 0;
        }
        CommandSupport.Prepared p = CommandSupport.prepare(cli);
        StackRun run = new StackRun(p.config(), p.clients(), cli.out, CommandSupport.progress(cli));
        checkAmi(run);
        Discovery.Found found = run.discover();
        Plan plan = run.plan(found);
        PlanPrinter.print(plan, cli.out);
        if (plan.isEmpty()) {
            CommandSupport.report(cli, p.clients().calls());
            return 0;
        }
        cli.out.println();
        cli.out.print(CostEstimate.of(p.config(), p.config().region()).render());
        if (!CommandSupport.confirm(cli, "Apply these changes to stack '" + p.config().stack() + "' in "
                + p.config().region() + "?", yes)) {
            cli.out.println("Apply cancelled; nothing changed.");
            return 1;
        }
        run.apply(plan, found);
        cli.out.println("Apply complete. " + plan.summary().replace("Plan: ", "Done: "));
        Endpoint.print(run, cli.out);
        CommandSupport.report(cli, p.clients().calls());
        return 0;
    }

    /** A missing golden-AMI parameter is the user's to fix (run ami-builder), found before any change. */
    private static void checkAmi(StackRun run) {
        StackConfig.Instances i = run.config().instances();
        boolean needsImage = run.specs().stream().anyMatch(s -> s.type().equals("launch-template"));
        if (!needsImage || (i.amiId() != null && !i.amiId().isBlank())) {
            return;
        }
        try {
            run.registry().ssm().getParameter(r -> r.name(i.amiParameter()));
        } catch (ParameterNotFoundException e) {
            throw ExitException.userError("instances.amiParameter: SSM parameter " + i.amiParameter()
                    + " does not exist in " + run.config().region() + ": run ami-builder first, or set instances.amiId");
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw ExitException.aws("GetParameter", i.amiParameter(), e);
        }
    }
}
