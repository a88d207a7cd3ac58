package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code plan}: what apply would change, like {@code terraform plan}; with --dry-run no AWS call at all. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Show the changes apply would make.")
public final class PlanCommand implements Callable<Integer> {

    @ParentCommand
    InfraCli cli;

    @Option(names = "--dry-run", description = "No credentials and no AWS call: plan against an empty account.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (dryRun) {
            CommandSupport.printDryRunPlan(cli, ".");
            return 0;
        }
        CommandSupport.Prepared p = CommandSupport.prepare(cli);
        StackRun run = new StackRun(p.config(), p.clients(), cli.out, CommandSupport.progress(cli));
        Plan plan = run.plan(run.discover());
        PlanPrinter.print(plan, cli.out);
        run.checkNames(plan);
        CommandSupport.report(cli, p.clients().calls());
        return 0;
    }
}
