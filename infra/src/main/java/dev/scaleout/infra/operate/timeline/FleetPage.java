package dev.scaleout.infra.operate.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the app's {@code GET /api/fleet} answer (fetched through the load balancer): it names
 * the instance that served it ({@code servedBy}) at the app's time ({@code at}), which is
 * the "first request served by the new instance" milestone once that instance answers.
 */
public final class FleetPage {

    private FleetPage() {}

    /** The served event of one fleet page answer; empty when the answer lacks either field or is not JSON. */
    public static Optional<Event> served(String json) {
        try {
            JsonNode page = OperateJson.mapper().readTree(json);
            JsonNode at = page.get("at");
            JsonNode servedBy = page.get("servedBy");
            if (at == null
                    || at.isNull()
                    || servedBy == null
                    || servedBy.isNull()
                    || servedBy.asText().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(Event.served(Instant.parse(at.asText()), servedBy.asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an error page from the ALB (502/503 HTML) is just not a served request
        }
    }
}
