package dev.scaleout.app.stress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scaleout.app.api.ApiError;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/stress/cpu}. Every field is optional. Parsed by hand from a
 * JSON tree rather than bound by Jackson, so that any malformed or mistyped input becomes a
 * 400 naming the field, and nothing is coerced ("2" or 2.5 are not integers here).
 */
@Schema(
        name = "StressRequest",
        description = "A CPU burn to start. Unknown fields are rejected.",
        additionalProperties = Schema.False.class)
public record StressRequest(
        @Schema(description = "How long to burn, in seconds.", minimum = "1", maximum = "3600", defaultValue = "300")
        Integer seconds,
        // The maximum is this machine's processor count, filled in at startup by StressOpenApiFilter.
        @Schema(description = "How many threads burn, at most the available processors (the default).", minimum = "1")
        Integer cores,

        @Schema(
                description = "Duty cycle of each thread, in percent.",
                minimum = "1",
                maximum = "100",
                defaultValue = "100")
        Integer load) {

    private static final List<String> FIELDS = List.of("seconds", "cores", "load");

    /** An empty body means "all defaults"; anything else must be a JSON object. */
    static StressRequest parse(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return new StressRequest(null, null, null);
        }
        JsonNode tree;
        try {
            // Trailing content after the object ("{} x") is malformed too.
            tree = json.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidStressRequest(ApiError.of("The body is not valid JSON: send an object such as "
                    + "{\"seconds\": 300, \"cores\": 1, \"load\": 100}."));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidStressRequest(ApiError.of(
                    "The body must be a JSON object with optional integer fields " + "seconds, cores and load."));
        }
        // A typo ("percent" for "load") must not start a 300 s burn at 100 % with the defaults.
        tree.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new InvalidStressRequest(ApiError.forField(
                        name, "Unknown field '" + name + "': the body takes only " + String.join(", ", FIELDS) + "."));
            }
        });
        return new StressRequest(integer(tree, "seconds"), integer(tree, "cores"), integer(tree, "load"));
    }

    /** Applies defaults and checks ranges; {@code availableCores} bounds {@code cores}. */
    StressPlan toPlan(int availableCores) {
        int s = inRange("seconds", seconds, StressPlan.DEFAULT_SECONDS, StressPlan.MIN_SECONDS, StressPlan.MAX_SECONDS);
        int c = inRange("cores", cores, availableCores, 1, availableCores);
        int l = inRange("load", load, StressPlan.MAX_LOAD, StressPlan.MIN_LOAD, StressPlan.MAX_LOAD);
        return new StressPlan(s, c, l);
    }

    private static Integer integer(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw new InvalidStressRequest(ApiError.forField(field, field + " must be an integer."));
        }
        // Too big for an int is out of range whatever the range is; MAX_VALUE reports it so.
        if (!value.canConvertToInt()) {
            return value.bigIntegerValue().signum() < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        return value.intValue();
    }

    private static int inRange(String field, Integer value, int defaultValue, int min, int max) {
        int v = value == null ? defaultValue : value;
        if (v < min || v > max) {
            throw new InvalidStressRequest(ApiError.forField(
                    field, field + " must be between " + min + " and " + max + " (got " + describe(value) + ")."));
        }
        return v;
    }

    private static String describe(Integer value) {
        if (value == null) {
            return "the default";
        }
        return value == Integer.MAX_VALUE
                ? "a larger number"
                : value == Integer.MIN_VALUE ? "a smaller number" : value.toString();
    }

    /** A request the client must fix; answered with 400 and the error as body. */
    static final class InvalidStressRequest extends RuntimeException {
        final ApiError error;

        InvalidStressRequest(ApiError error) {
            super(error.error(), null, false, false);
            this.error = error;
        }
    }
}
