package dev.scaleout.infra.engine;

import java.io.PrintStream;

/**
 * Prints a plan the way {@code terraform plan} does: one line per change with its symbol
 * ({@code +} create, {@code ~} update, {@code -/+} replace, {@code -} delete), the
 * settings that change under it, the reason of every replace and delete, and a summary.
 */
public final class PlanPrinter {

    private PlanPrinter() {}

    public static void print(Plan plan, PrintStream out) {
        out.print(render(plan));
    }

    public static String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        for (Change c : plan.changes()) {
            if (!c.mutates()) {
                continue;
            }
            out.append(String.format("%3s %s", c.action().symbol, c.key()));
            plan.region(c).ifPresent(r -> out.append(" [").append(r).append(']'));
            if (c.actual() != null) {
                out.append(" (").append(c.actual().id()).append(')');
            }
            if (c.reason() != null) {
                out.append("  # ")
                        .append(c.action() == Change.Action.REPLACE ? "replace: " : "")
                        .append(c.reason());
            }
            out.append('\n');
            for (Change.Diff d : c.diffs()) {
                var note = plan.note(c, d.key());
                if (note.isPresent() && c.action() == Change.Action.UPDATE) {
                    // "~ image: ami-old -> ami-new (from /scaleout/golden-ami/latest, baked 2026-11-30, app 1.4.0)"
                    out.append("      ~ ")
                            .append(d.key())
                            .append(": ")
                            .append(d.before())
                            .append(" -> ")
                            .append(d.after())
                            .append(" (")
                            .append(note.get())
                            .append(")\n");
                    continue;
                }
                out.append("      ").append(d.key()).append(" = ");
                if (c.action() == Change.Action.CREATE) {
                    out.append(Planner.show(d.after()));
                } else {
                    out.append(Planner.show(d.before())).append(" -> ").append(Planner.show(d.after()));
                    if (c.spec() != null && c.spec().replaceOn().contains(d.key())) {
                        out.append("  # forces replacement");
                    }
                }
                note.ifPresent(n -> out.append("  # ").append(n));
                out.append('\n');
            }
        }
        if (plan.isEmpty()) {
            out.append("No changes.\n");
        }
        out.append('\n').append(plan.summary()).append('\n');
        return out.toString();
    }
}
