package dev.scaleout.app.stress;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code stress.*}: the API is off unless enabled; a configured token is then required. */
@ConfigMapping(prefix = "stress")
public interface StressConfig {

    /** STRESS_ENABLED. */
    boolean enabled();

    /** STRESS_TOKEN; an empty value means no token is required. */
    Optional<String> token();
}
