package dev.scaleout.infra.operate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON the operate commands print for scripts: ISO-8601 instants ("2026-11-26T01:02:03Z")
 * and durations as seconds with milliseconds (jackson-datatype-jsr310 is not on infra's path,
 * and these two are all we need).
 */
public final class OperateJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule()
            .addSerializer(Instant.class, new JsonSerializer<>() {
                @Override
                public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeString(value.toString());
                }
            })
            .addDeserializer(Instant.class, new JsonDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                    return Instant.parse(p.getValueAsString());
                }
            })
            .addSerializer(Duration.class, new JsonSerializer<>() {
                @Override
                public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                    gen.writeNumber(value.toMillis() / 1000.0);
                }
            }));

    private OperateJson() {
    }

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
