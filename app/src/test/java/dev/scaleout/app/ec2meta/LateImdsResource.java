package dev.scaleout.app.ec2meta;

import dev.scaleout.support.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the app at a loopback port nobody listens on (connection refused); the test may bring IMDS up there later. */
public class LateImdsResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port;

    static int port() {
        return port;
    }

    @Override
    public Map<String, String> start() {
        port = FreePort.find();
        return Map.of("ec2meta.imds.endpoint", "http://127.0.0.1:" + port, "ec2meta.imds.disabled", "false");
    }

    @Override
    public void stop() {}
}
