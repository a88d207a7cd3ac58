package dev.scaleout.app.ec2meta;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** IMDS absent: the endpoint is a loopback port nobody listens on (connection refused). */
public class ClosedPortImdsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("ec2meta.imds.endpoint", "http://127.0.0.1:" + ImdsEmulator.freePort(),
                    "ec2meta.imds.disabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
