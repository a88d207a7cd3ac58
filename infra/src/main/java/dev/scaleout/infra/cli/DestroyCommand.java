package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.support.ExitException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code destroy}: everything tagged with the stack, in reverse order, waiting where AWS
 * deletes in the background; then a fresh look, and exit 1 if anything is left.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, description = "Delete everything tagged with the stack.")
public final class DestroyCommand implements Callable<Integer> {

    @ParentCommand
    InfraCli cli;

    @Option(names = {"--yes", "-y"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        CommandSupport.Prepared p = CommandSupport.prepare(cli);
        StackRun run = new StackRun(p.config(), p.clients(), cli.out, CommandSupport.progress(cli));
        Discovery.Found found = run.discover();
        Plan plan = Planner.plan(List.of(), found);
        PlanPrinter.print(plan, cli.out);
        if (!plan.isEmpty() && !CommandSupport.confirm(cli, "Destroy all of stack '" + p.config().stack() + "' in "
                + p.config().region() + "? There is no undo.", yes)) {
            cli.out.println("Destroy cancelled; nothing changed.");
            return 1;
        }
        List<String> left = run.destroy(found);
        CommandSupport.report(cli, p.clients().calls());
        if (!left.isEmpty()) {
            left.forEach(l -> cli.out.println("  still there: " + l));
            throw ExitException.failure(left.size() + " resource(s) tagged Stack=" + p.config().stack()
                    + " remain; run destroy again, or delete them by hand");
        }
        cli.out.println("Destroy complete: nothing tagged Stack=" + p.config().stack() + " remains.");
        return 0;
    }
}
