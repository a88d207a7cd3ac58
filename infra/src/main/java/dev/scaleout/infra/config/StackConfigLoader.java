package dev.scaleout.infra.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.scaleout.support.ExitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Reads a stack's YAML file over {@link StackConfig#defaults()}: a key the file names
 * replaces the default (lists as a whole), every other key keeps its default. A key the
 * config does not have is a user error naming its path and the nearest valid key, so a
 * typo never silently falls back to a default.
 */
public final class StackConfigLoader {

    /** A key given twice is an error: YAML would otherwise keep the last one silently. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StackConfigLoader() {}

    public static StackConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ExitException.userError(
                    "cannot read config " + file + ": " + e.getMessage() + ": pass --config with a readable file");
        }
        return parse(text, file.toString());
    }

    /** {@code source} names the file in messages. */
    public static StackConfig parse(String yaml, String source) {
        JsonNode file;
        try {
            file = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var where = e.getLocation();
            throw ExitException.userError(
                    source + (where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr())
                            + " is not valid YAML: " + firstLine(e.getOriginalMessage())
                            + ": fix the file at that line (indentation, a missing ':' or quote, or a key given twice)");
        } catch (IOException e) {
            throw ExitException.userError(source + " is not valid YAML: " + firstLine(e.getMessage()));
        }
        ObjectNode merged = YAML.valueToTree(StackConfig.defaults());
        if (file != null && !file.isMissingNode() && !file.isNull()) {
            if (!file.isObject()) {
                throw ExitException.userError(
                        source + ": expected a mapping of keys (project, stack, network, ...) at the top");
            }
            merge(merged, (ObjectNode) file, "", source);
        }
        try {
            return YAML.treeToValue(merged, StackConfig.class);
        } catch (IOException e) {
            throw ExitException.userError(source + ": " + describe(e));
        }
    }

    private static void merge(ObjectNode into, ObjectNode from, String path, String source) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (!into.has(key)) {
                List<String> valid = new ArrayList<>();
                into.fieldNames().forEachRemaining(valid::add);
                throw ExitException.userError(source + ": unknown key '" + keyPath + "': did you mean '"
                        + (path.isEmpty() ? "" : path + ".") + nearest(key, valid) + "'?");
            }
            JsonNode existing = into.get(key);
            JsonNode value = field.getValue();
            if (existing.isObject()) {
                if (value.isNull()) {
                    continue; // "network:" with nothing under it keeps the defaults
                }
                if (!value.isObject()) {
                    throw ExitException.userError(source + ": '" + keyPath + "' must be a mapping of keys ("
                            + String.join(", ", iterable(existing)) + ")");
                }
                merge((ObjectNode) existing, (ObjectNode) value, keyPath, source);
            } else {
                into.set(key, value);
            }
        }
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The valid key with the smallest edit distance, case ignored. */
    static String nearest(String key, List<String> valid) {
        String best = valid.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = LevenshteinDistance.getDefaultInstance().apply(key.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Jackson's message names the path; keep it to one line. */
    private static String describe(IOException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return "'" + path + "' has a value of the wrong type: " + firstLine(mapping.getOriginalMessage());
        }
        return firstLine(e.getMessage());
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
