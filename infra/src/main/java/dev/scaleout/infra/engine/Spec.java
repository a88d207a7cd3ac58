package dev.scaleout.infra.engine;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the config wants one resource to be: a resource of {@code schema}'s type, {@code name}
 * its Name tag (unique per type in a stack). {@code settings} are everything the plan
 * compares and shows, as strings, each a setting the schema declares; a reference to another
 * resource of the stack is written {@code @type/name} (lists comma-separated), resolved to
 * ids by {@link Refs}. A change to a setting that {@linkplain Setting#replaces() replaces}
 * means delete and create (AWS cannot change it, e.g. an ALB's name); any other change is an
 * update in place.
 */
public record Spec(Schema schema, String name, SortedMap<String, String> settings) {

    public Spec {
        settings = new TreeMap<>(settings);
        settings.keySet().forEach(schema::setting);
    }

    public String type() {
        return schema.type();
    }

    public Set<String> replaceOn() {
        return schema.replaceOn();
    }

    public Setting.Kind kind(String key) {
        return schema.setting(key).kind();
    }

    public String setting(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalArgumentException(type() + "/" + name + " has no setting '" + key + "'");
        }
        return value;
    }

    public String setting(Setting setting) {
        return setting(setting.key());
    }

    /** The same resource wanted with other settings. */
    public Spec with(Map<String, String> other) {
        return new Spec(schema, name, new TreeMap<>(other));
    }

    /** The same resource with one setting set to another value. */
    public Spec with(Setting setting, String value) {
        SortedMap<String, String> other = new TreeMap<>(settings);
        other.put(setting.key(), value);
        return with(other);
    }

    public String key() {
        return type() + "/" + name;
    }

    public static String ref(String type, String name) {
        return "@" + type + "/" + name;
    }

    /** Settings by their declared constants, so a misspelt key does not compile. */
    public static final class Builder {

        private final Schema schema;
        private final String name;
        private final SortedMap<String, String> settings = new TreeMap<>();

        Builder(Schema schema, String name) {
            this.schema = schema;
            this.name = name;
        }

        public Builder set(Setting setting, String value) {
            if (!schema.setting(setting.key()).equals(setting)
                    && !schema.setting(setting.key()).family()) {
                throw new IllegalArgumentException(schema.type() + " declares " + setting.key() + " otherwise");
            }
            settings.put(setting.key(), value);
            return this;
        }

        public Spec build() {
            return new Spec(schema, name, settings);
        }
    }
}
