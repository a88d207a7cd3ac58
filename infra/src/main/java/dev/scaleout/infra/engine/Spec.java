package dev.scaleout.infra.engine;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the config wants one resource to be. {@code type} is a {@link ManagedType#type()},
 * {@code name} its Name tag (unique per type in a stack). {@code settings} are everything
 * the plan compares and shows, as strings; a reference to another resource of the stack is
 * written {@code @type/name} (lists comma-separated), resolved to ids by {@link Refs}.
 * A change to a key in {@code replaceOn} means delete and create (AWS cannot change it,
 * e.g. an ALB's name); any other change is an update in place.
 */
public record Spec(String type, String name, SortedMap<String, String> settings, Set<String> replaceOn) {

    public Spec {
        settings = new TreeMap<>(settings);
        replaceOn = Set.copyOf(replaceOn);
    }

    public static Spec of(String type, String name, Map<String, String> settings, String... replaceOn) {
        return new Spec(type, name, new TreeMap<>(settings), Set.of(replaceOn));
    }

    public String setting(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalArgumentException(type + "/" + name + " has no setting '" + key + "'");
        }
        return value;
    }

    public String key() {
        return type + "/" + name;
    }

    public static String ref(String type, String name) {
        return "@" + type + "/" + name;
    }
}
