package dev.scaleout.app.testsupport;

import dev.scaleout.support.testing.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Shopify's Toxiproxy server (scripts/install-test-tools builds it), one TCP proxy in it, and
 * its HTTP API for faults ("toxics") on that proxy: latency, timeout (data held, never
 * delivered), reset_peer (connections reset).
 */
public final class Toxiproxy implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String PROXY = "database";

    private final Process server;
    private final String api;
    private final int listenPort;

    private Toxiproxy(Process server, String api, int listenPort) {
        this.server = server;
        this.api = api;
        this.listenPort = listenPort;
    }

    /** Starts the server and a proxy from a free port on 127.0.0.1 to {@code upstreamPort}. */
    public static Toxiproxy start(int upstreamPort) {
        Path binary = TestTool.find("TOXIPROXY", System.getProperty("user.dir") + "/../.tools/bin/toxiproxy-server");
        int apiPort = FreePort.find();
        int listenPort = FreePort.find();
        try {
            Process server = new ProcessBuilder(
                            binary.toString(), "-host", "127.0.0.1", "-port", String.valueOf(apiPort))
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "toxiproxy.log").toFile())
                    .start();
            Toxiproxy toxiproxy = new Toxiproxy(server, "http://127.0.0.1:" + apiPort, listenPort);
            toxiproxy.awaitApi();
            toxiproxy.call(
                    "POST",
                    "/proxies",
                    "{\"name\":\"" + PROXY + "\",\"listen\":\"127.0.0.1:" + listenPort + "\",\"upstream\":\"127.0.0.1:"
                            + upstreamPort + "\",\"enabled\":true}");
            return toxiproxy;
        } catch (IOException e) {
            throw new IllegalStateException("toxiproxy-server did not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return listenPort;
    }

    /** Adds a toxic on the way to the client, e.g. ("latency", "{\"latency\":3000}"). */
    public void add(String type, String attributes) {
        call(
                "POST",
                "/proxies/" + PROXY + "/toxics",
                "{\"name\":\"" + type + "\",\"type\":\"" + type + "\",\"stream\":\"downstream\",\"attributes\":"
                        + attributes + "}");
    }

    public void remove(String type) {
        call("DELETE", "/proxies/" + PROXY + "/toxics/" + type, null);
    }

    private void awaitApi() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(api + "/version")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("toxiproxy-server did not answer within 10 s (see target/toxiproxy.log)");
    }

    private void call(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Duration.ofSeconds(5))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(
                        method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.destroy();
        try {
            server.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
