package dev.scaleout.infra.operate;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.AwsClients;

/**
 * What the operate commands need from the infra CLI: the stack's config and the run's AWS
 * clients. The CLI implements it (from its --config / --region options); the commands call
 * it only when they run, after picocli has parsed the options.
 */
public interface StackContext {

    StackConfig config();

    AwsClients clients();
}
