package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code destroy}: everything tagged with the stack, in reverse order, waiting where AWS
 * deletes in the background (deletion protection of the ALB and the database turned off
 * after the confirmation, just before each is deleted); then a fresh look, and exit 1 if anything is left but what the
 * config asked to keep (a final database snapshot, named with the command that deletes it).
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, description = "Delete everything tagged with the stack.")
public final class DestroyCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Option(
            names = {"--yes", "-y"},
            description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        AwsClients clients = stack.clients();
        StackConfig config = stack.config();
        StackRun run = new StackRun(config, clients, stack.outStream(), CommandSupport.progress(stack));
        Discovery.Found found = run.discover();
        Plan plan = Planner.plan(List.of(), found);
        stack.out().print(PlanPrinter.render(plan));
        List<String> protectedOnes = run.deletionProtected(found);
        protectedOnes.forEach(key -> stack.out()
                .println("  " + key + " has deletion protection on: destroy turns it off after you confirm,"
                        + " just before deleting it"));
        if (!plan.isEmpty()
                && !CommandSupport.confirm(
                        stack,
                        "Destroy all of stack '" + config.stack() + "' in " + config.region() + "? There is no undo.",
                        yes)) {
            stack.out().println("Destroy cancelled; nothing changed.");
            return 1;
        }
        List<String> left = run.destroy(found);
        CommandSupport.report(stack, clients.calls());
        run.notes().forEach(n -> stack.out().println("  " + n));
        run.kept().forEach(k -> stack.out().println("  " + k));
        if (!left.isEmpty()) {
            left.forEach(l -> stack.out().println("  still there: " + l));
            throw ExitException.failure(left.size() + " resource(s) tagged Stack=" + config.stack()
                    + " remain; run destroy again, or delete them by hand");
        }
        stack.out()
                .println("Destroy complete: nothing tagged Stack=" + config.stack() + " remains"
                        + (run.kept().isEmpty() ? "." : " but what is kept on purpose (above)."));
        return 0;
    }
}
