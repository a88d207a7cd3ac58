package dev.scaleout.infra.engine;

import java.util.List;

/**
 * One line of a plan. {@code spec} is null for a delete, {@code actual} null for a create;
 * {@code diffs} are the settings that differ (for an update or a replace), {@code reason}
 * says why a replace or delete happens.
 */
public record Change(
        Action action, String type, String name, Spec spec, Actual actual, List<Diff> diffs, String reason) {

    public enum Action {
        CREATE("+"),
        UPDATE("~"),
        REPLACE("-/+"),
        DELETE("-"),
        NOOP(" ");

        public final String symbol;

        Action(String symbol) {
            this.symbol = symbol;
        }
    }

    /** A setting's value found in AWS ({@code before}, null if absent) and wanted by the config. */
    public record Diff(String key, String before, String after) {}

    public Change {
        diffs = List.copyOf(diffs);
    }

    public String key() {
        return type + "/" + name;
    }

    public boolean mutates() {
        return action != Action.NOOP;
    }
}
