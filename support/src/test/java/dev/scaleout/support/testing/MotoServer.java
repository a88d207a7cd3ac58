package dev.scaleout.support.testing;

import dev.scaleout.support.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The moto server, the AWS API emulator, as a child process on a free loopback port. Tests
 * share one per JVM through {@link MotoExtension}; {@link #start()} starts a server of one's own.
 */
public final class MotoServer implements AutoCloseable {

    public static final String REGION = "eu-west-1";

    /**
     * Two of the Amazon images moto knows in every region (its bundled list): tests that need
     * an AMI name these, as describing all of Amazon's (1,291) costs moto a second or more.
     */
    public static final List<String> IMAGES = List.of("ami-03cf127a", "ami-12c6146b");

    /** How long after the request moto issues a DNS-validated ACM certificate. */
    public static final Duration ACM_VALIDATION_WAIT = Duration.ofSeconds(4);

    private final Process process;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static MotoServer start() {
        Path moto = TestTools.require("MOTO_SERVER", ".tools/venv/bin/moto_server");
        int port = FreePort.find();
        try {
            ProcessBuilder builder = new ProcessBuilder(moto.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "moto-" + port + ".log").toFile());
            // The CLIs attach AWS-managed policies (SSM core, Image Builder), which moto only knows with this.
            builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
            // ACM issues a DNS-validated certificate this many seconds after the request (moto's
            // default: 60). Short, yet long enough that a test sees it pending before it is issued.
            builder.environment().put("MOTO_ACM_VALIDATION_WAIT", String.valueOf(ACM_VALIDATION_WAIT.toSeconds()));
            Process process = builder.start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            server.awaitUp();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + moto, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clients for this server, as a CLI builds them, in the region tests use. */
    public AwsClients clients() {
        return new AwsClients(
                Region.of(REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Optional.of(endpoint));
    }

    /** Forgets every resource, so tests that share a server start from an empty account. */
    public void reset() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    endpoint.resolve("/moto-api/reset").toURL().openConnection();
            c.setRequestMethod("POST");
            if (c.getResponseCode() != 200) {
                throw new IllegalStateException("moto reset answered " + c.getResponseCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitUp() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "moto_server exited with " + process.exitValue() + ", see target/moto-*.log");
            }
            try {
                HttpURLConnection c = (HttpURLConnection)
                        endpoint.resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(200);
                if (c.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within 30 s");
    }

    @Override
    public void close() {
        process.destroy();
    }
}
