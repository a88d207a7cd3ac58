package dev.scaleout.app.ec2meta;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the IMDS emulator for one app under test and points the app at it: one test class's
 * (restricted to it) or those of the classes that declare it with the same arguments. Init arg {@code config}
 * names a classpath JSON file with metadata overrides (without it the emulator's defaults
 * apply); {@code disabled=true} switches IMDS off in the app as AWS_EC2_METADATA_DISABLED does.
 */
public class ImdsEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private static volatile ImdsEmulator running;
    private String config = "{}";
    private boolean disabled;

    /** The emulator of the app now running, for tests that take IMDS away. */
    static ImdsEmulator running() {
        return running;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        disabled = Boolean.parseBoolean(initArgs.get("disabled"));
        String resource = initArgs.get("config");
        if (resource != null) {
            try (InputStream in = getClass().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no test resource " + resource);
                }
                config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Map<String, String> start() {
        running = ImdsEmulator.start(config);
        return Map.of("ec2meta.imds.endpoint", running.endpoint(), "ec2meta.imds.disabled", String.valueOf(disabled));
    }

    @Override
    public void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
