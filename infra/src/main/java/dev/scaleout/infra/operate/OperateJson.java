package dev.scaleout.infra.operate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The JSON the operate commands print for scripts: instants as ISO-8601 text
 * ("2026-11-26T01:02:03Z"), durations as decimal seconds (49.000000000), both by
 * jackson-datatype-jsr310.
 */
public final class OperateJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private OperateJson() {}

    public static String pretty(Object value) {
        return write(value, true);
    }

    /** One line, for a stream of snapshots (one JSON document per line). */
    public static String line(Object value) {
        return write(value, false);
    }

    /** Parses what {@link #pretty} or {@link #line} wrote (instants included) into {@code type}. */
    public static <T> T read(String json, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String write(Object value, boolean pretty) {
        try {
            return pretty
                    ? MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
