package dev.scaleout.infra.operate.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a rollout where users see it: asks the load balancer for {@code /api/instance}
 * again and again (the ALB spreads requests over its targets) until every InService
 * instance has answered, and compares each answer's AMI id with the rolled-out one.
 */
public final class RolloutVerifier {

    /**
     * @param amiByInstance every instance that answered, with the AMI it reported
     * @param notReached    InService instances that never answered within the request budget
     * @param errors        failed requests (status or exception), for the failure message
     */
    public record Verification(
            String expectedAmi,
            Map<String, String> amiByInstance,
            Set<String> notReached,
            int requests,
            List<String> errors) {

        public Verification {
            amiByInstance = Collections.unmodifiableMap(new TreeMap<>(amiByInstance));
            notReached = Collections.unmodifiableSet(new TreeSet<>(notReached));
            errors = List.copyOf(errors);
        }

        /** Instances that answered with another AMI than the rolled-out one. */
        public Map<String, String> stale() {
            return amiByInstance.entrySet().stream()
                    .filter(e -> !Objects.equals(e.getValue(), expectedAmi))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        }

        public boolean passed() {
            return stale().isEmpty() && notReached.isEmpty();
        }

        /** One line: the stale instances with their AMIs, and the unreached ones. */
        public String problems() {
            List<String> parts = new ArrayList<>();
            if (!stale().isEmpty()) {
                parts.add("still on an old AMI: "
                        + stale().entrySet().stream()
                                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                                .collect(Collectors.joining(", ")));
            }
            if (!notReached.isEmpty()) {
                parts.add("not reached in " + requests + " requests: " + String.join(", ", notReached)
                        + (errors.isEmpty() ? "" : " (last error: " + errors.get(errors.size() - 1) + ")"));
            }
            return String.join("; ", parts);
        }
    }

    private final HttpClient http;
    private final Duration requestTimeout;

    public RolloutVerifier(HttpClient http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    public static RolloutVerifier standard() {
        return new RolloutVerifier(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build(),
                Duration.ofSeconds(10));
    }

    /**
     * Up to {@code 10 × instances} requests (at least 20); it stops once every InService
     * instance has answered and at least twice as many requests as instances were made, so
     * an instance outside the list (an old one still registered) gets a chance to show too.
     */
    public Verification verify(URI baseUrl, Set<String> inService, String expectedAmi) {
        URI endpoint = baseUrl.resolve("/api/instance");
        int budget = Math.max(20, 10 * inService.size());
        int minimum = 2 * inService.size();
        Map<String, String> amiByInstance = new TreeMap<>();
        Set<String> missing = new LinkedHashSet<>(inService);
        List<String> errors = new ArrayList<>();
        int requests = 0;
        while (requests < budget && (!missing.isEmpty() || requests < minimum)) {
            requests++;
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(endpoint)
                                .timeout(requestTimeout)
                                .header("Accept", "application/json")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    errors.add("HTTP " + response.statusCode());
                    continue;
                }
                JsonNode report = OperateJson.mapper().readTree(response.body());
                String instance = text(report, "instanceId");
                if (instance == null) {
                    errors.add("an answer without instanceId (location " + text(report, "location") + ")");
                    continue;
                }
                amiByInstance.put(instance, text(report, "amiId"));
                missing.remove(instance);
            } catch (IOException e) {
                errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add("interrupted");
                break;
            }
        }
        return new Verification(expectedAmi, amiByInstance, missing, requests, errors);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
