package dev.scaleout.infra.engine;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A resource found in the account by the stack's tags: its type, Name tag, AWS id, and
 * the same settings keys its {@link Spec} has, read back from AWS (ids of other stack
 * resources are turned into {@code @type/name} by the engine, so they compare with specs).
 * {@code state} is AWS's own word for it (available, deleting, ...), for plans and waits.
 */
public record Actual(String type, String name, String id, SortedMap<String, String> settings, String state) {

    public Actual {
        settings = new TreeMap<>(settings);
    }

    public static Actual of(String type, String name, String id, Map<String, String> settings, String state) {
        return new Actual(type, name, id, new TreeMap<>(settings), state);
    }

    public String key() {
        return type + "/" + name;
    }
}
