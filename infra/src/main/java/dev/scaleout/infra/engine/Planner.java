package dev.scaleout.infra.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the specs with what was found: a spec with nothing found is a create; one found
 * with other settings an update, or a replace when a {@code replaceOn} key differs (AWS
 * cannot change it); something found with no spec, or a second one of the same name, a delete.
 */
public final class Planner {

    private Planner() {}

    /**
     * The types come in the order {@code found} lists them (a discovery lists every type it
     * was given, in creation order); with nothing discovered (a plan without credentials), in
     * the order of the specs, which the stack assembles type by type in creation order.
     */
    public static Plan plan(List<Spec> specs, Discovery.Found found) {
        Map<String, List<Spec>> specsByType = new LinkedHashMap<>();
        for (Spec spec : specs) {
            if (!found.byType().isEmpty() && !found.byType().containsKey(spec.type())) {
                throw new IllegalArgumentException("spec " + spec.key() + " has a type the discovery was not given");
            }
            specsByType.computeIfAbsent(spec.type(), t -> new ArrayList<>()).add(spec);
        }
        java.util.Set<String> order =
                new java.util.LinkedHashSet<>(found.byType().keySet());
        order.addAll(specsByType.keySet());
        List<Change> changes = new ArrayList<>();
        for (String type : order) {
            List<Actual> actuals = new ArrayList<>(found.byType().getOrDefault(type, List.of()));
            Map<String, Actual> matched = new HashMap<>();
            List<Change> deletes = new ArrayList<>();
            for (Actual a : actuals) {
                if (a.name() != null && !matched.containsKey(a.name())) {
                    matched.put(a.name(), a);
                } else {
                    Actual kept = matched.get(a.name());
                    deletes.add(new Change(
                            Change.Action.DELETE,
                            type,
                            a.name(),
                            null,
                            a,
                            List.of(),
                            kept == null ? "no Name tag" : "duplicate of " + kept.id()));
                }
            }
            List<Spec> typeSpecs = specsByType.getOrDefault(type, List.of());
            List<Spec> unmatched = typeSpecs.stream()
                    .filter(s -> !matched.containsKey(s.name()))
                    .toList();
            Actual renamed = renamed(unmatched, matched, typeSpecs);
            for (Spec spec : typeSpecs) {
                Actual actual = matched.remove(spec.name());
                if (actual == null && renamed != null) {
                    matched.remove(renamed.name());
                    changes.add(new Change(
                            Change.Action.REPLACE,
                            type,
                            spec.name(),
                            spec,
                            renamed,
                            diffs(spec, renamed),
                            "name changed: " + show(renamed.name()) + " -> " + show(spec.name())
                                    + " (AWS cannot rename it)"));
                    continue;
                }
                changes.add(
                        actual == null
                                ? new Change(
                                        Change.Action.CREATE, type, spec.name(), spec, null, diffs(spec, null), null)
                                : compare(spec, actual));
            }
            matched.values()
                    .forEach(a -> deletes.add(
                            new Change(Change.Action.DELETE, type, a.name(), null, a, List.of(), "not in the config")));
            changes.addAll(deletes);
        }
        return new Plan(updateDependents(changes));
    }

