package dev.scaleout.app.ec2meta;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The {@code ec2meta.*} settings. */
@ConfigMapping(prefix = "ec2meta")
public interface Ec2MetaConfig {

    Imds imds();

    /** How often the background read repeats. */
    Duration refreshInterval();

    interface Imds {

        /** Connect and read timeout of each IMDS call; off EC2 the first read fails within it. */
        Duration timeout();

        /**
         * Overrides the IMDS endpoint. When absent the SDK resolves it the standard way
         * ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, the profile, else 169.254.169.254).
         */
        Optional<URI> endpoint();

        /** Skip IMDS entirely (not on EC2); bound to the SDK's {@code AWS_EC2_METADATA_DISABLED}. */
        @WithDefault("false")
        boolean disabled();
    }
}
