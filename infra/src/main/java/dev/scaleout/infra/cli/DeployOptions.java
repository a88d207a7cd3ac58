package dev.scaleout.infra.cli;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of an image deployment, shared by {@code rollout} and {@code apply} (a picocli mixin). */
public final class DeployOptions {

    @Option(
            names = "--timeout",
            paramLabel = "MINUTES",
            defaultValue = "30",
            description =
                    "Give up waiting for an instance refresh after this long (it goes on in AWS; default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description =
                    "Verify a rolled-out image through this URL instead of the stack's own (e.g. a CDN in front of the ALB).")
    URI url;

    public Duration timeout() {
        return Duration.ofMinutes(timeoutMinutes);
    }

    public URI url() {
        return url;
    }
}
