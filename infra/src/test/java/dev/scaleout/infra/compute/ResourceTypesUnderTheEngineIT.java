package dev.scaleout.infra.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.Registry;
import dev.scaleout.infra.StackSpecs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.DatabaseSpecs;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.database.DbSubnetGroupType;
import dev.scaleout.infra.dns.CertificateType;
import dev.scaleout.infra.dns.DnsRecordType;
import dev.scaleout.infra.dns.DnsSpecs;
import dev.scaleout.infra.dns.ValidationRecords;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Applier;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Destroyer;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.loadbalancer.TargetGroupType;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * This package's types driven by the engine (discover, plan, apply, destroy) over the whole
 * stack, network included: the second apply must plan nothing and make no mutating call,
 * and a desired capacity changed by scaling must not show as a change.
 */
@ExtendWith(MotoExtension.class)
class ResourceTypesUnderTheEngineIT {

    static MotoServer moto;
    final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    final Progress progress = new Progress(quiet, Clock.systemUTC(), false);
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    static StackConfig config(StackConfig.Dns dns) {
        StackConfig d = StackConfig.defaults();
        return new StackConfig(d.project(), d.stack(), d.prefix(), MotoServer.REGION, d.network(),
                new StackConfig.Security("203.0.113.7/32"), d.bastion(), d.database(), d.loadBalancer(), dns,
                d.instances(), d.autoScaling());
    }

    /** Every spec of the stack: the engine's own list plus this package's, whichever it already holds. */
    static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(StackSpecs.specs(config));
        Set<String> keys = new HashSet<>(specs.stream().map(Spec::key).toList());
        List<Spec> ours = new ArrayList<>();
        ours.addAll(IamSpecs.specs(config));
        ours.addAll(DatabaseSpecs.specs(config));
        ours.addAll(DnsSpecs.specs(config));
        ours.addAll(LoadBalancerSpecs.specs(config));
        ours.addAll(ComputeSpecs.specs(config));
        ours.stream().filter(s -> keys.add(s.key())).forEach(specs::add);
        return specs;
    }

    Map<String, ManagedType> types(AwsClients clients, StackConfig config) {
        Map<String, ManagedType> types = new Registry(clients, progress, null).types(); // its own DNS record type below
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        RdsClient rds = clients.build(RdsClient.builder());
        ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
        Route53Client route53 = clients.build(Route53Client.builder());
        List<ManagedType> ours = List.of(
                new InstanceRoleType(clients.build(IamClient.builder())),
                new DbSubnetGroupType(rds),
                new DbInstanceType(rds),
                new CertificateType(clients.build(AcmClient.builder()), elb, clients.build(ResourceGroupsTaggingApiClient.builder()),
                        new ValidationRecords(route53)),
                new TargetGroupType(elb, clients.build(AutoScalingClient.builder())),
                new LoadBalancerType(elb),
                DnsRecordType.of(route53, elb, config),
                new LaunchTemplateType(ec2, rds),
                new AutoScalingGroupType(clients.build(AutoScalingClient.builder()), clients.build(Ec2Client.builder())));
        // This package's types as built here win over the registry's, so the tests see their newest constructors.
        ours.forEach(t -> types.put(t.type(), t));
        return types;
    }

    void apply(AwsClients clients, StackConfig config) {
        apply(clients, config, specs(config));
    }

    void apply(AwsClients clients, StackConfig config, List<Spec> specs) {
        Map<String, ManagedType> types = types(clients, config);
        Discovery.Found found = Discovery.discover(types, scope);
        new Applier(types, scope, progress, quiet).apply(Planner.plan(specs, found), found);
    }

    @Test
    void applyThenApplyAgainChangesNothingThenDestroy() {
        AwsClients clients = moto.clients();
        StackConfig config = config(StackConfig.defaults().dns());
        apply(clients, config);
        assertStable(config);

        // scaling moved the group: not a difference
        clients.build(AutoScalingClient.builder()).setDesiredCapacity(r -> r.autoScalingGroupName("my-asg-ec2").desiredCapacity(3));
        assertStable(config);

        Map<String, ManagedType> types = types(clients, config);
        List<Actual> left = new Destroyer(types, scope, progress, quiet).destroy(Discovery.discover(types, scope), specs(config));
        assertThat(left).isEmpty();
        assertThat(Discovery.discover(types, scope).all()).isEmpty();
        // safe to run again
        assertThat(new Destroyer(types, scope, progress, quiet).destroy(Discovery.discover(types, scope), specs(config))).isEmpty();
    }

    @Test
    void withADomainTheCertificateAndAliasAreStableToo() {
        AwsClients clients = moto.clients();
        String zone = clients.build(Route53Client.builder()).createHostedZone(r -> r.name("example.com").callerReference("e2e"))
                .hostedZone().id();
        StackConfig config = config(new StackConfig.Dns("example.com", zone, "asg-ec2"));
        apply(clients, config);
        assertStable(config);
        Map<String, ManagedType> types = types(clients, config);
        assertThat(new Destroyer(types, scope, progress, quiet).destroy(Discovery.discover(types, scope), specs(config))).isEmpty();
    }

    @Test
    void aTargetGroupReplacedForANewPortTakesTheListenerAndTheGroupAlong() {
        AwsClients clients = moto.clients();
        StackConfig config = config(StackConfig.defaults().dns());
        apply(clients, config);
        List<Spec> moved = specs(config).stream().map(s -> {
            if (!s.key().equals("target-group/my-asg-ec2-tg")) {
                return s;
            }
            Map<String, String> settings = new java.util.TreeMap<>(s.settings());
            settings.put("port", "8081");
            return s.with(settings);
        }).toList();
        Map<String, ManagedType> types = types(clients, config);
        Plan plan = Planner.plan(moved, Discovery.discover(types, scope));
        assertThat(plan.changes()).filteredOn(c -> c.action() == Change.Action.REPLACE)
                .singleElement().satisfies(c -> assertThat(c.reason()).contains("port"));

        apply(clients, config, moved);

        ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
        var tg = elb.describeTargetGroups(r -> r.names("my-asg-ec2-tg")).targetGroups().get(0);
        assertThat(tg.port()).isEqualTo(8081);
        String alb = elb.describeLoadBalancers(r -> r.names("my-asg-alb")).loadBalancers().get(0).loadBalancerArn();
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(alb)).listeners()).singleElement()
                .satisfies(l -> assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg.targetGroupArn()));
        assertThat(clients.build(AutoScalingClient.builder()).describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups().get(0).targetGroupARNs()).containsExactly(tg.targetGroupArn());
        Plan after = Planner.plan(moved, Discovery.discover(types(clients, config), scope));
        assertThat(after.changes().stream().filter(c -> c.action() != Change.Action.NOOP).toList())
                .as(PlanPrinter.render(after)).isEmpty();
    }

    /** Plans nothing and applies with no mutating call (counted by fresh clients of the same moto). */
    private void assertStable(StackConfig config) {
        AwsClients clients = moto.clients();
        Map<String, ManagedType> types = types(clients, config);
        Discovery.Found found = Discovery.discover(types, scope);
        Plan plan = Planner.plan(specs(config), found);
        assertThat(plan.changes().stream().filter(c -> c.action() != Change.Action.NOOP).toList())
                .as(PlanPrinter.render(plan)).isEmpty();
        new Applier(types, scope, progress, quiet).apply(plan, found);
        assertThat(clients.calls().mutating()).as(clients.calls().byOperation().toString()).isZero();
    }
}
