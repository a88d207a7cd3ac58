package dev.scaleout.infra.engine;

import java.util.List;

/**
 * The changes that bring the account to the config, in creation order (deletes listed last).
 * {@code notes} say where a wanted value comes from, by {@code type/name.setting} (the image:
 * which parameter, baked when, which app version); the printer shows them beside the change.
 */
public record Plan(List<Change> changes, java.util.Map<String, String> notes) {

    public Plan {
        changes = List.copyOf(changes);
        notes = java.util.Map.copyOf(notes);
    }

    public Plan(List<Change> changes) {
        this(changes, java.util.Map.of());
    }

    /** This plan with a note on one setting of one change. */
    public Plan withNote(String changeKey, String setting, String note) {
        java.util.Map<String, String> more = new java.util.HashMap<>(notes);
        more.put(changeKey + "." + setting, note);
        return new Plan(changes, more);
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
