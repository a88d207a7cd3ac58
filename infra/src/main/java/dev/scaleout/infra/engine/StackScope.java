package dev.scaleout.infra.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The stack every resource belongs to: found by {@code Stack=<stack>} (with
 * {@code ManagedBy=infra}); every resource gets {@link #tags(String)}.
 */
public record StackScope(String project, String stack, Region region) {

    public static final String MANAGED_BY = "infra";

    /** The same stack's resources in another region: same tags, that region's clients. */
    public StackScope inRegion(Region other) {
        return new StackScope(project, stack, other);
    }

    /** Project, Stack, ManagedBy and Name, in that order. */
    public Map<String, String> tags(String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Project", project);
        tags.put("Stack", stack);
        tags.put("ManagedBy", MANAGED_BY);
        tags.put("Name", name);
        return tags;
    }
}
