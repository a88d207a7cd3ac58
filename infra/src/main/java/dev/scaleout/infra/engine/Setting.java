package dev.scaleout.infra.engine;

import java.util.Set;

/**
 * One setting of a managed type, declared once in the type's class as a constant (as a
 * Terraform provider declares its schema): the key specs and found resources use, how two
 * values of it compare ({@link Kind}), whether AWS can change it in place, and the types its
 * {@code @type/name} references point at. Values stay strings in {@link Spec} and {@link Actual}.
 */
public record Setting(String key, Kind kind, boolean forcesReplace, Set<String> refersTo, boolean family) {

    public enum Kind {
        /** One value, compared as written. */
        SCALAR,
        /** Comma-separated items in any order (AWS returns sets in any order). */
        SET,
        /** Comma-separated items whose order counts. */
        LIST,
        /** A JSON document (an IAM policy): compared parsed, so key order and whitespace do not count. */
        JSON,
        /** One {@code @type/name}. */
        REFERENCE,
        /** Comma-separated {@code @type/name}s in any order. */
        REFERENCES
    }

    /**
     * The AWS name (the spec's name) of a type that cannot rename: listing it in a schema
     * makes a changed name a replace, shown as one rather than as a delete and a create.
     */
    public static final Setting NAME = scalar("name").replaces();

    public Setting {
        refersTo = Set.copyOf(refersTo);
        if ((kind == Kind.REFERENCE || kind == Kind.REFERENCES) && refersTo.isEmpty()) {
            throw new IllegalArgumentException("reference setting " + key + " names no type");
        }
    }

    public static Setting scalar(String key) {
        return new Setting(key, Kind.SCALAR, false, Set.of(), false);
    }

    public static Setting set(String key) {
        return new Setting(key, Kind.SET, false, Set.of(), false);
    }

    public static Setting list(String key) {
        return new Setting(key, Kind.LIST, false, Set.of(), false);
    }

    public static Setting json(String key) {
        return new Setting(key, Kind.JSON, false, Set.of(), false);
    }

    public static Setting reference(String key, String type) {
        return new Setting(key, Kind.REFERENCE, false, Set.of(type), false);
    }

    public static Setting references(String key, String type) {
        return new Setting(key, Kind.REFERENCES, false, Set.of(type), false);
    }

    /** A change of it means delete and create: AWS cannot change it in place. */
    public Setting replaces() {
        return new Setting(key, kind, true, refersTo, family);
    }

    /** Its items hold references among other text (a rule's source group, a route's target). */
    public Setting mentions(String... types) {
        return new Setting(key, kind, forcesReplace, Set.of(types), family);
    }

    /** Keys that start with {@code key} and end with a name of the user's (one IAM inline policy each). */
    public Setting perName() {
        return new Setting(key, kind, forcesReplace, refersTo, true);
    }

    /** The member of a {@link #perName()} setting for {@code name}. */
    public Setting named(String name) {
        if (!family) {
            throw new IllegalStateException(key + " is not a per-name setting");
        }
        return new Setting(key + name, kind, forcesReplace, refersTo, false);
    }

    boolean covers(String other) {
        return family ? other.startsWith(key) : other.equals(key);
    }
}
