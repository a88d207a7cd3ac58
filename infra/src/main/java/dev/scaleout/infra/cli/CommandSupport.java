package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.StackSpecs;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import dev.scaleout.infra.config.StackValidator;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CallCounter;
import dev.scaleout.support.Confirmation;
import dev.scaleout.support.ExitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import dev.scaleout.support.Progress;
import dev.scaleout.support.Terminal;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** What every command does first: read the config, settle the region, validate; and how it confirms and reports. */
final class CommandSupport {

    static final Path DEFAULT_CONFIG = Path.of("stack.yaml");

    private CommandSupport() {
    }

    /** The config as given, over the defaults; validation comes once the region is known. */
    static StackConfig load(InfraCli cli) {
        return load(cli, cli.out);
    }

    /** As {@link #load(InfraCli)}, with the defaults note on {@code notes} (stderr where stdout is JSON). */
    static StackConfig load(InfraCli cli, java.io.PrintStream notes) {
        if (cli.config != null) {
            return StackConfigLoader.load(cli.config);
        }
        if (Files.exists(DEFAULT_CONFIG)) {
            return StackConfigLoader.load(DEFAULT_CONFIG);
        }
        notes.println("note: no --config and no ./stack.yaml: using the built-in defaults (see infra/stack.example.yaml)");
        return StackConfig.defaults();
    }

    /** {@code --region} over the config's region; empty lets the environment decide. */
    static Optional<String> regionOption(InfraCli cli, StackConfig config) {
        if (cli.region != null && !cli.region.isBlank()) {
            if (!AwsClients.isRegion(cli.region)) {
                throw ExitException.userError("--region '" + cli.region + "' is not an AWS region: e.g. --region eu-west-1");
            }
            return Optional.of(cli.region);
        }
        return Optional.ofNullable(config.region()).filter(r -> !r.isBlank());
    }

    /** For --dry-run: the region without credentials (option, config, then AWS_REGION or the profile). */
    static String regionWithoutCredentials(InfraCli cli, StackConfig config) {
        return regionOption(cli, config).orElseGet(() -> {
            try {
                return new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (SdkClientException e) {
                throw ExitException.userError("no AWS region set: pass --region, or set 'region' in the config, or AWS_REGION");
            }
        });
    }

    static Optional<String> environmentRegion() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** --dry-run: the plan against an empty account, with no credentials and no AWS call; returns the config. */
    static StackConfig printDryRunPlan(InfraCli cli, String note) {
        StackConfig raw = load(cli);
        StackConfig config = validated(raw, regionWithoutCredentials(cli, raw));
        cli.out.println("Dry run: assuming an empty account in " + config.region() + note);
        PlanPrinter.print(Planner.plan(StackSpecs.specs(config), Discovery.Found.empty()), cli.out);
        return config;
    }

    /** Validated, with the run's region filled in: what spec builders get. */
    static StackConfig validated(StackConfig config, String region) {
        StackValidator.validate(config, region);
        return config.withRegion(region);
    }

    /** Loads, validates with the option/config region, then builds clients (credentials checked): no AWS call yet. */
    static Prepared prepare(InfraCli cli) {
        StackConfig raw = load(cli);
        Optional<String> region = regionOption(cli, raw);
        // Config mistakes first, before credentials are even looked at; the region from the
        // environment when neither option nor config names one (if none, the clients say so).
        Optional<String> forValidation = region.or(CommandSupport::environmentRegion);
        forValidation.ifPresent(r -> StackValidator.validate(raw, r));
        AwsClients clients = cli.clients.apply(region);
        return new Prepared(validated(raw, clients.region().id()), clients);
    }

    record Prepared(StackConfig config, AwsClients clients) {
    }

    /** True when the user typed "yes" (or passed --yes); read from the command's input, a terminal or not. */
    static boolean confirm(InfraCli cli, String question, boolean yes) {
        return yes || new Confirmation(cli.in, cli.out, true).ask(question);
    }

    /** The progress line on the command's output; rewritten in place only on a terminal. */
    static Progress progress(InfraCli cli) {
        return new Progress(cli.out, Clock.systemUTC(), cli.out == System.out && Terminal.isInteractive());
    }

    static void report(InfraCli cli, CallCounter calls) {
        cli.out.println("AWS calls: " + calls.reads() + " reads, " + calls.mutating() + " mutating");
        if (cli.stats) {
            calls.byOperation().forEach((op, n) -> cli.out.println("  " + op + " " + n));
        }
    }
}
