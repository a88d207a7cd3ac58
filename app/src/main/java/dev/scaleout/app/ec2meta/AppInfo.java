package dev.scaleout.app.ec2meta;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which build of the app runs here and since when; read once at start. */
@Startup
@ApplicationScoped
public class AppInfo {

    static final String BUILD_INFO = "build-info.properties";

    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = clock.instant();
    private final String version;
    private final String buildTime;
    private final String gitCommit;

    AppInfo(@ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.version = version;
        Properties build = load();
        this.buildTime = build.getProperty("build.time", "unknown");
        this.gitCommit = build.getProperty("git.commit", "unknown");
    }

    public String version() {
        return version;
    }

    public String buildTime() {
        return buildTime;
    }

    public String gitCommit() {
        return gitCommit;
    }

    /** The Java runtime, e.g. "25.0.1+8-LTS (Amazon.com Inc.)". */
    public String jvm() {
        return Runtime.version() + " (" + System.getProperty("java.vm.vendor", "unknown vendor") + ")";
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant now() {
        return clock.instant();
    }

    public Duration uptime() {
        return Duration.between(startedAt, clock.instant());
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = AppInfo.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_INFO, e);
        }
        return properties;
    }
}
