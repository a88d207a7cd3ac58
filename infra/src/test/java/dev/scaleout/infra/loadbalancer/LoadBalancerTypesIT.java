package dev.scaleout.infra.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.compute.MapRefs;
import dev.scaleout.infra.compute.TestNetwork;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.operate.AlbDns;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

@ExtendWith(MotoExtension.class)
class LoadBalancerTypesIT {

    static MotoServer moto;
    static ElasticLoadBalancingV2Client elb;
    static Ec2Client ec2;
    static AcmClient acm;
    static AutoScalingClient autoscaling;
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));
    final Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC(), false);
    MapRefs refs;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        elb = moto.clients().build(ElasticLoadBalancingV2Client.builder());
        ec2 = moto.clients().build(Ec2Client.builder());
        acm = moto.clients().build(AcmClient.builder());
        autoscaling = moto.clients().build(AutoScalingClient.builder());
    }

    @BeforeEach
    void reset() {
        moto.reset();
        refs = TestNetwork.create(ec2, "my");
    }

    static StackConfig withDns(boolean secondTargetGroup) {
        StackConfig d = StackConfig.defaults();
        StackConfig.LoadBalancer lb = d.loadBalancer();
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                "eu-west-1",
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                new StackConfig.LoadBalancer(
                        lb.healthCheckPath(),
                        lb.healthCheckIntervalSeconds(),
                        lb.healthCheckTimeoutSeconds(),
                        lb.healthyThreshold(),
                        lb.unhealthyThreshold(),
                        lb.deregistrationDelaySeconds(),
                        secondTargetGroup),
                new StackConfig.Dns("example.com", "Z123", "asg-ec2"),
                d.instances(),
                d.autoScaling());
    }

    @Test
    void targetGroupsWithTheCoursesHealthCheck() {
        List<Spec> specs = LoadBalancerSpecs.specs(withDns(true));
        List<Spec> groups =
                specs.stream().filter(s -> s.type().equals("target-group")).toList();
        assertThat(groups).extracting(Spec::name).containsExactly("my-asg-ec2-tg", "my-asg-ec2-tg-8080");
        TargetGroupType type = new TargetGroupType(elb, autoscaling);
        for (Spec spec : groups) {
            refs.put(spec.type(), spec.name(), type.create(spec, refs, scope));
        }
        List<Actual> found = type.discover(scope);
        assertThat(found).hasSize(2);
        for (Actual a : found) {
            Spec spec = groups.stream()
                    .filter(s -> s.name().equals(a.name()))
                    .findFirst()
                    .orElseThrow();
            assertThat(refs.comparable(a.settings())).isEqualTo(refs.comparable(spec.settings()));
        }
        TargetGroup tg = elb.describeTargetGroups(r -> r.names("my-asg-ec2-tg"))
                .targetGroups()
                .get(0);
        assertThat(tg.healthCheckPath()).isEqualTo("/ec2meta-webpage/index.php");
        assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(5);
        assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(3);
        assertThat(tg.healthyThresholdCount()).isEqualTo(2);
        assertThat(tg.port()).isEqualTo(80);
        assertThat(elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn()))
                        .attributes())
                .anySatisfy(a -> {
                    assertThat(a.key()).isEqualTo("deregistration_delay.timeout_seconds");
                    assertThat(a.value()).isEqualTo("10");
                });

        Spec spec = groups.get(0);
        Actual actual = found.stream()
                .filter(a -> a.name().equals("my-asg-ec2-tg"))
                .findFirst()
                .orElseThrow();
        Map<String, String> changed = new TreeMap<>(spec.settings());
        changed.put("healthCheckPath", "/health");
        changed.put("deregistrationDelaySeconds", "30");
        Spec slower = spec.with(changed);
        type.update(
                slower,
                new Actual(
                        actual.type(),
                        actual.name(),
                        actual.id(),
                        new TreeMap<>(refs.toRefs(actual.settings())),
                        actual.state()),
                refs,
                scope);
        Actual after = type.discover(scope).stream()
                .filter(a -> a.name().equals("my-asg-ec2-tg"))
                .findFirst()
                .orElseThrow();
        assertThat(refs.comparable(after.settings())).isEqualTo(refs.comparable(slower.settings()));
        assertThat(spec.replaceOn()).contains("name", "port", "protocol", "vpc");

        for (Actual a : type.discover(scope)) {
            type.delete(a, scope);
            type.delete(a, scope);
        }
        assertThat(type.discover(scope)).isEmpty();
    }

    @Test
    void httpForwardThenHttpsWithARedirectWhenADomainIsGiven() {
        StackConfig plain = StackConfig.defaults();
        for (Spec tg : LoadBalancerSpecs.specs(plain).stream()
                .filter(s -> s.type().equals("target-group"))
                .toList()) {
            refs.put(tg.type(), tg.name(), new TargetGroupType(elb, autoscaling).create(tg, refs, scope));
        }
        LoadBalancerType type = new LoadBalancerType(elb);
        Spec spec = LoadBalancerSpecs.specs(plain).stream()
                .filter(s -> s.type().equals("load-balancer"))
                .findFirst()
                .orElseThrow();
        assertThat(spec.setting("listeners")).isEqualTo("HTTP:80 forward=@target-group/my-asg-ec2-tg");
        String arn = type.create(spec, refs, scope);
        type.awaitReady(arn, spec, progress);
        refs.put(spec.type(), spec.name(), arn);

        Actual found = single(type.discover(scope));
        assertThat(found.state()).isEqualTo("active");
        Map<String, String> comparable = refs.comparable(found.settings());
        comparable.remove(LoadBalancerType.DNS_NAME);
        assertThat(comparable).isEqualTo(refs.comparable(spec.settings()));
        assertThat(found.settings().get(LoadBalancerType.DNS_NAME)).contains("elb.amazonaws.com");
        assertThat(AlbDns.of(elb, "my-asg-alb")).contains(found.settings().get(LoadBalancerType.DNS_NAME));
        assertThat(LoadBalancerSpecs.url(plain, "x.elb.amazonaws.com")).isEqualTo("http://x.elb.amazonaws.com/");
        // Invalid header fields are dropped by the ALB, as aws elbv2 describe-load-balancer-attributes shows.
        assertThat(elb.describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn))
                        .attributes())
                .anySatisfy(a -> {
                    assertThat(a.key()).isEqualTo("routing.http.drop_invalid_header_fields.enabled");
                    assertThat(a.value()).isEqualTo("true");
                });
        // Turned off by hand, the next apply turns it on again.
        elb.modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn)
                .attributes(a ->
                        a.key("routing.http.drop_invalid_header_fields.enabled").value("false")));
        Actual drifted = single(type.discover(scope));
        assertThat(drifted.settings().get("attributes"))
                .isEqualTo("access_logs.s3.enabled=false,deletion_protection.enabled=false,"
                        + "routing.http.drop_invalid_header_fields.enabled=false");
        type.update(spec, translated(drifted), refs, scope);
        assertThat(single(type.discover(scope)).settings().get("attributes"))
                .isEqualTo("access_logs.s3.enabled=false,deletion_protection.enabled=false,"
                        + "routing.http.drop_invalid_header_fields.enabled=true");

        // a domain: HTTPS:443 forwards with the certificate, HTTP:80 redirects
        String cert = acm.requestCertificate(
                        r -> r.domainName("asg-ec2.example.com").validationMethod("DNS"))
                .certificateArn();
        refs.put("certificate", "asg-ec2.example.com", cert);
        Spec secure = LoadBalancerSpecs.specs(withDns(false)).stream()
                .filter(s -> s.type().equals("load-balancer"))
                .findFirst()
                .orElseThrow();
        type.update(secure, translated(found), refs, scope);
        Actual after = single(type.discover(scope));
        assertThat(refs.toRefs(after.settings()).get("listeners"))
                .isEqualTo(
                        "HTTP:80 redirect=HTTPS:443,HTTPS:443 forward=@target-group/my-asg-ec2-tg certificate=@certificate/asg-ec2.example.com"
                                + " policy=ELBSecurityPolicy-TLS13-1-2-2021-06");
        List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener> listeners =
                elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners();
        Action redirect = listeners.stream()
                .filter(l -> l.port() == 80)
                .findFirst()
                .orElseThrow()
                .defaultActions()
                .get(0);
        assertThat(redirect.redirectConfig().protocol()).isEqualTo("HTTPS");
        assertThat(redirect.redirectConfig().port()).isEqualTo("443");
        assertThat(redirect.redirectConfig().statusCodeAsString()).isEqualTo("HTTP_301");
        assertThat(LoadBalancerSpecs.url(withDns(false), "x")).isEqualTo("https://asg-ec2.example.com/");

        type.delete(after, scope);
        type.awaitDeleted(after, progress);
        type.delete(after, scope);
        assertThat(type.discover(scope)).isEmpty();
    }

    @Test
    void listenersMissingAfterAnInterruptedCreateAreAddedByUpdate() {
        StackConfig plain = StackConfig.defaults();
        Spec tg = LoadBalancerSpecs.specs(plain).get(0);
        refs.put(tg.type(), tg.name(), new TargetGroupType(elb, autoscaling).create(tg, refs, scope));
        Spec spec = LoadBalancerSpecs.specs(plain).get(1);
        // the run stopped after CreateLoadBalancer
        elb.createLoadBalancer(r -> r.name("my-asg-alb")
                .subnets(refs.resolveAll(spec.setting("subnets")))
                .securityGroups(refs.resolveAll(spec.setting("securityGroups")))
                .tags(ElbTags.of(scope, "my-asg-alb")));
        LoadBalancerType type = new LoadBalancerType(elb);
        Actual partial = single(type.discover(scope));
        assertThat(partial.settings().get("listeners")).isEmpty();
        type.update(spec, translated(partial), refs, scope);
        assertThat(refs.toRefs(single(type.discover(scope)).settings()).get("listeners"))
                .isEqualTo("HTTP:80 forward=@target-group/my-asg-ec2-tg");
    }

    @Test
    void aDeletedCertificateOrTargetGroupTakesTheListenersUsingItAlong() {
        Spec tg = LoadBalancerSpecs.specs(withDns(false)).get(0);
        String tgArn = new TargetGroupType(elb, autoscaling).create(tg, refs, scope);
        refs.put(tg.type(), tg.name(), tgArn);
        String cert = acm.requestCertificate(
                        r -> r.domainName("asg-ec2.example.com").validationMethod("DNS"))
                .certificateArn();
        refs.put("certificate", "asg-ec2.example.com", cert);
        Spec spec = LoadBalancerSpecs.specs(withDns(false)).get(1);
        String arn = new LoadBalancerType(elb).create(spec, refs, scope);

        ListenersUsing.delete(elb, List.of(arn), cert);
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners())
                .extracting(l -> l.port())
                .containsExactly(80);

        // the redirect does not use the group; a forward does
        Spec plain = LoadBalancerSpecs.specs(StackConfig.defaults()).get(1);
        new LoadBalancerType(elb)
                .update(plain, translated(single(new LoadBalancerType(elb).discover(scope))), refs, scope);
        new TargetGroupType(elb, autoscaling)
                .delete(single(new TargetGroupType(elb, autoscaling).discover(scope)), scope);
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners())
                .isEmpty();
        assertThat(new TargetGroupType(elb, autoscaling).discover(scope)).isEmpty();
    }

    @Test
    void listenerSettingsRoundTrip() {
        Listener l = Listener.parse("HTTPS:443 forward=@target-group/t certificate=arn:aws:acm:x policy=P");
        assertThat(l.port()).isEqualTo(443);
        assertThat(l.attribute("certificate")).isEqualTo("arn:aws:acm:x");
        assertThat(Listener.formatAll(Listener.parseAll("HTTPS:443 forward=a,HTTP:80 redirect=HTTPS:443")))
                .isEqualTo("HTTP:80 redirect=HTTPS:443,HTTPS:443 forward=a");
        assertThat(LoadBalancerType.action(Listener.parse("HTTP:80 redirect=HTTPS:443"))
                        .redirectConfig()
                        .port())
                .isEqualTo("443");
        assertThatThrownBy(() -> Listener.parse("HTTP80 forward=x")).isInstanceOf(IllegalArgumentException.class);
    }

    private Actual translated(Actual a) {
        return new Actual(a.type(), a.name(), a.id(), new TreeMap<>(refs.toRefs(a.settings())), a.state());
    }

    private static Actual single(List<Actual> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
