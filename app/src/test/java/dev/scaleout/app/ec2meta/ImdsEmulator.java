package dev.scaleout.app.ec2meta;

import dev.scaleout.support.testing.FreePort;
import dev.scaleout.support.testing.TestTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * AWS's IMDS emulator (amazon-ec2-metadata-mock) as a child process on a free loopback port,
 * IMDSv2 only ({@code -I}: requests without a session token get 401).
 */
final class ImdsEmulator implements AutoCloseable {

    static final String BINARY_ENV = "EC2_METADATA_MOCK";
    static final String REPO_BINARY = ".tools/bin/ec2-metadata-mock";

    private final Process process;
    private final int port;
    private final Path log;

    private ImdsEmulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the emulator; {@code configJson} overrides its metadata values (see its README). */
    static ImdsEmulator start(String configJson) {
        return start(configJson, FreePort.find());
    }

    /** Starts the emulator on a given loopback port, e.g. one the app was already pointed at. */
    static ImdsEmulator start(String configJson, int port) {
        Path binary = binary();
        try {
            Path dir = Files.createTempDirectory("aemm");
            Path config = Files.writeString(dir.resolve("aemm-config.json"), configJson);
            Path log = dir.resolve("aemm.log");
            List<String> command = new ArrayList<>(List.of(
                    binary.toString(), "-I", "-n", "127.0.0.1", "-p", String.valueOf(port), "-c", config.toString()));
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            ImdsEmulator emulator = new ImdsEmulator(process, port, log);
            emulator.awaitPort();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the IMDS emulator " + binary, e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "IMDS emulator exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException(
                "IMDS emulator did not open port " + port + " within 10 s:\n" + Files.readString(log));
    }

    /** The binary from $EC2_METADATA_MOCK, else the one scripts/test builds into the repo; never skipped. */
    static Path binary() {
        return TestTools.require(BINARY_ENV, REPO_BINARY);
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
