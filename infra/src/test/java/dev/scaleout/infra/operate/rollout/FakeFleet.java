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
import java.util.function.IntFunction;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Stands in for the ALB in front of app instances in the rollout's end-to-end tests: answers
 * {@code /api/instance} with the app's field names, round robin over the instances.
 * (The verifier itself is tested against the real app: {@link RolloutVerifierAppIT}.)
 */
public final class FakeFleet implements AutoCloseable {

    public record Member(String instanceId, String amiId) {}

    private final HttpServer server;

    /** A fixed fleet. */
    FakeFleet(List<Member> members) {
        this(n -> members.get(Math.floorMod(n, members.size())));
    }

    /**
     * The group's InService instances in moto, each answering with the image moto really
     * launched it from: a verification passes only when the instances run the image.
     */
    public static FakeFleet ofGroup(String group, AutoScalingClient autoScaling, Ec2Client ec2) {
        return new FakeFleet(n -> {
            List<String> inService = autoScaling
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                    .autoScalingGroups()
                    .get(0)
                    .instances()
                    .stream()
                    .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                    .map(i -> i.instanceId())
                    .sorted()
                    .toList();
            String id = inService.get(Math.floorMod(n, inService.size()));
            return new Member(
                    id,
                    ec2.describeInstances(r -> r.instanceIds(id))
                            .reservations()
                            .get(0)
                            .instances()
                            .get(0)
                            .imageId());
        });
    }

    private FakeFleet(IntFunction<Member> nth) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger next = new AtomicInteger();
        server.createContext("/api/instance", exchange -> {
            Member m = nth.apply(next.getAndIncrement());
            byte[] body = ("{\"location\":\"ON_EC2\",\"instanceId\":\"" + m.instanceId() + "\",\"amiId\":\"" + m.amiId()
                            + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
