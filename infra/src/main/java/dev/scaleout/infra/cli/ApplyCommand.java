package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.compute.DesiredImage;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.cost.CostEstimate;
import dev.scaleout.infra.database.EngineSupport;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.operate.rollout.RolloutCommand;
import dev.scaleout.infra.vpn.ClientVpnEndpointType;
import dev.scaleout.infra.vpn.VpnSpecs;
import dev.scaleout.support.AwsClients;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code apply}: the plan, the hourly cost estimate, a confirmation, then the changes, with
 * progress while AWS works. A new image is rolled out the way {@code rollout} does it, after
 * every other change. Run again right after, it finds nothing to do and changes nothing.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = "Create or update the stack to match the config.")
public final class ApplyCommand implements Callable<Integer> {

    @Mixin
    StackOptions stack;

    @Option(
            names = {"--yes", "-y"},
            description = "Do not ask for confirmation.")
    boolean yes;

    /** For a new image, rolled out as {@code rollout} does it. */
    @Mixin
    DeployOptions deploy;

    @Option(
            names = "--dry-run",
            description = "No credentials and no AWS call: the plan and cost for an empty account; changes nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (dryRun) {
            StackConfig config = CommandSupport.printDryRunPlan(stack, "; nothing will be changed.");
            stack.out().println();
            stack.out().print(CostEstimate.of(config, config.region()).render());
            return 0;
        }
        AwsClients clients = stack.clients();
        StackConfig config = stack.config();
        StackRun run = new StackRun(config, clients, stack.outStream(), CommandSupport.progress(stack));
        if (config.vpn().enabled()) { // the client file's directory, before the endpoint is paid for
            run.registry().vpnFiles().checkWritable(ClientVpnEndpointType.clientFile(VpnSpecs.endpointName(config)));
        }
        run.image(); // a missing golden-AMI parameter is the user's to fix, found before any change
        Discovery.Found found = run.discover();
        Plan plan = run.plan(found);
        stack.out().print(PlanPrinter.render(plan));
        run.checkNames(plan);
        run.checkDeletionProtection(plan);
        run.checkEngineSupport(plan, EngineSupport.today())
                .ifPresent(w -> stack.out().println("warning: " + w));
        CommandSupport.printWarnings(stack, config);
        if (plan.isEmpty()) {
            CommandSupport.report(stack, clients.calls());
            return 0;
        }
        stack.out().println();
        stack.out().print(CostEstimate.of(config, config.region()).render());
        if (!CommandSupport.confirm(
                stack, "Apply these changes to stack '" + config.stack() + "' in " + config.region() + "?", yes)) {
            stack.out().println("Apply cancelled; nothing changed.");
            return 1;
        }
        Optional<DesiredImage> newImage = run.apply(plan, found);
        if (newImage.isPresent()) {
            stack.out()
                    .println("  ~ rolling out " + newImage.get().amiId() + " ("
                            + newImage.get().annotation() + ")");
            new RolloutCommand()
                    .deployImage(
                            newImage.get(),
                            config,
                            clients,
                            deploy.timeout(),
                            deploy.url(),
                            stack.outStream(),
                            stack.infra().onTerminal());
        }
        stack.out().println("Apply complete. " + plan.summary().replace("Plan: ", "Done: "));
        Endpoint.print(run, stack.out());
        CommandSupport.report(stack, clients.calls());
        return 0;
    }
}
