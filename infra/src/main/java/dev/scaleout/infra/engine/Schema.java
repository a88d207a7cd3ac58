package dev.scaleout.infra.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a managed type declares about itself, in its own class: its type word and its
 * settings; the types it refers to follow from those. The engine checks the creation order
 * against {@link #refersTo()}, builds specs with {@link #spec}, and compares by each setting's kind.
 */
public record Schema(String type, List<Setting> settings, boolean versioned, Set<String> rolledOut) {

    public Schema {
        settings = List.copyOf(settings);
        rolledOut = Set.copyOf(rolledOut);
        Set<String> keys = new TreeSet<>();
        for (Setting s : settings) {
            if (!keys.add(s.key())) {
                throw new IllegalArgumentException(type + " declares setting " + s.key() + " twice");
            }
        }
        for (String key : rolledOut) {
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(type + " rolls out " + key + ", which it does not declare");
            }
        }
    }

    public static Schema of(String type, Setting... settings) {
        return new Schema(type, List.of(settings), false, Set.of());
    }

    /**
     * An update writes a new default version (a launch template: versions are immutable),
     * which what refers to it by number must be pointed at; a change of only the
     * {@code rolledOut} settings is not such an update: it reaches the resources through the
     * rollout (an instance refresh), which points them itself once it succeeded.
     */
    public Schema versioned(Setting... rolledOut) {
        Set<String> keys = new TreeSet<>();
        for (Setting s : rolledOut) {
            keys.add(s.key());
        }
        return new Schema(type, settings, true, keys);
    }

    /** The declared setting of this key (or the per-name setting it belongs to). */
    public Setting setting(String key) {
        return settings.stream()
                .filter(s -> s.covers(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type + " has no setting '" + key + "'"));
    }

    public Set<String> replaceOn() {
        Set<String> keys = new TreeSet<>();
        settings.stream().filter(Setting::forcesReplace).forEach(s -> keys.add(s.key()));
        return keys;
    }

    /** The types whose resources this one's settings refer to (itself included, when it does). */
    public Set<String> refersTo() {
        Set<String> types = new LinkedHashSet<>();
        settings.forEach(s -> types.addAll(s.refersTo()));
        return types;
    }

    /**
     * The same settings under another type word, their references pointing at the types
     * {@code renames} maps them to: the schema of a type's twin in a second region
     * ("peer-subnet" whose {@code vpc} is a "peer-vpc").
     */
    public Schema as(String otherType, java.util.Map<String, String> renames) {
        return new Schema(
                otherType,
                settings.stream()
                        .map(s -> new Setting(
                                s.key(),
                                s.kind(),
                                s.forcesReplace(),
                                s.refersTo().stream()
                                        .map(t -> renames.getOrDefault(t, t))
                                        .collect(java.util.stream.Collectors.toSet()),
                                s.family()))
                        .toList(),
                versioned,
                rolledOut);
    }

    /** {@code @type/name} of a resource of this type. */
    public String ref(String name) {
        return Spec.ref(type, name);
    }

    public Spec.Builder spec(String name) {
        return new Spec.Builder(this, name);
    }
}
