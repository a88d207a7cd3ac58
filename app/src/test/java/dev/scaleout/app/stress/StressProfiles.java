package dev.scaleout.app.stress;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The configurations the stress tests run under; each one costs a Quarkus restart. */
public final class StressProfiles {

    public static final String TOKEN = "t0ken-for-tests";

    private StressProfiles() {}

    /** STRESS_ENABLED=true and no token: anyone may call the API. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stress.enabled", "true", "stress.token", "");
        }
    }

    /** STRESS_ENABLED=true and STRESS_TOKEN set. */
    public static class EnabledWithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stress.enabled", "true", "stress.token", TOKEN);
        }
    }
}
