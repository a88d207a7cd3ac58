package dev.scaleout.infra.dns;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * "dns-record": the alias A record {@code <recordName>.<domain>} to the ALB. Records carry
 * no tags, so this type knows the one record it owns from the config (zone and name) and
 * marks it as the stack's with a TXT record beside it ({@link Ownership}, as external-dns
 * does), written in the same change batch. A record of that name that another owner (or a
 * hand) made is neither adopted nor overwritten nor deleted: discovery leaves it out and the
 * plan stops with the record's name and the fix. A record without an ownership TXT that
 * already points at the stack's own ALB (made by a version before ownership) is adopted: the
 * plan shows the owner being written. The alias target is matched back to the stack's ALB by
 * its DNS name. If the domain is later removed from the config, the record is no longer
 * looked for and stays: delete it before, or by hand.
 */
public final class DnsRecordType implements ManagedType {

    public static final String TYPE = "dns-record";
    public static final Setting HOSTED_ZONE = Setting.scalar("hostedZone").replaces();
    public static final Setting RECORD_TYPE = Setting.scalar("type").replaces();
    public static final Setting ALIAS_TARGET = Setting.reference("aliasTarget", LoadBalancerType.TYPE);
    public static final Setting EVALUATE_TARGET_HEALTH = Setting.scalar("evaluateTargetHealth");
    /** The owner its TXT record names ("" for a record without one): project/stack/region. */
    public static final Setting OWNER = Setting.scalar("owner");

    public static final Schema SCHEMA =
            Schema.of(TYPE, Setting.NAME, HOSTED_ZONE, RECORD_TYPE, ALIAS_TARGET, EVALUATE_TARGET_HEALTH, OWNER);

    private final Route53Client route53;
    private final ElasticLoadBalancingV2Client elb;
    private final String zone;
    private final String host;
    /** The stack's ALB: a record without an owner that points at it is the stack's, from before ownership. */
    private final String loadBalancerName;

    public DnsRecordType(
            Route53Client route53,
            ElasticLoadBalancingV2Client elb,
            String zone,
            String host,
            String loadBalancerName) {
        this.route53 = route53;
        this.elb = elb;
        this.zone = DnsSpecs.zoneId(zone);
        this.host = host;
        this.loadBalancerName = loadBalancerName;
    }

    public static DnsRecordType of(Route53Client route53, ElasticLoadBalancingV2Client elb, StackConfig config) {
        return config.dns().enabled()
                ? new DnsRecordType(
                        route53,
                        elb,
                        config.dns().hostedZoneId(),
                        DnsSpecs.hostName(config),
                        LoadBalancerSpecs.loadBalancerName(config))
                : new DnsRecordType(route53, elb, null, null, null);
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
        String ours = Ownership.owner(scope);
        Optional<String> owner = Ownership.of(route53, zone, host);
        ResourceRecordSet record = Records.find(route53, zone, host, RRType.A);
        Map<String, String> s = new TreeMap<>();
        s.put(HOSTED_ZONE.key(), zone);
        if (record == null || record.aliasTarget() == null) {
            if (record == null && owner.filter(ours::equals).isPresent()) {
                // only the ownership record is left (the A record was removed by hand): ours to complete or remove
                s.put(RECORD_TYPE.key(), RRType.A.toString());
                s.put(ALIAS_TARGET.key(), "");
                s.put(EVALUATE_TARGET_HEALTH.key(), "");
                s.put(OWNER.key(), ours);
                return List.of(Actual.of(type(), host, id(host), s, "owner record only"));
            }
            return List.of();
        }
        Optional<LoadBalancer> target = aliasTarget(record);
        boolean adoptable = owner.isEmpty()
                && target.map(lb -> lb.loadBalancerName().equals(loadBalancerName))
                        .orElse(false);
        if (!owner.filter(ours::equals).isPresent() && !adoptable) {
            return List.of(); // another's: nameTakenBy stops the plan that would create it
        }
        s.put(RECORD_TYPE.key(), record.typeAsString());
        s.put(ALIAS_TARGET.key(), target.map(LoadBalancer::loadBalancerArn).orElse(aliasDns(record)));
        s.put(
                EVALUATE_TARGET_HEALTH.key(),
                String.valueOf(Boolean.TRUE.equals(record.aliasTarget().evaluateTargetHealth())));
        s.put(OWNER.key(), owner.orElse(""));
        return List.of(Actual.of(type(), host, id(host), s, ""));
    }

