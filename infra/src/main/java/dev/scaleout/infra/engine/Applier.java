package dev.scaleout.infra.engine;

import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out a plan: first the deletes (removed resources and the old half of every
 * replace) in reverse creation order, waiting for each type's deletions before the types
 * they depend on go; then creates and updates in creation order, recording every new id so
 * later specs resolve their references, and waiting where the next resources need a ready
 * one. A removed resource that a resource being updated still refers to (a monitoring role
 * the database names until its update drops it) is deleted last, after that update, with
 * what it refers to among the removed. Interrupted at any call, a new plan picks up from
 * what the tags show.
 */
public final class Applier {

    /** States in which a found resource can be used by the next ones (compared lower-case). */
    private static final Set<String> READY = Set.of(
            "available", "active", "in-use", "running", "issued", "attached", "inservice", "created", "insync", "");

    /** By type word, in creation order. */
    private final Map<String, ManagedType> types;

    private final StackScope scope;
    private final Progress progress;
    private final PrintStream out;

    public Applier(Map<String, ManagedType> types, StackScope scope, Progress progress, PrintStream out) {
        this.types = types;
        this.scope = scope;
        this.progress = progress;
        this.out = out;
    }

    /** {@code found} is what the plan was made from; its refs gain the ids of what is created. */
    public void apply(Plan plan, Discovery.Found found) {
        IdRefs refs = found.refs();
        Set<String> afterUpdates = deletedAfterUpdates(plan);
        deleteInReverseOrder(plan, found, c -> !afterUpdates.contains(c.key()));
        for (Change c : plan.changes()) {
            ManagedType type = type(c.type());
            switch (c.action()) {
                case CREATE, REPLACE -> {
                    out.println("  + creating " + c.key());
                    String id = AwsCall.call("create", c.key(), () -> type.create(c.spec(), refs, scope));
                    refs.put(c.type(), c.name(), id);
                    AwsCall.run("wait for", c.key(), () -> type.awaitReady(id, c.spec(), progress));
                    out.println("    created " + id);
                }
                case UPDATE -> {
                    out.println("  ~ updating " + c.key() + " (" + c.actual().id() + ")");
                    AwsCall.run("update", c.key(), () -> type.update(c.spec(), c.actual(), refs, scope));
                    awaitIfNotReady(type, c);
                }
                case NOOP -> awaitIfNotReady(type, c);
                case DELETE -> {
                    // before the creates and updates, or after them (below)
                }
            }
        }
        deleteInReverseOrder(plan, found, c -> afterUpdates.contains(c.key()));
    }

    /**
     * The deletes (by type/name) to make after the updates: of a resource an updated one still
     * refers to as AWS has it now, and of what such a resource refers to among the deleted.
     */
    static Set<String> deletedAfterUpdates(Plan plan) {
        Map<String, Change> deletedByRef = new java.util.HashMap<>();
        for (Change c : plan.changes()) {
            if (c.action() == Change.Action.DELETE) {
                deletedByRef.put(Spec.ref(c.type(), c.name()), c);
            }
        }
        Set<String> later = new java.util.LinkedHashSet<>();
        java.util.Deque<Change> referring = new java.util.ArrayDeque<>();
        plan.changes().stream().filter(c -> c.action() == Change.Action.UPDATE).forEach(referring::add);
        while (!referring.isEmpty()) {
            Change c = referring.pop();
            for (String value : c.actual().settings().values()) {
                for (String token : IdRefs.tokens(value)) {
                    Change doomed = deletedByRef.get(token);
                    if (doomed != null && doomed != c && later.add(doomed.key())) {
                        referring.add(doomed);
                    }
                }
            }
        }
        return later;
    }

    private void deleteInReverseOrder(Plan plan, Discovery.Found found, java.util.function.Predicate<Change> which) {
        List<String> reverse = new ArrayList<>(types.keySet());
        Collections.reverse(reverse);
        for (String typeName : reverse) {
            List<Actual> doomed = new ArrayList<>();
            for (Change c : plan.changes()) {
                if (c.type().equals(typeName)
                        && (c.action() == Change.Action.DELETE || c.action() == Change.Action.REPLACE)
                        && which.test(c)) {
                    doomed.add(0, found.raw(c.actual()));
                }
            }
            if (!doomed.isEmpty()) {
                deleteAll(type(typeName), doomed, scope, progress, out);
            }
        }
    }

    /** Deletes each, then waits for each: AWS works on them side by side. */
    static void deleteAll(ManagedType type, List<Actual> doomed, StackScope scope, Progress progress, PrintStream out) {
        for (Actual a : doomed) {
            out.println("  - deleting " + a.key() + " (" + a.id() + ")");
            AwsCall.run("delete", a.key(), () -> type.delete(a, scope));
        }
        for (Actual a : doomed) {
            AwsCall.run("wait for deletion of", a.key(), () -> type.awaitDeleted(a, progress));
        }
    }

    /** A resource left half-made by an interrupted run (a NAT still pending, a DB still creating). */
    private void awaitIfNotReady(ManagedType type, Change c) {
        String state = c.actual().state();
        if (state != null && !READY.contains(state.toLowerCase())) {
            AwsCall.run("wait for", c.key(), () -> type.awaitReady(c.actual().id(), c.spec(), progress));
        }
    }

    private ManagedType type(String name) {
        ManagedType type = types.get(name);
        if (type == null) {
            throw new IllegalStateException("no type registered for '" + name + "'");
        }
        return type;
    }
}
