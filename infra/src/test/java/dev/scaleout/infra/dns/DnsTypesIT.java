package dev.scaleout.infra.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.compute.MapRefs;
import dev.scaleout.infra.compute.TestNetwork;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

@ExtendWith(MotoExtension.class)
class DnsTypesIT {

    static MotoServer moto;
    static AcmClient acm;
    static Route53Client route53;
    static ResourceGroupsTaggingApiClient tagging;
    static ElasticLoadBalancingV2Client elb;
    static Ec2Client ec2;
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));
    final Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC(), false);
    MapRefs refs;
    String zone;
    StackConfig config;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        acm = moto.clients().build(AcmClient.builder());
        route53 = moto.clients().build(Route53Client.builder());
        tagging = moto.clients().build(ResourceGroupsTaggingApiClient.builder());
        elb = moto.clients().build(ElasticLoadBalancingV2Client.builder());
        ec2 = moto.clients().build(Ec2Client.builder());
    }

    @BeforeEach
    void reset() {
        moto.reset();
        refs = TestNetwork.create(ec2, "my");
        zone = route53.createHostedZone(r -> r.name("example.com").callerReference("test-" + System.nanoTime()))
                .hostedZone()
                .id();
        StackConfig d = StackConfig.defaults();
        config = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                "eu-west-1",
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                new StackConfig.Dns("example.com", zone, "asg-ec2"),
                d.instances(),
                d.autoScaling());
    }

    @Test
    void noDomainNoSpecs() {
        assertThat(DnsSpecs.specs(StackConfig.defaults())).isEmpty();
        assertThat(DnsRecordType.of(route53, elb, StackConfig.defaults()).discover(scope))
                .isEmpty();
        assertThat(DnsSpecs.zoneId("/hostedzone/Z1")).isEqualTo("Z1");
    }

    @Test
    void certificateValidatedByRecordsInTheZone() {
        Spec spec = DnsSpecs.specs(config).get(0);
        assertThat(spec.name()).isEqualTo("asg-ec2.example.com");
        ValidationRecords records = new ValidationRecords(route53);
        // a clock that each sleep moves on: the wait runs out at once while ACM (moto: a few seconds) still validates
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        CertificateType impatient = new CertificateType(
                acm,
                elb,
                tagging,
                records,
                new Poll(clock, clock::advance, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        String arn = impatient.create(spec, refs, scope);
        refs.put(spec.type(), spec.name(), arn);
        // the record's id must not turn the certificate's domain name into a reference
        refs.put("dns-record", "asg-ec2.example.com", "asg-ec2.example.com.");

        Actual pending = single(impatient.discover(scope));
        assertThat(pending.state()).isEqualTo("pending_validation");
        assertThat(pending.settings()).containsEntry("validationRecords", "missing");

        assertThatThrownBy(() -> impatient.awaitReady(arn, spec, progress))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("PENDING_VALIDATION");
        // the records were written before the wait
        Actual written = single(impatient.discover(scope));
        assertThat(refs.toRefs(written.settings())).isEqualTo(new TreeMap<>(spec.settings()));
        ResourceRecordSet cname =
                route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                        .filter(s -> s.type() == RRType.CNAME)
                        .findFirst()
                        .orElseThrow();
        assertThat(cname.name()).endsWith("asg-ec2.example.com.");
        assertThat(cname.resourceRecords().get(0).value()).contains("acm-validations.aws");

        // records removed by hand come back on update
        records.delete(
                zone,
                CertificateType.validationRecords(
                        acm.describeCertificate(r -> r.certificateArn(arn)).certificate()));
        Actual missing = single(impatient.discover(scope));
        assertThat(missing.settings()).containsEntry("validationRecords", "missing");
        impatient.update(spec, missing, refs, scope);
        assertThat(single(impatient.discover(scope)).settings()).containsEntry("validationRecords", "in-zone");

        // moto issues DNS-validated certificates MotoServer.ACM_VALIDATION_WAIT after the request: wait as apply does
        CertificateType patient = new CertificateType(
                acm, elb, tagging, records, Poll.real(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        patient.awaitReady(arn, spec, progress);
        assertThat(single(patient.discover(scope)).state()).isEqualTo("issued");

        patient.delete(written, scope);
        patient.delete(written, scope);
        assertThat(patient.discover(scope)).isEmpty();
        assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets())
                .noneMatch(s -> s.type() == RRType.CNAME);
    }

    @Test
    void aliasRecordToTheAlb() {
        LoadBalancer first = alb("my-asg-alb");
        LoadBalancer second = alb("my-other-alb");
        refs.put("load-balancer", "my-asg-alb", first.loadBalancerArn());
        refs.put("load-balancer", "my-other-alb", second.loadBalancerArn());
        Spec spec = DnsSpecs.specs(config).get(1);
        DnsRecordType type = DnsRecordType.of(route53, elb, config);
        assertThat(type.create(spec, refs, scope)).isEqualTo("asg-ec2.example.com.");

        Actual found = single(type.discover(scope));
        assertThat(refs.comparable(found.settings())).isEqualTo(refs.comparable(spec.settings()));
        ResourceRecordSet a = route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(s -> s.type() == RRType.A)
                .findFirst()
                .orElseThrow();
        assertThat(a.aliasTarget().dnsName()).containsIgnoringCase(first.dnsName());
        assertThat(a.aliasTarget().hostedZoneId()).isEqualTo(first.canonicalHostedZoneId());

        TreeMap<String, String> moved = new TreeMap<>(spec.settings());
        moved.put("aliasTarget", "@load-balancer/my-other-alb");
        Spec repointed = spec.with(moved);
        type.update(repointed, found, refs, scope);
        assertThat(refs.comparable(single(type.discover(scope)).settings()))
                .isEqualTo(refs.comparable(repointed.settings()));

        type.delete(found, scope);
        type.delete(found, scope);
        assertThat(type.discover(scope)).isEmpty();
        assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets())
                .noneMatch(s -> s.type() == RRType.A || s.type() == RRType.TXT);
    }

    @Test
    void theRecordIsWrittenWithItsOwnershipRecordAndTheOwnerRecordAloneIsCompleted() {
        LoadBalancer first = alb("my-asg-alb");
        refs.put("load-balancer", "my-asg-alb", first.loadBalancerArn());
        Spec spec = DnsSpecs.specs(config).get(1);
        DnsRecordType type = DnsRecordType.of(route53, elb, config);
        assertThat(type.nameTakenBy(spec, scope)).isEmpty();
        type.create(spec, refs, scope);

        ResourceRecordSet txt = record("_infra-owner-a.asg-ec2.example.com.", RRType.TXT);
        assertThat(txt.resourceRecords())
                .singleElement()
                .satisfies(v -> assertThat(v.value())
                        .isEqualTo("\"heritage=infra,infra/owner=scaleout-kit/demo/eu-west-1,"
                                + "infra/resource=dns-record/asg-ec2.example.com\""));
        assertThat(single(type.discover(scope)).settings()).containsEntry("owner", "scaleout-kit/demo/eu-west-1");

        // the A record removed by hand: the ownership record alone is still the stack's, and update restores the alias
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(c ->
                        c.action(ChangeAction.DELETE).resourceRecordSet(record("asg-ec2.example.com.", RRType.A)))));
        Actual ownerOnly = single(type.discover(scope));
        assertThat(ownerOnly.settings()).containsEntry("aliasTarget", "");
        assertThat(type.nameTakenBy(spec, scope)).isEmpty();
        type.update(spec, ownerOnly, refs, scope);
        assertThat(refs.comparable(single(type.discover(scope)).settings()))
                .isEqualTo(refs.comparable(spec.settings()));
    }

    @Test
    void aRecordOfTheSameNameMadeByHandIsNeitherAdoptedNorOverwrittenNorDeleted() {
        LoadBalancer ours = alb("my-asg-alb");
        refs.put("load-balancer", "my-asg-alb", ours.loadBalancerArn());
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(c -> c.action(ChangeAction.CREATE)
                        .resourceRecordSet(rs -> rs.name("asg-ec2.example.com")
                                .type(RRType.A)
                                .ttl(60L)
                                .resourceRecords(v -> v.value("198.51.100.10"))))));
        Spec spec = DnsSpecs.specs(config).get(1);
        DnsRecordType type = DnsRecordType.of(route53, elb, config);

        assertThat(type.discover(scope))
                .as("not the stack's: not found, so destroy never deletes it")
                .isEmpty();
        assertThatThrownBy(() -> type.nameTakenBy(spec, scope))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("dns.recordName: the A record asg-ec2.example.com in hosted zone " + zone)
                .hasMessageContaining("it has no ownership record _infra-owner-a.asg-ec2.example.com")
                .hasMessageContaining("set dns.recordName to a free name")
                .satisfies(e -> assertThat(((ExitException) e).code()).isEqualTo(ExitException.USER_ERROR));
        assertThat(record("asg-ec2.example.com.", RRType.A).resourceRecords())
                .singleElement()
                .satisfies(v -> assertThat(v.value()).isEqualTo("198.51.100.10"));
    }

    @Test
    void aRecordAnotherStackOwnsIsRefusedNamingThatOwner() {
        LoadBalancer theirs = alb("other-asg-alb");
        refs.put("load-balancer", "my-asg-alb", theirs.loadBalancerArn());
        Spec spec = DnsSpecs.specs(config).get(1);
        StackScope other = new StackScope("scaleout-kit", "staging", Region.of(MotoServer.REGION));
        DnsRecordType type = DnsRecordType.of(route53, elb, config);
        type.create(spec, refs, other);

        assertThat(type.discover(scope)).isEmpty();
        assertThat(single(type.discover(other)).settings()).containsEntry("owner", "scaleout-kit/staging/eu-west-1");
        assertThatThrownBy(() -> type.nameTakenBy(spec, scope))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("names 'scaleout-kit/staging/eu-west-1'");
    }

    @Test
    void aRecordFromBeforeOwnershipThatPointsAtTheStacksAlbIsAdoptedByWritingItsOwner() {
        LoadBalancer ours = alb("my-asg-alb");
        refs.put("load-balancer", "my-asg-alb", ours.loadBalancerArn());
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(c -> c.action(ChangeAction.CREATE)
                        .resourceRecordSet(rs -> rs.name("asg-ec2.example.com")
                                .type(RRType.A)
                                .aliasTarget(a -> a.hostedZoneId(ours.canonicalHostedZoneId())
                                        .dnsName("dualstack." + ours.dnsName())
                                        .evaluateTargetHealth(true))))));
        Spec spec = DnsSpecs.specs(config).get(1);
        DnsRecordType type = DnsRecordType.of(route53, elb, config);

        Actual legacy = single(type.discover(scope));
        assertThat(legacy.settings()).containsEntry("owner", "");
        type.update(
                spec,
                new Actual(
                        legacy.type(),
                        legacy.name(),
                        legacy.id(),
                        new TreeMap<>(refs.toRefs(legacy.settings())),
                        legacy.state()),
                refs,
                scope);
        assertThat(single(type.discover(scope)).settings()).containsEntry("owner", "scaleout-kit/demo/eu-west-1");
    }

    private ResourceRecordSet record(String name, RRType type) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(s -> s.type() == type && s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " " + name));
    }

    private LoadBalancer alb(String name) {
        return elb.createLoadBalancer(r -> r.name(name)
                        .subnets(refs.id("subnet", "my-public-subnet-a"), refs.id("subnet", "my-public-subnet-c")))
                .loadBalancers()
                .get(0);
    }

    private static Actual single(List<Actual> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
