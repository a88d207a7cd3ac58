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
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Stands in for the ALB in front of the group's instances in moto: {@code /api/instance}
 * answers, round robin over the group's InService instances, with each one's id and the
 * image moto launched it from (the app's field names). So a verification passes only when
 * the instances really run the image.
 */
public final class MotoFleet implements AutoCloseable {

    private final HttpServer server;

    public MotoFleet(String group, AutoScalingClient autoScaling, Ec2Client ec2) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicInteger next = new AtomicInteger();
        server.createContext("/api/instance", exchange -> {
            List<String> inService = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups()
                    .get(0).instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString()))
                    .map(i -> i.instanceId()).sorted().toList();
            String id = inService.get(Math.floorMod(next.getAndIncrement(), inService.size()));
            String ami = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).imageId();
            byte[] body = ("{\"location\":\"ON_EC2\",\"instanceId\":\"" + id + "\",\"amiId\":\"" + ami + "\"}")
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
