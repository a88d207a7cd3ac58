package dev.scaleout.infra.operate.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the app behind the load balancer: the stress API with its bearer token, and
 * /api/fleet naming the instance that "served" it. The answers are shaped like the app's
 * (StressState, Fleet with FleetMember rows) as its tests and README show them.
 */
final class FakeApp implements AutoCloseable {

    record Request(String method, String path, String authorization, String body, Instant at) {}

    private final HttpServer server;
    private final String token;
    private final Clock clock;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** The instance the next fleet pages say served them; the test moves it to the new instance. */
    volatile String servedBy;
    /** Status the stress API answers instead of its normal one (e.g. 403 when disabled); 0 = normal. */
    volatile int stressStatus;
    /** POSTs still to answer 409, as the app does while an earlier burn runs. */
    volatile int conflicts;
    /** Status DELETE answers instead of 200 (e.g. 502 when the ALB has no target); 0 = normal. */
    volatile int deleteStatus;
    /** Status /api/fleet answers with an ALB-style HTML error page instead of the fleet; 0 = normal. */
    volatile int fleetStatus;

    FakeApp(String token, Clock clock, String servedBy) throws IOException {
        this.token = token;
        this.clock = clock;
        this.servedBy = servedBy;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(method, path, authorization, body, clock.instant()));
        if (path.equals("/api/fleet") && method.equals("GET") && fleetStatus != 0) {
            answerHtml(
                    exchange,
                    fleetStatus,
                    "<html><body><center><h1>" + fleetStatus + " Bad Gateway</h1></center></body></html>");
            return;
        }
        if (path.equals("/api/fleet") && method.equals("GET")) {
            Instant at = clock.instant();
            answer(exchange, 200, """
                    {"at":"%s","servedBy":"%s","live":[{"instanceId":"%s","availabilityZone":"eu-west-1a",
                    "privateIp":"10.1.11.23","amiId":"ami-0123456789abcdef0","appVersion":"0.1.0-SNAPSHOT",
                    "startedAt":"%s","lastSeen":"%s","cpuPercent":93.5,"requestsLastBeat":4,"requestsTotal":17,
                    "requestsPerSecond":0.8,"self":true}],"gone":[]}""".formatted(at, servedBy, servedBy, at, at));
            return;
        }
        if (!path.startsWith("/api/stress")) {
            answer(exchange, 404, "{\"error\":\"Not found\"}");
            return;
        }
        if (stressStatus == 403) {
            answer(
                    exchange,
                    403,
                    "{\"error\":\"The stress API is disabled on this instance; start the app with STRESS_ENABLED=true to use it.\"}");
            return;
        }
        if (!("Bearer " + token).equals(authorization)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"stress\"");
            answer(
                    exchange,
                    401,
                    "{\"error\":\"Send the configured STRESS_TOKEN as 'Authorization: Bearer <token>'.\"}");
            return;
        }
        if (path.equals("/api/stress/cpu") && method.equals("POST") && conflicts > 0) {
            conflicts--;
            answer(
                    exchange,
                    409,
                    "{\"error\":\"A CPU stress burn is already running; stop it with DELETE /api/stress first.\"}");
        } else if (path.equals("/api/stress") && method.equals("DELETE") && deleteStatus != 0) {
            answerHtml(exchange, deleteStatus, "<html><body><h1>" + deleteStatus + "</h1></body></html>");
        } else if (path.equals("/api/stress/cpu") && method.equals("POST")) {
            Instant at = clock.instant();
            answer(exchange, 202, """
                    {"state":"running","load":100,"cores":2,"seconds":600,"remainingSeconds":600,"availableCores":2,\
                    "startedAt":"%s","endsAt":"%s"}""".formatted(at, at.plusSeconds(600)));
        } else if (path.equals("/api/stress") && method.equals("DELETE")) {
            answer(
                    exchange,
                    200,
                    "{\"state\":\"idle\",\"load\":0,\"cores\":0,\"seconds\":0,\"remainingSeconds\":0,\"availableCores\":2}");
        } else {
            answer(exchange, 405, "{\"error\":\"Method not allowed\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void answerHtml(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
