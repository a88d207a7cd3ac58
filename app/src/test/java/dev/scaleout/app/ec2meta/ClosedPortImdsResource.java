package dev.scaleout.app.ec2meta;

import dev.scaleout.support.testing.FreePort;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** IMDS absent: the endpoint is a loopback port nobody listens on (connection refused). */
public class ClosedPortImdsResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("ec2meta.imds.endpoint", "http://127.0.0.1:" + FreePort.find(), "ec2meta.imds.disabled", "false");
    }

    @Override
    public void stop() {}
}
