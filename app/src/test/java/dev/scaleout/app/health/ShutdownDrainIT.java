package dev.scaleout.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.app.testsupport.HttpProbe;
import dev.scaleout.app.testsupport.SharedDatabase;
import dev.scaleout.app.testsupport.TestDatabase;
import dev.scaleout.support.testing.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on the packaged app, as systemd sends it when the ASG terminates an instance:
 * readiness goes down at once while the app keeps serving for the drain window (the target
 * group's deregistration delay), then it exits cleanly.
 */
class ShutdownDrainIT {

    private static final int DRAIN_SECONDS = 3;
    private static TestDatabase database;
    private static String databaseName;

    @BeforeAll
    static void startDatabase() {
        database = SharedDatabase.get();
        databaseName = database.createDatabase();
    }

    @Test
    void readinessGoesDownFirstAndTheAppServesThroughTheDrainWindow() throws Exception {
        int port = FreePort.find();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "drain-it.log").toFile());
        builder.environment().putAll(database.appEnvironment(databaseName));
        builder.environment().put("HTTP_PORT", String.valueOf(port));
        builder.environment().put("DRAIN_SECONDS", String.valueOf(DRAIN_SECONDS));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process app = builder.start();
        try {
            awaitStatus(port, "/q/health/ready", 200, Duration.ofSeconds(30));
            // A settled instance, as the ASG terminates one: the first fleet read makes the schema, so
            // SIGTERM does not cut that Liquibase migration short (readiness is up before it ends).
            awaitStatus(port, "/api/fleet", 200, Duration.ofSeconds(30));

            long signalled = System.nanoTime();
            app.destroy(); // SIGTERM
            awaitStatus(port, "/q/health/ready", 503, Duration.ofSeconds(1));
            assertThat(HttpProbe.status(port, "/ec2meta-webpage/index.php"))
                    .as("still serving while draining")
                    .isEqualTo(200);
            Thread.sleep(1000);
            assertThat(HttpProbe.status(port, "/ec2meta-webpage/index.php"))
                    .as("still serving 1 s later")
                    .isEqualTo(200);

            assertThat(app.waitFor(DRAIN_SECONDS + 10, TimeUnit.SECONDS))
                    .as("exited after the drain window")
                    .isTrue();
            Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - signalled);
            assertThat(stoppedAfter).isGreaterThanOrEqualTo(Duration.ofSeconds(DRAIN_SECONDS));
            assertThat(Files.readString(Path.of("target", "drain-it.log"))).doesNotContain("ERROR");
        } finally {
            app.destroyForcibly();
        }
    }

    private static void awaitStatus(int port, String path, int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = HttpProbe.status(port, path);
            if (last == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " answered " + last + ", not " + expected + ", within " + within);
    }
}
