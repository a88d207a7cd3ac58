package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.cost.CostEstimate;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import dev.scaleout.infra.compute.DesiredImage;
import dev.scaleout.infra.operate.rollout.DeployOptions;
import dev.scaleout.infra.operate.rollout.RolloutCommand;
import java.util.Optional;

/**
 * {@code apply}: the plan, the hourly cost estimate, a confirmation, then the changes, with
 * progress while AWS works. A new image is rolled out the way {@code rollout} does it, after
 * every other change. Run again right after, it finds nothing to do and changes nothing.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Create or update the stack to match the config.")
public final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    InfraCli cli;

    @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation.")
    boolean yes;

    /** For a new image, rolled out as {@code rollout} does it. */
    @Mixin
    DeployOptions deploy;

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
        run.image(); // a missing golden-AMI parameter is the user's to fix, found before any change
        Discovery.Found found = run.discover();
        Plan plan = run.plan(found);
        PlanPrinter.print(plan, cli.out);
        run.checkNames(plan);
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
        Optional<DesiredImage> newImage = run.apply(plan, found);
        if (newImage.isPresent()) {
            cli.out.println("  ~ rolling out " + newImage.get().amiId() + " (" + newImage.get().annotation() + ")");
            new RolloutCommand().deployImage(newImage.get(), p.config(), p.clients(), deploy.timeout(), deploy.url(), cli.out);
        }
        cli.out.println("Apply complete. " + plan.summary().replace("Plan: ", "Done: "));
        Endpoint.print(run, cli.out);
        CommandSupport.report(cli, p.clients().calls());
        return 0;
    }
}
