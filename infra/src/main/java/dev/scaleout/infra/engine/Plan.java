package dev.scaleout.infra.engine;

import java.util.List;

/**
 * The changes that bring the account to the config, in creation order (deletes listed last).
 * {@code notes} say where a wanted value comes from, by {@code type/name.setting} (the image:
 * which parameter, baked when, which app version); the printer shows them beside the change.
 */
public record Plan(List<Change> changes, java.util.Map<String, String> notes, java.util.Map<String, String> regions) {

    public Plan {
        changes = List.copyOf(changes);
        notes = java.util.Map.copyOf(notes);
        regions = java.util.Map.copyOf(regions);
    }

    public Plan(List<Change> changes, java.util.Map<String, String> notes) {
        this(changes, notes, java.util.Map.of());
    }

    public Plan(List<Change> changes) {
        this(changes, java.util.Map.of());
    }

    /** This plan with the regions of the types that live outside the stack's (type word → region), printed beside their lines. */
    public Plan withRegions(java.util.Map<String, String> typeRegions) {
        return new Plan(changes, notes, typeRegions);
    }

    /** The region of a change outside the stack's own, if it is. */
    public java.util.Optional<String> region(Change change) {
        return java.util.Optional.ofNullable(regions.get(change.type()));
    }

    /** This plan with a note on one setting of one change. */
    public Plan withNote(String changeKey, String setting, String note) {
        java.util.Map<String, String> more = new java.util.HashMap<>(notes);
        more.put(changeKey + "." + setting, note);
        return new Plan(changes, more, regions);
    }

    public java.util.Optional<String> note(Change change, String setting) {
        return java.util.Optional.ofNullable(notes.get(change.key() + "." + setting));
    }

    public long count(Change.Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    public boolean isEmpty() {
        return changes.stream().noneMatch(Change::mutates);
    }

    public String summary() {
        return "Plan: " + count(Change.Action.CREATE) + " to add, " + count(Change.Action.UPDATE) + " to change, "
                + count(Change.Action.REPLACE) + " to replace, " + count(Change.Action.DELETE) + " to destroy.";
    }
}
