package dev.scaleout.infra.engine;

import java.util.List;

/** The changes that bring the account to the config, in creation order (deletes listed last). */
public record Plan(List<Change> changes) {

    public Plan {
        changes = List.copyOf(changes);
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
