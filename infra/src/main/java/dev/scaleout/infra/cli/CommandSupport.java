package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackSpecs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import dev.scaleout.infra.config.StackValidator;
import dev.scaleout.infra.database.EngineSupport;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.peering.PeeringSpecs;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CallCounter;
import dev.scaleout.support.Confirmation;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** What every command does first: read the config, settle the region, validate; and how it confirms and reports. */
final class CommandSupport {

    static final Path DEFAULT_CONFIG = Path.of("stack.yaml");

    private CommandSupport() {}

    /** The config as given, over the defaults, with the defaults note on {@code notes}; validation comes once the region is known. */
    static StackConfig load(StackOptions stack, PrintWriter notes) {
        if (stack.config != null) {
            return StackConfigLoader.load(stack.config);
        }
        if (Files.exists(DEFAULT_CONFIG)) {
            return StackConfigLoader.load(DEFAULT_CONFIG);
        }
        notes.println(
                "note: no --config and no ./stack.yaml: using the built-in defaults (see infra/stack.example.yaml)");
        return StackConfig.defaults();
    }

    /** {@code --region} over the config's region; empty lets the environment decide. */
    static Optional<String> regionOption(StackOptions stack, StackConfig config) {
        if (stack.region != null && !stack.region.isBlank()) {
            if (!AwsClients.isRegion(stack.region)) {
                throw ExitException.userError(
                        "--region '" + stack.region + "' is not an AWS region: e.g. --region eu-west-1");
            }
            return Optional.of(stack.region);
        }
        return Optional.ofNullable(config.region()).filter(r -> !r.isBlank());
    }

    static Optional<String> environmentRegion() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** --dry-run: the plan against an empty account, with no credentials and no AWS call; returns the config. */
    static StackConfig printDryRunPlan(StackOptions stack, String note) {
        StackConfig raw = load(stack, stack.err());
        String region = regionOption(stack, raw)
                .or(CommandSupport::environmentRegion)
                .orElseThrow(() -> ExitException.userError(
                        "no AWS region set: pass --region, or set 'region' in the config, or AWS_REGION"));
        StackConfig config = validated(raw, region);
        stack.out().println("Dry run: assuming an empty account in " + config.region() + note);
        stack.out()
                .print(PlanPrinter.render(Planner.plan(StackSpecs.specs(config), Discovery.Found.empty())
                        .withRegions(PeeringSpecs.regions(config))));
        // No AWS call here: the kit's own calendar of RDS support dates.
        EngineSupport.calendar(config.database().engineVersion())
                .flatMap(s -> s.warning(config.database(), EngineSupport.today()))
                .ifPresent(w -> stack.out().println("warning: " + w));
        printWarnings(stack, config);
        return config;
    }

    /** The config's "allowed, but likely not meant" lines ({@link StackValidator#warnings}), under the plan. */
    static void printWarnings(StackOptions stack, StackConfig config) {
        StackValidator.warnings(config).forEach(w -> stack.out().println("warning: " + w));
    }

    /** Validated, with the run's region filled in: what spec builders get. */
    static StackConfig validated(StackConfig config, String region) {
        StackValidator.validate(config, region);
        return config.withRegion(region);
    }

    /** True when the user typed "yes" (or passed --yes); read from the command's input, a terminal or not. */
    static boolean confirm(StackOptions stack, String question, boolean yes) {
        return yes || new Confirmation(stack.infra().in, stack.outStream(), true).ask(question);
    }

    /** The progress line on the command's output; rewritten in place only on a terminal. */
    static Progress progress(StackOptions stack) {
        return new Progress(stack.outStream(), Clock.systemUTC(), stack.infra().onTerminal());
    }

    static void report(StackOptions stack, CallCounter calls) {
        stack.out().println("AWS calls: " + calls.reads() + " reads, " + calls.mutating() + " mutating");
        if (stack.stats) {
            calls.byOperation().forEach((op, n) -> stack.out().println("  " + op + " " + n));
        }
    }
}
