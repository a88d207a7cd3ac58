package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.logs.AccessLogBucketType;
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

    /** Its values may name the access-log bucket ({@code access_logs.s3.bucket=@log-bucket/...}). */
    public static final Setting SETTING = Setting.set("attributes").mentions(AccessLogBucketType.TYPE);

    /** Header fields that are not valid HTTP (smuggling, desync) are dropped, not forwarded to the app: free. */
    public static final String DROP_INVALID_HEADERS = "routing.http.drop_invalid_header_fields.enabled";

    /** Access logs to S3: on or off; the bucket and the prefix in it count only while on (AWS keeps them after). */
    public static final String ACCESS_LOGS = "access_logs.s3.enabled";

    public static final String ACCESS_LOGS_BUCKET = "access_logs.s3.bucket";
    public static final String ACCESS_LOGS_PREFIX = "access_logs.s3.prefix";

    /** ELB refuses DeleteLoadBalancer while it is true: free. */
    public static final String DELETION_PROTECTION = "deletion_protection.enabled";

    static final List<String> MANAGED =
            List.of(DROP_INVALID_HEADERS, ACCESS_LOGS, ACCESS_LOGS_BUCKET, ACCESS_LOGS_PREFIX, DELETION_PROTECTION);

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
        // AWS lists them as false when off; an emulator may not list them at all
        found.putIfAbsent(ACCESS_LOGS, "false");
        found.putIfAbsent(DELETION_PROTECTION, "false");
        if (!"true".equals(found.get(ACCESS_LOGS))) {
            found.remove(ACCESS_LOGS_BUCKET);
            found.remove(ACCESS_LOGS_PREFIX);
        }
        return format(found);
    }

    /** The pairs for access logs into {@code bucket} (a reference) under {@code prefix}; off: only the switch. */
    public static Map<String, String> accessLogs(String bucket, String prefix) {
        Map<String, String> pairs = new TreeMap<>();
        pairs.put(ACCESS_LOGS, String.valueOf(bucket != null));
        if (bucket != null) {
            pairs.put(ACCESS_LOGS_BUCKET, bucket);
            pairs.put(ACCESS_LOGS_PREFIX, prefix);
        }
        return pairs;
    }

    /** Whether the pairs (a spec's or a found ALB's) have deletion protection on. */
    public static boolean deletionProtected(String pairs) {
        return "true".equals(parse(pairs).get(DELETION_PROTECTION));
    }

    /** Turns deletion protection off, alone: destroy does it just before DeleteLoadBalancer. */
    static void turnOffDeletionProtection(ElasticLoadBalancingV2Client elb, String arn) {
        AwsCall.run(
                "ModifyLoadBalancerAttributes",
                arn,
                () -> elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                        .attributes(LoadBalancerAttribute.builder()
                                .key(DELETION_PROTECTION)
                                .value("false")
                                .build())));
    }

    /**
     * Sends the pairs of {@code want} that {@code have} lacks or holds otherwise, in one call,
     * references (the log bucket) resolved to their ids. Both sides hold references, as specs do.
     */
    static void set(ElasticLoadBalancingV2Client elb, String arn, String want, String have, Refs refs, Retry retry) {
        Map<String, String> changed = parse(want);
        Map<String, String> before = parse(have);
        changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        if (changed.isEmpty()) {
            return;
        }
        changed.replaceAll((key, value) -> value.startsWith("@") ? refs.resolve(value) : value);
        AwsCall.run(
                "ModifyLoadBalancerAttributes",
                arn,
                () -> retry.run(
                        "ModifyLoadBalancerAttributes " + arn,
                        Retry.BUCKET_POLICY_NOT_VISIBLE_YET,
                        () -> elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                                .attributes(changed.entrySet().stream()
                                        .map(e -> LoadBalancerAttribute.builder()
                                                .key(e.getKey())
                                                .value(e.getValue())
                                                .build())
                                        .toList()))));
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
