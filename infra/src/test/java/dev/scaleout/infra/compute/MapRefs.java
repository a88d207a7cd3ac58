package dev.scaleout.infra.compute;

import dev.scaleout.infra.engine.Refs;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The engine's reference resolution reduced to a map of {@code type/name} to id, for type tests. */
public final class MapRefs implements Refs {

    private final Map<String, String> ids = new HashMap<>();

    public MapRefs put(String type, String name, String id) {
        ids.put(type + "/" + name, id);
        return this;
    }

    @Override
    public String id(String type, String name) {
        String id = ids.get(type + "/" + name);
        if (id == null) {
            throw new IllegalStateException("no id for " + type + "/" + name);
        }
        return id;
    }

    @Override
    public List<String> resolveAll(String value) {
        return Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).map(token -> {
            if (!token.startsWith("@")) {
                return token;
            }
            int slash = token.indexOf('/');
            return id(token.substring(1, slash), token.substring(slash + 1));
        }).toList();
    }

    /** What the engine does to discovered settings: known ids back to {@code @type/name}. */
    public Map<String, String> toRefs(Map<String, String> settings) {
        Map<String, String> byId = new HashMap<>();
        ids.forEach((key, id) -> byId.put(id, "@" + key));
        Map<String, String> out = new java.util.TreeMap<>();
        settings.forEach((k, v) -> out.put(k, String.join(",",
                Arrays.stream(v.split(",", -1)).map(t -> byId.getOrDefault(t, t)).toList())));
        return out;
    }
}
