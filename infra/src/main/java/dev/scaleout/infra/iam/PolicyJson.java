package dev.scaleout.infra.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Policy documents as compact JSON with keys sorted, so a document we wrote and the one IAM
 * hands back (URL-encoded, maybe re-spaced) compare equal as settings.
 */
public final class PolicyJson {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PolicyJson() {}

    public static String canonical(String json) {
        try {
            return JSON.writeValueAsString(JSON.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON policy document: " + json, e);
        }
    }

    /** IAM returns documents URL-encoded (RFC 3986); a '+' there is a literal plus, not a space. */
    public static String fromIam(String encoded) {
        if (encoded.stripLeading().startsWith("{")) {
            return canonical(encoded);
        }
        return canonical(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8));
    }

    public static String write(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
