package dev.scaleout.infra.dns;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * "dns-record": the alias A record {@code <recordName>.<domain>} to the ALB. Records carry
 * no tags, so this type knows the one record it owns from the config (zone and name) and
 * discovers it with one ListResourceRecordSets; the alias target is matched back to the
 * stack's ALB by its DNS name. If the domain is later removed from the config, the record is
 * no longer looked for and stays: delete it before, or by hand.
 */
public final class DnsRecordType implements ManagedType {

    public static final String TYPE = "dns-record";
    public static final Setting HOSTED_ZONE = Setting.scalar("hostedZone").replaces();
    public static final Setting RECORD_TYPE = Setting.scalar("type").replaces();
    public static final Setting ALIAS_TARGET = Setting.reference("aliasTarget", LoadBalancerType.TYPE);
    public static final Setting EVALUATE_TARGET_HEALTH = Setting.scalar("evaluateTargetHealth");
    public static final Schema SCHEMA =
            Schema.of(TYPE, Setting.NAME, HOSTED_ZONE, RECORD_TYPE, ALIAS_TARGET, EVALUATE_TARGET_HEALTH);

    private final Route53Client route53;
    private final ElasticLoadBalancingV2Client elb;
    private final String zone;
    private final String host;

    public DnsRecordType(Route53Client route53, ElasticLoadBalancingV2Client elb, String zone, String host) {
        this.route53 = route53;
        this.elb = elb;
        this.zone = DnsSpecs.zoneId(zone);
        this.host = host;
    }

    public static DnsRecordType of(Route53Client route53, ElasticLoadBalancingV2Client elb, StackConfig config) {
        return config.dns().enabled()
                ? new DnsRecordType(route53, elb, config.dns().hostedZoneId(), DnsSpecs.hostName(config))
                : new DnsRecordType(route53, elb, null, null);
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        if (zone == null || host == null) {
            return List.of();
        }
        ResourceRecordSet record = Records.find(route53, zone, host, RRType.A);
        if (record == null || record.aliasTarget() == null) {
            return List.of();
        }
        String aliasDns = Records.strip(record.aliasTarget().dnsName()).replaceFirst("(?i)^dualstack\\.", "");
        List<LoadBalancer> all = AwsCall.call(
                "DescribeLoadBalancers",
                "*",
                () -> elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().stream()
                        .toList());
        String target = all.stream()
                .filter(lb -> lb.dnsName().equalsIgnoreCase(aliasDns))
                .map(LoadBalancer::loadBalancerArn)
                .findFirst()
                .orElse(aliasDns);
        Map<String, String> s = new TreeMap<>();
        s.put(HOSTED_ZONE.key(), zone);
        s.put(RECORD_TYPE.key(), record.typeAsString());
        s.put(ALIAS_TARGET.key(), target);
        s.put(
                EVALUATE_TARGET_HEALTH.key(),
                String.valueOf(Boolean.TRUE.equals(record.aliasTarget().evaluateTargetHealth())));
        return List.of(Actual.of(type(), host, id(host), s, ""));
    }

    /**
     * The record's id is its name in DNS's absolute form, with the final dot: the certificate's
     * domain name is the same host without it, and the engine must not take one for the other.
     */
    static String id(String host) {
        return Records.strip(host) + ".";
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        upsert(spec, refs);
        return id(spec.name());
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        upsert(spec, refs);
    }

    /** UPSERT: the same call creates, repoints, or repeats harmlessly. */
    private void upsert(Spec spec, Refs refs) {
        String arn = refs.resolve(spec.setting(ALIAS_TARGET));
        LoadBalancer lb = AwsCall.call(
                "DescribeLoadBalancers",
                arn,
                () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn))
                        .loadBalancers()
                        .get(0));
        String zoneId = DnsSpecs.zoneId(spec.setting(HOSTED_ZONE));
        AwsCall.run(
                "ChangeResourceRecordSets UPSERT",
                zoneId + " " + spec.name(),
                () -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                        .changeBatch(b -> b.comment("alias to " + lb.loadBalancerName())
                                .changes(c -> c.action(ChangeAction.UPSERT)
                                        .resourceRecordSet(s -> s.name(spec.name())
                                                .type(spec.setting(RECORD_TYPE))
                                                .aliasTarget(a -> a.hostedZoneId(lb.canonicalHostedZoneId())
                                                        .dnsName("dualstack." + lb.dnsName())
                                                        .evaluateTargetHealth(Boolean.parseBoolean(
                                                                spec.setting(EVALUATE_TARGET_HEALTH)))))))));
    }

    /** Deletes the record exactly as found (Route 53 wants the whole record); already gone counts as deleted. */
    @Override
    public void delete(Actual actual, StackScope scope) {
        String zoneId = actual.settings().getOrDefault(HOSTED_ZONE.key(), zone);
        ResourceRecordSet record = Records.find(route53, zoneId, actual.id(), RRType.A);
        if (record == null) {
            return;
        }
        try {
            route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                    .changeBatch(
                            b -> b.changes(c -> c.action(ChangeAction.DELETE).resourceRecordSet(record))));
        } catch (InvalidChangeBatchException gone) {
            // deleted meanwhile
        } catch (SdkException e) {
            throw ExitException.aws("ChangeResourceRecordSets DELETE", zoneId + " " + actual.id(), e);
        }
    }
}
