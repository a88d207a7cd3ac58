package dev.scaleout.infra.engine;

import dev.scaleout.support.AwsCall;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * The stack's resources of one tagging-API type ("acm:certificate"), for types whose own
 * describe has no tag filter: found by {@code Stack=<stack>} and {@code ManagedBy=infra}.
 */
public final class TaggedByStack {

    private TaggedByStack() {}

    public static List<ResourceTagMapping> find(
            ResourceGroupsTaggingApiClient tagging, String resourceType, StackScope scope) {
        return AwsCall.call(
                "GetResources",
                resourceType + " Stack=" + scope.stack(),
                () -> tagging
                        .getResourcesPaginator(r -> r.resourceTypeFilters(resourceType)
                                .tagFilters(
                                        TagFilter.builder()
                                                .key("Stack")
                                                .values(scope.stack())
                                                .build(),
                                        TagFilter.builder()
                                                .key("ManagedBy")
                                                .values(StackScope.MANAGED_BY)
                                                .build()))
                        .resourceTagMappingList()
                        .stream()
                        .toList());
    }

    /** A mapping's tags by key. */
    public static Map<String, String> tags(ResourceTagMapping mapping) {
        return mapping.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value(), (a, b) -> b));
    }
}
