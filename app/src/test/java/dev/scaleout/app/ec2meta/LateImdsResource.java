package dev.scaleout.app.ec2meta;

import dev.scaleout.support.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the app at a loopback port where IMDS is absent at start; the test brings it up later. */
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