    /**
     * A resource left as it is that refers to one being replaced or made anew still holds the
     * old id (its settings name the same {@code @type/name}): it becomes an update, so it takes
     * the new id (an ALB's listener and an Auto Scaling group's target group after the target
     * group is replaced, a launch template's database after the database is). When the key
     * that refers is one AWS cannot change (a subnet's VPC, a NAT gateway's subnet), it is
     * replaced too, and so on down: changes are in creation order, so one pass carries it.
     */
    static List<Change> updateDependents(List<Change> changes) {
        java.util.Set<String> renewed = new java.util.HashSet<>();
        java.util.Set<String> versioned = new java.util.HashSet<>();
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            Change planned = c;
            if (c.spec() != null && (c.action() == Change.Action.NOOP || c.action() == Change.Action.UPDATE)) {
                List<String> fixedKeys = new ArrayList<>();
                java.util.TreeSet<String> refs = new java.util.TreeSet<>();
                c.spec().settings().forEach((key, value) -> {
                    List<String> hit = java.util.Arrays.stream(value.split("[,=\\s]+"))
                            .filter(renewed::contains)
                            .toList();
                    refs.addAll(hit);
                    if (!hit.isEmpty() && c.spec().replaceOn().contains(key)) {
                        fixedKeys.add(key + " refers to " + String.join(", ", hit));
                    }
                });
                if (!fixedKeys.isEmpty()) {
                    planned = new Change(
                            Change.Action.REPLACE,
                            c.type(),
                            c.name(),
                            c.spec(),
                            c.actual(),
                            c.diffs(),
                            String.join("; ", fixedKeys) + ", which is made anew (AWS cannot change it in place)");
                } else if (!refs.isEmpty() && c.action() == Change.Action.NOOP) {
                    planned = new Change(
                            Change.Action.UPDATE,
                            c.type(),
                            c.name(),
                            c.spec(),
                            c.actual(),
                            List.of(),
                            "refers to " + String.join(", ", refs)
                                    + (refs.stream().allMatch(versioned::contains)
                                            ? ", which gets a new default version"
                                            : ", which is made anew"));
                }
            }
            if (planned.action() == Change.Action.REPLACE || planned.action() == Change.Action.CREATE) {
                renewed.add(Spec.ref(planned.type(), planned.name()));
            } else if (newVersion(planned)) {
                renewed.add(Spec.ref(planned.type(), planned.name()));
                versioned.add(Spec.ref(planned.type(), planned.name()));
            }
            out.add(planned);
        }
        return out;
    }

    /**
     * An update of a versioned type (its schema says so: a launch template) writes a new
     * default version, which what refers to it (the group, on a numbered version) must be
     * pointed at. A change of only its rolled-out settings (the image) does not count: it
     * reaches the group through the rollout, which points the group itself once the instance
     * refresh succeeded.
     */
    private static boolean newVersion(Change c) {
        if (c.action() != Change.Action.UPDATE || !c.spec().schema().versioned()) {
            return false;
        }
        java.util.Set<String> rolledOut = c.spec().schema().rolledOut();
        return c.reason() != null || c.diffs().stream().anyMatch(d -> !rolledOut.contains(d.key()));
    }

    /**
     * A resource whose AWS name is fixed ({@code name} in replaceOn: ALB, target group, RDS)
     * and whose config name changed: one new spec and one found resource left over, of a
     * type with such a name. Shown as a replace, with the reason, instead of add + destroy.
     */
    private static Actual renamed(List<Spec> unmatchedSpecs, Map<String, Actual> unmatchedFound, List<Spec> typeSpecs) {
        if (unmatchedSpecs.size() != 1 || !unmatchedSpecs.get(0).replaceOn().contains("name")) {
            return null;
        }
        List<Actual> left = unmatchedFound.values().stream()
                .filter(a -> typeSpecs.stream().noneMatch(s -> s.name().equals(a.name())))
                .toList();
        return left.size() == 1 ? left.get(0) : null;
    }

    private static Change compare(Spec spec, Actual actual) {
        List<Change.Diff> diffs = diffs(spec, actual);
        if (diffs.isEmpty()) {
            return new Change(Change.Action.NOOP, spec.type(), spec.name(), spec, actual, diffs, null);
        }
        List<String> reasons = diffs.stream()
                .filter(d -> spec.replaceOn().contains(d.key()))
                .map(d -> d.key() + " changed: " + show(d.before()) + " -> " + show(d.after()))
                .toList();
        if (!reasons.isEmpty()) {
            return new Change(
                    Change.Action.REPLACE,
                    spec.type(),
                    spec.name(),
                    spec,
                    actual,
                    diffs,
                    String.join("; ", reasons) + " (AWS cannot change it in place)");
        }
        return new Change(Change.Action.UPDATE, spec.type(), spec.name(), spec, actual, diffs, null);
    }

    /** The spec's keys whose found value differs; every key for a create. */
    private static List<Change.Diff> diffs(Spec spec, Actual actual) {
        List<Change.Diff> diffs = new ArrayList<>();
        spec.settings().forEach((key, wanted) -> {
            String have = actual == null ? null : actual.settings().get(key);
            if (actual == null || !same(spec.kind(key), have, wanted)) {
                diffs.add(new Change.Diff(key, have, wanted));
            }
        });
        return diffs;
    }

    /**
     * Equal as the setting's kind says: a set (AWS returns sets in any order) has the same
     * items in any order, a list the same in the same order, a JSON document (an IAM policy)
     * the same tree, key order and whitespace aside; anything else is compared as written.
     */
    static boolean same(Setting.Kind kind, String have, String wanted) {
        if (Objects.equals(have, wanted)) {
            return true;
        }
        if (have == null || wanted == null) {
            return false;
        }
        return switch (kind) {
            case SCALAR, REFERENCE -> false;
            case SET, REFERENCES -> sorted(have).equals(sorted(wanted));
            case LIST -> items(have).equals(items(wanted));
            case JSON ->
                json(have).map(h -> json(wanted).map(h::equals).orElse(false)).orElse(false);
        };
    }

    private static List<String> items(String value) {
        return Arrays.asList(value.split(","));
    }

    private static List<String> sorted(String value) {
        return items(value).stream().sorted().toList();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parsed tree (objects compare regardless of key order); empty when it is not JSON. */
    private static Optional<JsonNode> json(String value) {
        try {
            return Optional.of(JSON.readTree(value));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String show(String value) {
        return value == null ? "(none)" : "\"" + value + "\"";
    }
}
