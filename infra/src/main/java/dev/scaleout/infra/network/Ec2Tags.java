package dev.scaleout.infra.network;

import dev.scaleout.infra.engine.StackScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The stack's tags in EC2's shapes: filters to find by, and tag specifications to create with. */
public final class Ec2Tags {

    private Ec2Tags() {}

    /** {@code tag:Stack=<stack>} and {@code tag:ManagedBy=infra}: one describe finds the whole stack's resources of a kind. */
    public static List<Filter> stackFilters(StackScope scope) {
        return List.of(
                Filter.builder().name("tag:Stack").values(scope.stack()).build(),
                Filter.builder()
                        .name("tag:ManagedBy")
                        .values(StackScope.MANAGED_BY)
                        .build());
    }

    /** Tags in the create call itself, so an interrupted run leaves nothing untagged behind. */
    public static TagSpecification spec(ResourceType type, StackScope scope, String name) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(tags(scope, name))
                .build();
    }

    public static List<Tag> tags(StackScope scope, String name) {
        return scope.tags(name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    public static Optional<String> tag(List<Tag> tags, String key) {
        return tags == null
                ? Optional.empty()
                : tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    public static String name(List<Tag> tags) {
        return tag(tags, "Name").orElse(null);
    }

    /** For APIs that ignore tag filters (moto's DescribeNatGateways): the same test, client-side. */
    public static boolean inStack(List<Tag> tags, StackScope scope) {
        Map<String, String> want = Map.of("Stack", scope.stack(), "ManagedBy", StackScope.MANAGED_BY);
        return want.entrySet().stream()
                .allMatch(
                        w -> tag(tags, w.getKey()).filter(w.getValue()::equals).isPresent());
    }
}
