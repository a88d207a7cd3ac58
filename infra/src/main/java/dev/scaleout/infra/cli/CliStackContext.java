package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackValidator;
import dev.scaleout.infra.operate.StackContext;
import dev.scaleout.support.AwsClients;
import java.util.Optional;

/**
 * The stack for the operating commands, from the infra CLI's --config and --region: the
 * config is read and validated first (a mistake is exit 2 before credentials are looked
 * at); the clients are built only when a command asks for them.
 */
public final class CliStackContext implements StackContext {

    private final InfraCli cli;
    private StackConfig config;
    private AwsClients clients;

    public CliStackContext(InfraCli cli) {
        this.cli = cli;
    }

    @Override
    public StackConfig config() {
        if (config == null) {
            StackConfig raw = CommandSupport.load(cli, System.err); // stdout may be JSON (status --json)
            Optional<String> region = CommandSupport.regionOption(cli, raw).or(CommandSupport::environmentRegion);
            region.ifPresent(r -> StackValidator.validate(raw, r));
            config = region.map(raw::withRegion).orElse(raw);
        }
        return config;
    }

    @Override
    public AwsClients clients() {
        if (clients == null) {
            StackConfig loaded = config();
            clients = cli.clients.apply(CommandSupport.regionOption(cli, loaded));
            if (loaded.region() == null) {
                config = CommandSupport.validated(loaded, clients.region().id());
            }
        }
        return clients;
    }
}
