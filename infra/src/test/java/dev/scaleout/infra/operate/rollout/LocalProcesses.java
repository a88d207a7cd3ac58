package dev.scaleout.infra.operate.rollout;

import dev.scaleout.support.testing.FreePort;
import dev.scaleout.support.testing.TestTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes the verifier's test runs: AWS's IMDS emulator (IMDSv2 only) and the packaged
 * app pointed at it, each on a free loopback port. (The app module's own emulator launcher is
 * in its test sources, out of infra's reach; this is the part of it the test needs.)
 */
final class LocalProcesses {

    static final String APP_JAR_ENV = "SCALEOUT_APP_JAR";

    private LocalProcesses() {}

    /** A running process and the loopback port it listens on. */
    record Running(Process process, int port, Path log) implements AutoCloseable {

        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The emulator answering with this instance id and AMI id (its other values are its defaults). */
    static Running imds(String instanceId, String amiId) {
        Path binary = TestTools.require("EC2_METADATA_MOCK", ".tools/bin/ec2-metadata-mock");
        try {
            Path dir = Files.createTempDirectory("aemm");
            Path config = Files.writeString(
                    dir.resolve("aemm-config.json"),
                    "{\"metadata\": {\"values\": {" + "\"instance-id\": \"" + instanceId + "\", \"ami-id\": \"" + amiId
                            + "\"}}}");
            int port = FreePort.find();
            return start(
                    List.of(
                            binary.toString(),
                            "-I",
                            "-n",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(port),
                            "-c",
                            config.toString()),
                    Map.of(),
                    dir,
                    port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packaged app on a free port, reading IMDS from {@code imds}; no database (the instance API needs none). */
    static Running app(Running imds) {
        Path jar = appJar();
        try {
            Path dir = Files.createTempDirectory("app");
            int port = FreePort.find();
            return start(
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            jar.toString()),
                    Map.of(
                            "HTTP_PORT",
                            String.valueOf(port),
                            "EC2META_IMDS_ENDPOINT",
                            imds.url(),
                            "AWS_EC2_METADATA_DISABLED",
                            "false"),
                    dir,
                    port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** $SCALEOUT_APP_JAR, else the app module's build output in this checkout (mvn -pl app package). */
    static Path appJar() {
        String fromEnv = System.getenv(APP_JAR_ENV);
        Path jar = fromEnv != null && !fromEnv.isBlank()
                ? Path.of(fromEnv)
                : repoRoot().resolve("app/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build the app first (mvn -B -pl app -am package -DskipTests; "
                            + "a full 'mvn verify' builds it before infra), or set " + APP_JAR_ENV);
        }
        return jar;
    }

    private static Running start(List<String> command, Map<String, String> env, Path dir, int port) throws IOException {
        Path log = dir.resolve("process.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Running running = new Running(builder.start(), port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!running.process().isAlive()) {
                throw new IllegalStateException(command.get(0) + " exited with "
                        + running.process().exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return running;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        running.close();
        throw new IllegalStateException(
                command + " did not open port " + port + " within 60 s:\n" + Files.readString(log));
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/install-test-tools"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
