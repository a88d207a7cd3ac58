package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackValidator;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.WriterStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every infra command takes (a picocli mixin, as jbang wires its commands), and
 * what follows from them: the config, read and validated first (a mistake is exit 2 before
 * credentials are looked at), the run's AWS clients, built only when a command asks, and the
 * command's output, always picocli's writers.
 */
public final class StackOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Stack config (YAML) over the built-in defaults; default: ./stack.yaml if present, else the defaults.")
    Path config;

    @Option(
            names = "--region",
            description = "AWS region; default: the config's 'region', else AWS_REGION / the profile's region.")
    String region;

    @Option(names = "--stats", description = "Print the AWS calls made, by operation, at the end.")
    boolean stats;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private StackConfig loaded;
    private AwsClients clients;
    private PrintStream outStream;

    /** The config with the run's region once known; the defaults note goes to stderr (stdout may be JSON). */
    public StackConfig config() {
        if (loaded == null) {
            StackConfig raw = CommandSupport.load(this, err());
            Optional<String> region = CommandSupport.regionOption(this, raw).or(CommandSupport::environmentRegion);
            region.ifPresent(r -> StackValidator.validate(raw, r));
            loaded = region.map(raw::withRegion).orElse(raw);
        }
        return loaded;
    }

    /** The run's clients (credentials checked, no AWS call yet); the config is validated first. */
    public AwsClients clients() {
        if (clients == null) {
            StackConfig config = config();
            clients = infra().clients.apply(CommandSupport.regionOption(this, config));
            if (config.region() == null) {
                loaded = CommandSupport.validated(config, clients.region().id());
            }
        }
        return clients;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@link #out()} for code that prints to a stream (plans, progress, the engine). */
    public PrintStream outStream() {
        if (outStream == null) {
            outStream = WriterStream.of(out());
        }
        return outStream;
    }

    InfraCli infra() {
        return (InfraCli) spec.root().userObject();
    }
}
