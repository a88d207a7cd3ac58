package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/** ELBv2 lists load balancers and target groups without tags; DescribeTags reads them 20 ARNs a call. */
final class ElbTags {

    private static final int BATCH = 20;

    private ElbTags() {}

    static List<Tag> of(StackScope scope, String name) {
        return scope.tags(name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
    }

    /** ARN → tags of those ARNs that carry the stack's tags. */
    static Map<String, Map<String, String>> inStack(
            ElasticLoadBalancingV2Client elb, List<String> arns, StackScope scope) {
        Map<String, Map<String, String>> ours = new HashMap<>();
        for (int i = 0; i < arns.size(); i += BATCH) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + BATCH));
            List<TagDescription> described = AwsCall.call(
                    "DescribeTags",
                    batch.get(0) + " (+" + (batch.size() - 1) + ")",
                    () -> elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions());
            for (TagDescription d : described) {
                Map<String, String> tags =
                        d.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
                if (scope.stack().equals(tags.get("Stack")) && StackScope.MANAGED_BY.equals(tags.get("ManagedBy"))) {
                    ours.put(d.resourceArn(), tags);
                }
            }
        }
        return ours;
    }
}
