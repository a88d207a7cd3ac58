package dev.scaleout.infra.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.Registry;
import dev.scaleout.infra.StackSpecs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Applier;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Destroyer;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.QuickRetry;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
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
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                MotoServer.REGION,
                d.network(),
                new StackConfig.Security("203.0.113.7/32"),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                dns,
                d.instances(),
                d.autoScaling());
    }

    static List<Spec> specs(StackConfig config) {
        return StackSpecs.specs(config);
    }

    Map<String, ManagedType> types(AwsClients clients, StackConfig config) {
        return new Registry(clients, progress, config, QuickRetry.of(progress)).types();
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
        clients.build(AutoScalingClient.builder())
                .setDesiredCapacity(r -> r.autoScalingGroupName("my-asg-ec2").desiredCapacity(3));
        assertStable(config);

        Map<String, ManagedType> types = types(clients, config);
        List<Actual> left =
                new Destroyer(types, scope, progress, quiet).destroy(Discovery.discover(types, scope), specs(config));
        assertThat(left).isEmpty();
        assertThat(Discovery.discover(types, scope).all()).isEmpty();
        // safe to run again
        assertThat(new Destroyer(types, scope, progress, quiet)
                        .destroy(Discovery.discover(types, scope), specs(config)))
                .isEmpty();
    }

    @Test
    void withADomainTheCertificateAndAliasAreStableToo() {
        AwsClients clients = moto.clients();
        String zone = clients.build(Route53Client.builder())
                .createHostedZone(r -> r.name("example.com").callerReference("e2e"))
                .hostedZone()
                .id();
        StackConfig config = config(new StackConfig.Dns("example.com", zone, "asg-ec2"));
        apply(clients, config);
        assertStable(config);
        Map<String, ManagedType> types = types(clients, config);
        assertThat(new Destroyer(types, scope, progress, quiet)
                        .destroy(Discovery.discover(types, scope), specs(config)))
                .isEmpty();
    }

    @Test
    void aTargetGroupReplacedForANewPortTakesTheListenerAndTheGroupAlong() {
        AwsClients clients = moto.clients();
        StackConfig config = config(StackConfig.defaults().dns());
        apply(clients, config);
        List<Spec> moved = specs(config).stream()
                .map(s -> {
                    if (!s.key().equals("target-group/my-asg-ec2-tg")) {
                        return s;
                    }
                    Map<String, String> settings = new java.util.TreeMap<>(s.settings());
                    settings.put("port", "8081");
                    return s.with(settings);
                })
                .toList();
        Map<String, ManagedType> types = types(clients, config);
        Plan plan = Planner.plan(moved, Discovery.discover(types, scope));
        assertThat(plan.changes())
                .filteredOn(c -> c.action() == Change.Action.REPLACE)
                .singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("port"));

        apply(clients, config, moved);

        ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
        var tg = elb.describeTargetGroups(r -> r.names("my-asg-ec2-tg"))
                .targetGroups()
                .get(0);
        assertThat(tg.port()).isEqualTo(8081);
        String alb = elb.describeLoadBalancers(r -> r.names("my-asg-alb"))
                .loadBalancers()
                .get(0)
                .loadBalancerArn();
        assertThat(elb.describeListeners(r -> r.loadBalancerArn(alb)).listeners())
                .singleElement()
                .satisfies(l ->
                        assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg.targetGroupArn()));
        assertThat(clients.build(AutoScalingClient.builder())
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                        .autoScalingGroups()
                        .get(0)
                        .targetGroupARNs())
                .containsExactly(tg.targetGroupArn());
        Plan after = Planner.plan(moved, Discovery.discover(types(clients, config), scope));
        assertThat(after.changes().stream()
                        .filter(c -> c.action() != Change.Action.NOOP)
                        .toList())
                .as(PlanPrinter.render(after))
                .isEmpty();
    }

    /** Plans nothing and applies with no mutating call (counted by fresh clients of the same moto). */
    private void assertStable(StackConfig config) {
        AwsClients clients = moto.clients();
        Map<String, ManagedType> types = types(clients, config);
        Discovery.Found found = Discovery.discover(types, scope);
        Plan plan = Planner.plan(specs(config), found);
        assertThat(plan.changes().stream()
                        .filter(c -> c.action() != Change.Action.NOOP)
                        .toList())
                .as(PlanPrinter.render(plan))
                .isEmpty();
        new Applier(types, scope, progress, quiet).apply(plan, found);
        assertThat(clients.calls().mutating())
                .as(clients.calls().byOperation().toString())
                .isZero();
    }
}
