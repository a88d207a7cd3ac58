package dev.scaleout.infra.operate.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.FleetPage;
import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app's stress and fleet endpoints, reached through the load balancer like a user would.
 * The token goes only into the Authorization header: no message here ever contains it.
 */
public class StressApi {

    /** What the app answered to a start: its state, as the app reports it. */
    public record Started(int seconds, int cores, int load, String endsAt) {}

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration requestTimeout;

    public StressApi(HttpClient http, URI base, String token, Duration requestTimeout) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.requestTimeout = requestTimeout;
    }

    public URI base() {
        return base;
    }

    /**
     * POST /api/stress/cpu. A 409 (a burn from an earlier run still going on the instance the
     * ALB picked) is stopped and the start tried once more, so this run starts from its own burn.
     */
    public Started start(int seconds, Integer cores, int load) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seconds", seconds);
        if (cores != null) {
            body.put("cores", cores);
        }
        body.put("load", load);
        String json = OperateJson.line(body);
        HttpResponse<String> response = send(
                authorized("/api/stress/cpu")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json")
                        .build(),
                "POST /api/stress/cpu");
        if (response.statusCode() == 409) {
            stop();
            response = send(
                    authorized("/api/stress/cpu")
                            .POST(HttpRequest.BodyPublishers.ofString(json))
                            .header("Content-Type", "application/json")
                            .build(),
                    "POST /api/stress/cpu");
        }
        if (response.statusCode() != 202) {
            throw ExitException.failure("POST " + base.resolve("/api/stress/cpu") + " answered HTTP "
                    + response.statusCode() + appError(response) + hint(response.statusCode()));
        }
        JsonNode state = readJson(response.body());
        return new Started(
                state.path("seconds").asInt(seconds),
                state.path("cores").asInt(cores == null ? 0 : cores),
                state.path("load").asInt(load),
                state.path("endsAt").asText(null));
    }

    /** DELETE /api/stress once; true when the app answered 200 (it was stopped, or was idle there). */
    public boolean stop() {
        HttpResponse<String> response = send(authorized("/api/stress").DELETE().build(), "DELETE /api/stress");
        return response.statusCode() == 200;
    }

    /** GET /api/fleet: the served event of its answer; empty for an error page or a failed request. */
    public Optional<Event> fleetPage() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/api/fleet"))
                            .timeout(requestTimeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? FleetPage.served(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a target being added or drained: the next poll asks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpRequest.Builder authorized(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        return token == null || token.isEmpty() ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ExitException.failure(what + " at " + base + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ExitException.failure(what + " at " + base + " interrupted");
        }
    }

    private static String appError(HttpResponse<String> response) {
        try {
            JsonNode error = OperateJson.mapper().readTree(response.body()).get("error");
            return error == null ? "" : " (" + error.asText() + ")";
        } catch (IOException | RuntimeException notJson) {
            return ""; // an ALB error page: the status says enough
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 ->
                ": the token in instances.stressTokenParameter is not the one the instances read at boot;"
                        + " replace the instances (infra rollout) after changing it";
            case 403 -> ": the stress API is off on the instance; set instances.stressTokenParameter and apply";
            case 502, 503, 504 -> ": no healthy instance behind the load balancer yet; check with 'infra status'";
            default -> "";
        };
    }

    private static JsonNode readJson(String body) {
        try {
            return OperateJson.mapper().readTree(body);
        } catch (IOException e) {
            return OperateJson.mapper().createObjectNode();
        }
    }
}
