package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.engine.Setting;
import dev.scaleout.support.AwsCall;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;

/**
 * The load balancer's attributes the stack manages, as {@code key=value} pairs (Terraform
 * sets them as arguments of aws_lb): only the keys in {@link #MANAGED} are read and compared,
 * so AWS's other defaults never show as a change.
 */
public final class LoadBalancerAttributes {

    public static final Setting SETTING = Setting.set("attributes");

    /** Header fields that are not valid HTTP (smuggling, desync) are dropped, not forwarded to the app: free. */
    public static final String DROP_INVALID_HEADERS = "routing.http.drop_invalid_header_fields.enabled";

    static final List<String> MANAGED = List.of(DROP_INVALID_HEADERS);

    private LoadBalancerAttributes() {}

    static String read(ElasticLoadBalancingV2Client elb, String arn) {
        Map<String, String> found = new TreeMap<>();
        AwsCall.call(
                        "DescribeLoadBalancerAttributes",
                        arn,
                        () -> elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn))
                                .attributes())
                .stream()
                .filter(a -> MANAGED.contains(a.key()))
                .forEach(a -> found.put(a.key(), a.value()));
        return format(found);
    }

    /** Sends the pairs of {@code want} that {@code have} lacks or holds otherwise, in one call. */
    static void set(ElasticLoadBalancingV2Client elb, String arn, String want, String have) {
        Map<String, String> changed = parse(want);
        Map<String, String> before = parse(have);
        changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        if (changed.isEmpty()) {
            return;
        }
        AwsCall.run(
                "ModifyLoadBalancerAttributes",
                arn,
                () -> elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                        .attributes(changed.entrySet().stream()
                                .map(e -> LoadBalancerAttribute.builder()
                                        .key(e.getKey())
                                        .value(e.getValue())
                                        .build())
                                .toList())));
    }

    public static String format(Map<String, String> pairs) {
        return String.join(
                ",",
                new TreeMap<>(pairs)
                        .entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList());
    }

    static Map<String, String> parse(String pairs) {
        Map<String, String> out = new TreeMap<>();
        if (pairs != null && !pairs.isBlank()) {
            Arrays.stream(pairs.split(","))
                    .forEach(p -> out.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
        }
        return out;
    }
}
