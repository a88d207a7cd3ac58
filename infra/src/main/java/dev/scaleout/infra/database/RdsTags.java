package dev.scaleout.infra.database;

import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS tags: the stack's on create, and the test for "is this ours". */
final class RdsTags {

    private RdsTags() {}

    static List<Tag> of(StackScope scope, String name) {
        return scope.tags(name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    static Map<String, String> toMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    static Map<String, String> read(RdsClient rds, String arn) {
        return toMap(AwsCall.call(
                "ListTagsForResource",
                arn,
                () -> rds.listTagsForResource(r -> r.resourceName(arn)).tagList()));
    }

    static boolean inStack(Map<String, String> tags, StackScope scope) {
        return scope.stack().equals(tags.get("Stack")) && StackScope.MANAGED_BY.equals(tags.get("ManagedBy"));
    }
}
