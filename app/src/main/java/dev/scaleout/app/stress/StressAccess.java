package dev.scaleout.app.stress;

import dev.scaleout.app.api.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Who may use the stress API: nobody unless {@code stress.enabled}; then, if a token is
 * configured, only requests bearing it. The token is never logged or echoed.
 */
@ApplicationScoped
public class StressAccess {

    private static final String BEARER = "Bearer ";

    private final boolean enabled;
    private final Optional<byte[]> tokenDigest;

    StressAccess(StressConfig config) {
        this.enabled = config.enabled();
        this.tokenDigest =
                config.token().map(String::trim).filter(t -> !t.isEmpty()).map(StressAccess::sha256);
    }

    /** Why this request may not use the API: 403 or 401 with the error; null when it may. */
    record Denial(int status, ApiError error, String challenge) {}

    /** Null when a request with this Authorization header may use the API. */
    Denial denial(String authorization) {
        if (!enabled) {
            return new Denial(
                    403,
                    ApiError.of("The stress API is disabled on this instance; start the app with "
                            + "STRESS_ENABLED=true to use it."),
                    null);
        }
        if (tokenDigest.isPresent() && !bearsToken(authorization)) {
            return new Denial(
                    401,
                    ApiError.of("Send the configured STRESS_TOKEN as 'Authorization: Bearer <token>'."),
                    "Bearer realm=\"stress\"");
        }
        return null;
    }

    private boolean bearsToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // Comparing digests keeps the time independent of where, and whether, the lengths differ.
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        return MessageDigest.isEqual(presented, tokenDigest.get());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
