package dev.scaleout.app.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.app.testsupport.HttpProbe;
import dev.scaleout.app.testsupport.SharedDatabase;
import dev.scaleout.app.testsupport.TestDatabase;
import dev.scaleout.support.testing.FreePort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (c) The app starts with the unit's exact ExecStart (paths mapped into an install.sh --root
 * tree, /usr/bin/java to a JDK standing in for the AMI's Corretto) and the installed env file
 * rendered with DB_* of a real database, answers on the health paths, and stops cleanly and
 * within TimeoutStopSec on SIGTERM.
 */
class ServiceStartIT {

    static final String ALB_HEALTH_PATH = "/ec2meta-webpage/index.php";

    private static TestDatabase database;
    private static String databaseName;
    private static Path root;

    @BeforeAll
    static void installAndStartDatabase() {
        root = Bundle.WORK.resolve("root-service");
        Bundle.deleteTree(root);
        Bundle.Result install = Bundle.run(
                List.of(Bundle.dir().resolve("install.sh").toString(), "--root", root.toString()), Map.of(), 120);
        assertThat(install.exit()).as(install.stderr()).isZero();
        database = SharedDatabase.get();
        databaseName = database.createDatabase();
    }

    @Test
    void startsWithTheUnitsCommandLineAnswersAndDrainsOnSigterm() throws Exception {
        Path unit = root.resolve("etc/systemd/system/scaleout-app.service");
        int port = FreePort.find();

        // the env file as user data would leave it: the template with the database filled in
        Path envFile = root.resolve("etc/scaleout-app/app.env");
        String rendered = Bundle.read(envFile)
                .replaceFirst("(?m)^#?DB_HOST=.*$", "DB_HOST=" + database.host())
                .replaceFirst("(?m)^#?DB_PORT=.*$", "DB_PORT=" + database.port())
                .replaceFirst("(?m)^#?DB_NAME=.*$", "DB_NAME=" + databaseName)
                .replaceFirst("(?m)^#?DB_USER=.*$", "DB_USER=" + database.user())
                .replaceFirst("(?m)^#?DB_PASSWORD=.*$", "DB_PASSWORD=" + database.password())
                .replaceFirst("(?m)^#?HTTP_PORT=.*$", "HTTP_PORT=" + port)
                .replaceFirst("(?m)^#?DRAIN_SECONDS=.*$", "DRAIN_SECONDS=2");
        Bundle.write(envFile, rendered);

        // the environment systemd would give: a minimal base, Environment=, then the env file
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/nonexistent");
        env.put("USER", "scaleout-app");
        env.putAll(Bundle.unitEnvironment(unit));
        assertThat(Bundle.value(unit, "Service", "EnvironmentFile")).isEqualTo("/etc/scaleout-app/app.env");
        env.putAll(Bundle.environmentFile(envFile));
        env.put("AWS_EC2_METADATA_DISABLED", "true"); // not an EC2 instance: skip the IMDS probe
        assertThat(env)
                .containsEntry("HTTP_PORT", String.valueOf(port))
                .containsEntry("DB_PORT", String.valueOf(database.port()));

        // what systemd creates for CacheDirectory= and LogsDirectory=
        Files.createDirectories(root.resolve("var/cache/" + Bundle.value(unit, "Service", "CacheDirectory")));
        Files.createDirectories(root.resolve("var/log/" + Bundle.value(unit, "Service", "LogsDirectory")));

        List<String> execStart = Bundle.execStart(unit);
        List<String> command = new ArrayList<>();
        command.add(Bundle.javaForUnit().toString());
        for (String arg : execStart.subList(1, execStart.size())) {
            command.add(mapPaths(arg));
        }
        assertThat(command).hasSameSizeAs(execStart);

        Path log = Bundle.WORK.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(root.resolve(Bundle.value(unit, "Service", "WorkingDirectory")
                                .substring(1))
                        .toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        long started = System.nanoTime();
        Process app = pb.start();
        try {
            int albStatus = awaitStatus(port, ALB_HEALTH_PATH, app, log, Duration.ofSeconds(90));
            long firstAnswerMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(HttpProbe.status(port, "/q/health/live"))
                    .as("liveness; log:\n%s", tail(log))
                    .isEqualTo(200);
            assertThat(awaitStatus(port, "/q/health/ready", app, log, Duration.ofSeconds(30)))
                    .as("readiness includes the database from the env file; log:\n%s", tail(log))
                    .isEqualTo(200);
            System.out.printf(
                    "ServiceStartIT: %s answered %d %d ms after process start%n",
                    ALB_HEALTH_PATH, albStatus, firstAnswerMs);

            // SIGTERM as systemd sends it; the JVM drains (readiness DOWN for DRAIN_SECONDS) and exits
            long stopStart = System.nanoTime();
            app.destroy();
            int timeoutStop = Integer.parseInt(Bundle.value(unit, "Service", "TimeoutStopSec"));
            assertThat(app.waitFor(timeoutStop, TimeUnit.SECONDS))
                    .as("stopped within TimeoutStopSec")
                    .isTrue();
            long stopMs = (System.nanoTime() - stopStart) / 1_000_000;
            List<String> success = new ArrayList<>(List.of("0"));
            success.addAll(Arrays.asList(
                    Bundle.value(unit, "Service", "SuccessExitStatus").split("\\s+")));
            assertThat(String.valueOf(app.exitValue()))
                    .as("exit status systemd counts as success; log:\n%s", tail(log))
                    .isIn(success);
            assertThat(stopMs).as("the drain delay was honoured").isGreaterThanOrEqualTo(2_000);
            assertThat(Bundle.read(log)).contains("stopped in").doesNotContain("Exception in thread");
            try (var crashFiles = Files.list(root.resolve("var/log/scaleout-app"))) {
                assertThat(crashFiles.toList()).as("JVM crash files").isEmpty();
            }
            assertThat(albStatus).as("ALB health path %s", ALB_HEALTH_PATH).isEqualTo(200);
        } finally {
            if (app.isAlive()) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** /opt/..., /var/... in an argument (alone or after '=') move into the --root tree. */
    private static String mapPaths(String arg) {
        return arg.replaceAll("(^|=)/(opt|var|etc)/", "$1" + root.toString().replace("\\", "\\\\") + "/$2/");
    }

    /** Polls until the path answers (any status); the first answer, the way an ALB would see it. */
    private static int awaitStatus(int port, String path, Process app, Path log, Duration max)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive())
                    .as("app exited early; log:\n%s", tail(log))
                    .isTrue();
            int status = HttpProbe.status(port, path);
            if (status == 200 || (status > 0 && !path.startsWith("/q/health/ready"))) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " did not answer in " + max + "; log:\n" + tail(log));
    }

    private static String tail(Path log) {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Bundle.read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
