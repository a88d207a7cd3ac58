package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.EngineSupport;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.support.AwsClients;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plan}: what apply would change, like {@code terraform plan}; with --dry-run no AWS call at all. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Show the changes apply would make.")
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Option(names = "--dry-run", description = "No credentials and no AWS call: plan against an empty account.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (dryRun) {
            CommandSupport.printDryRunPlan(stack, ".");
            return 0;
        }
        AwsClients clients = stack.clients();
        StackConfig config = stack.config();
        StackRun run = new StackRun(config, clients, stack.outStream(), CommandSupport.progress(stack));
        Plan plan = run.plan(run.discover());
        stack.out().print(PlanPrinter.render(plan));
        run.checkNames(plan);
        run.deletionProtectionConflicts(plan).forEach(w -> stack.out().println("warning: " + w));
        run.checkEngineSupport(plan, EngineSupport.today())
                .ifPresent(w -> stack.out().println("warning: " + w));
        CommandSupport.printWarnings(stack, config);
        CommandSupport.report(stack, clients.calls());
        return 0;
    }
}
