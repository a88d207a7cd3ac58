package dev.scaleout.infra.operate.rollout;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the ALB does for the verifier, and no more: forwards each GET to the next backend in
 * turn and relays its status and body.
 */
final class RoundRobinProxy implements AutoCloseable {

    private final HttpServer server;

    RoundRobinProxy(List<String> backends) {
        HttpClient client = HttpClient.newHttpClient();
        AtomicInteger next = new AtomicInteger();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String backend = backends.get(Math.floorMod(next.getAndIncrement(), backends.size()));
            try {
                HttpResponse<byte[]> response = client.send(
                        HttpRequest.newBuilder(URI.create(backend + exchange.getRequestURI()))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                response.headers()
                        .firstValue("Content-Type")
                        .ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
                exchange.sendResponseHeaders(
                        response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
                exchange.getResponseBody().write(response.body());
            } catch (IOException | InterruptedException e) {
                exchange.sendResponseHeaders(502, -1); // as the ALB answers when a target fails
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
