package dev.scaleout.infra.engine;

import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Deletes everything tagged with the stack, in reverse creation order, waiting for each
 * type's deletions before the next (instances before subnets, NAT before its Elastic IP),
 * then looks again and returns whatever is still there. A resource with deletion protection on
 * (an ALB, a database) has it turned off just before its delete: the caller has asked for
 * confirmation by then. Safe to run at any point: it only acts on what the tags show.
 */
public final class Destroyer {

    /** By type word, in creation order. */
    private final Map<String, ManagedType> types;

    private final StackScope scope;
    private final Progress progress;
    private final PrintStream out;

    public Destroyer(Map<String, ManagedType> types, StackScope scope, Progress progress, PrintStream out) {
        this.types = types;
        this.scope = scope;
        this.progress = progress;
        this.out = out;
    }

    /** Deletes what {@code found} holds; returns what a fresh discovery still finds. */
    public List<Actual> destroy(Discovery.Found found, List<Spec> specs) {
        List<String> reverse = new ArrayList<>(types.keySet());
        Collections.reverse(reverse);
        for (String typeName : reverse) {
            ManagedType type = types.get(typeName);
            List<Actual> doomed = new ArrayList<>(found.byType().getOrDefault(typeName, List.of()).stream()
                    .map(found::raw)
                    .toList());
            if (type == null || doomed.isEmpty()) {
                continue;
            }
            // Within a type, the later specs refer to the earlier (app SG → ALB SG): delete those first.
            List<String> order = specs.stream()
                    .filter(s -> s.type().equals(typeName))
                    .map(Spec::name)
                    .toList();
            doomed.sort((a, b) -> Integer.compare(rank(order, b.name()), rank(order, a.name())));
            for (Actual a : doomed) {
                if (type.deletionProtected(a)) {
                    out.println("  ~ turning off deletion protection of " + a.key() + " (" + a.id() + ")");
                    AwsCall.run(
                            "turn off deletion protection of",
                            a.key(),
                            () -> type.turnOffDeletionProtection(a, progress));
                }
            }
            Applier.deleteAll(type, doomed, scope, progress, out);
        }
        return Discovery.discover(types, scope).all();
    }

    /** Unknown names (not in the config) go first: nothing of the config refers to them. */
    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