    private static String aliasDns(ResourceRecordSet record) {
        return Records.strip(record.aliasTarget().dnsName()).replaceFirst("(?i)^dualstack\\.", "");
    }

    private Optional<LoadBalancer> aliasTarget(ResourceRecordSet record) {
        String aliasDns = aliasDns(record);
        List<LoadBalancer> all = AwsCall.call(
                "DescribeLoadBalancers",
                "*",
                () -> elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().stream()
                        .toList());
        return all.stream()
                .filter(lb -> lb.dnsName().equalsIgnoreCase(aliasDns))
                .findFirst();
    }

    /**
     * Asked before the plan that would create the record makes any change: a record of that
     * name that discovery left out, or an ownership record of another stack, is not ours to
     * overwrite. Exit 2 with the record and the fix (there is no prefix to change here).
     */
    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        String zoneId = DnsSpecs.zoneId(spec.setting(HOSTED_ZONE));
        Optional<String> owner = Ownership.of(route53, zoneId, spec.name());
        ResourceRecordSet record = Records.find(route53, zoneId, spec.name(), RRType.A);
        if (record == null && owner.isEmpty()) {
            return Optional.empty();
        }
        if (record == null && owner.get().equals(Ownership.owner(scope))) {
            return Optional.empty();
        }
        throw ExitException.userError(notOurs(zoneId, spec.name(), record != null, owner));
    }

    static String notOurs(String zone, String name, boolean recordExists, Optional<String> owner) {
        String whose = owner.map(o -> "?".equals(o)
                        ? "its ownership record " + Ownership.recordName(name) + " was not written by infra"
                        : "its ownership record " + Ownership.recordName(name) + " names '" + o + "'")
                .orElse("it has no ownership record " + Ownership.recordName(name));
        return "dns.recordName: " + (recordExists ? "the A record " : "the name ") + Records.strip(name)
                + " in hosted zone " + zone + " is not this stack's (" + whose
                + "), and infra does not overwrite or delete DNS records it does not own: set dns.recordName"
                + " to a free name, or, if that record is stale, delete it (and its ownership record) in Route 53 first";
    }

    /**
     * The record's id is its name in DNS's absolute form, with the final dot: the certificate's
     * domain name is the same host without it, and the engine must not take one for the other.
     */
    static String id(String host) {
        return Records.strip(host) + ".";
    }

    /** CREATE, not UPSERT: Route 53 refuses the whole batch if either record exists, so a race cannot overwrite. */
    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String owner = Ownership.owner(scope);
        change(spec, List.of(Ownership.change(ChangeAction.CREATE, owner, spec.name())), ChangeAction.CREATE, refs);
        return id(spec.name());
    }

    /**
     * UPSERT of the record, with the ownership record in the same batch. The owner is read
     * again first and the update refused unless it is this stack (or absent, for a record
     * adopted from before ownership, whose ownership record is then CREATEd, which Route 53
     * refuses if one appeared meanwhile). Route 53 has no compare-and-swap for an UPSERT: a
     * DELETE and CREATE of the same TXT in one batch would be one, but moto refuses it, so
     * between that read and the write an owner change goes unseen (milliseconds).
     */
    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        String owner = Ownership.owner(scope);
        String zoneId = DnsSpecs.zoneId(spec.setting(HOSTED_ZONE));
        Optional<String> now = Ownership.of(route53, zoneId, spec.name());
        if (now.isPresent() && !now.get().equals(owner)) {
            throw ExitException.failure("dns-record " + spec.name() + ": the owner changed since discovery; "
                    + notOurs(zoneId, spec.name(), Records.find(route53, zoneId, spec.name(), RRType.A) != null, now));
        }
        change(
                spec,
                List.of(Ownership.change(
                        now.isPresent() ? ChangeAction.UPSERT : ChangeAction.CREATE, owner, spec.name())),
                ChangeAction.UPSERT,
                refs);
    }

    private void change(Spec spec, List<Change> ownership, ChangeAction action, Refs refs) {
        String arn = refs.resolve(spec.setting(ALIAS_TARGET));
        LoadBalancer lb = AwsCall.call(
                "DescribeLoadBalancers",
                arn,
                () -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn))
                        .loadBalancers()
                        .get(0));
        String zoneId = DnsSpecs.zoneId(spec.setting(HOSTED_ZONE));
        List<Change> changes = new ArrayList<>(ownership);
        changes.add(Change.builder()
                .action(action)
                .resourceRecordSet(s -> s.name(spec.name())
                        .type(spec.setting(RECORD_TYPE))
                        .aliasTarget(a -> a.hostedZoneId(lb.canonicalHostedZoneId())
                                .dnsName("dualstack." + lb.dnsName())
                                .evaluateTargetHealth(Boolean.parseBoolean(spec.setting(EVALUATE_TARGET_HEALTH)))))
                .build());
        try {
            route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                    .changeBatch(
                            b -> b.comment("alias to " + lb.loadBalancerName()).changes(changes)));
        } catch (InvalidChangeBatchException e) {
            throw refused(zoneId, spec.name(), e);
        } catch (SdkException e) {
            throw ExitException.aws("ChangeResourceRecordSets " + action, zoneId + " " + spec.name(), e);
        }
    }

    /** Route 53 refused the batch: a record appeared, or the ownership record changed, since discovery. */
    private ExitException refused(String zoneId, String name, InvalidChangeBatchException e) {
        return ExitException.failure("ChangeResourceRecordSets " + zoneId + " " + Records.strip(name)
                + ": Route 53 refused the change (" + e.awsErrorDetails().errorMessage() + "); "
                + notOurs(
                        zoneId,
                        name,
                        Records.find(route53, zoneId, name, RRType.A) != null,
                        Ownership.of(route53, zoneId, name)));
    }

    /**
     * Deletes the record exactly as found (Route 53 wants the whole record) with the ownership
     * record exactly as this stack wrote it, in one batch: if either changed since discovery
     * Route 53 refuses, and nothing is deleted. Already gone counts as deleted.
     */
    @Override
    public void delete(Actual actual, StackScope scope) {
        String zoneId = actual.settings().getOrDefault(HOSTED_ZONE.key(), zone);
        String owner = actual.settings().getOrDefault(OWNER.key(), "");
        List<Change> changes = new ArrayList<>();
        ResourceRecordSet record = Records.find(route53, zoneId, actual.id(), RRType.A);
        if (record != null) {
            changes.add(Change.builder()
                    .action(ChangeAction.DELETE)
                    .resourceRecordSet(record)
                    .build());
        }
        if (!owner.isEmpty() && Ownership.of(route53, zoneId, actual.id()).isPresent()) {
            changes.add(Ownership.change(ChangeAction.DELETE, owner, actual.id()));
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(changes)));
        } catch (InvalidChangeBatchException e) {
            if (Records.find(route53, zoneId, actual.id(), RRType.A) != null
                    || Ownership.of(route53, zoneId, actual.id()).isPresent()) {
                throw refused(zoneId, actual.id(), e);
            }
            // deleted meanwhile
        } catch (SdkException e) {
            throw ExitException.aws("ChangeResourceRecordSets DELETE", zoneId + " " + actual.id(), e);
        }
    }
}
