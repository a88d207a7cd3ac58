package dev.scaleout.infra.compute;

import dev.scaleout.infra.engine.Refs;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The engine's reference resolution reduced to a map of {@code type/name} to id, for type tests. */
public final class MapRefs implements Refs {

    private static final Pattern TOKEN = Pattern.compile("[^,=\\s]+");

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
        return Arrays.stream(value.split(","))
                .filter(s -> !s.isBlank())
                .map(token -> {
                    if (!token.startsWith("@")) {
                        return token;
                    }
                    int slash = token.indexOf('/');
                    return id(token.substring(1, slash), token.substring(slash + 1));
                })
                .toList();
    }

    /** What the engine does to discovered settings: known ids inside values (between , = and spaces) to {@code @type/name}. */
    public Map<String, String> toRefs(Map<String, String> settings) {
        Map<String, String> byId = new HashMap<>();
        ids.forEach((key, id) -> byId.put(id, "@" + key));
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            Matcher m = TOKEN.matcher(v);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(byId.getOrDefault(m.group(), m.group())));
            }
            m.appendTail(b);
            out.put(k, b.toString());
        });
        return out;
    }

    /** The settings as the planner compares them: references for ids, comma lists in any order. */
    public Map<String, String> comparable(Map<String, String> settings) {
        Map<String, String> out = new TreeMap<>();
        toRefs(settings)
                .forEach((k, v) -> out.put(k, String.join(",", new TreeSet<>(Arrays.asList(v.split(",", -1))))));
        return out;
    }
}
