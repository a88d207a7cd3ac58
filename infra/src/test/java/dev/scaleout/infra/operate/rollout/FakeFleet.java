package dev.scaleout.infra.operate.rollout;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the ALB in front of app instances in the rollout's end-to-end test: answers
 * {@code /api/instance} with the app's field names, round robin over the given instances.
 * (The verifier itself is tested against the real app: {@link RolloutVerifierAppIT}.)
 */
final class FakeFleet implements AutoCloseable {

    record Member(String instanceId, String amiId) {
    }

    private final HttpServer server;

    FakeFleet(List<Member> members) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger next = new AtomicInteger();
        server.createContext("/api/instance", exchange -> {
            Member m = members.get(Math.floorMod(next.getAndIncrement(), members.size()));
            byte[] body = ("{\"location\":\"ON_EC2\",\"instanceId\":\"" + m.instanceId() + "\",\"amiId\":\"" + m.amiId() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
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
