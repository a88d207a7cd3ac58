package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stack applied once with the defaults; then plans of changed configs show exactly that change. */
@ExtendWith(MotoExtension.class)
class PlanAfterChangeIT {

    static MotoServer moto;

    @BeforeAll
    static void applyTheDefaults(MotoServer server) {
        moto = server;
        TestStacks.apply(TestStacks.run(TestStacks.config(), moto.clients()));
    }

    /** The test config with {@code yaml} merged over it (the admin CIDR and the AMI kept). */
    static StackConfig changed(String yaml) {
        StackConfig c = StackConfigLoader.parse(
                yaml + "\nsecurity: {adminCidr: " + TestStacks.ADMIN_CIDR + "}"
                        + (yaml.contains("instances:") ? "" : "\ninstances: {amiId: " + TestStacks.AMI + "}"),
                "test");
        return c.withRegion(MotoServer.REGION);
    }

    static Plan plan(StackConfig config) {
        StackRun run = TestStacks.run(config, moto.clients());
        return run.plan(run.discover());
    }

    static List<Change> changes(Plan plan) {
        return plan.changes().stream().filter(Change::mutates).toList();
    }

    @Test
    void theSameConfigPlansNothing() {
        Plan plan = plan(TestStacks.config());
        assertThat(changes(plan)).as(PlanPrinter.render(plan)).isEmpty();
        assertThat(PlanPrinter.render(plan))
                .contains("No changes")
                .contains("Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.");
    }

    @Test
    void aHealthCheckIntervalChangeIsOneUpdateOfOneKey() {
        Plan plan = plan(changed("loadBalancer: {healthCheckIntervalSeconds: 10}"));
        assertThat(changes(plan)).as(PlanPrinter.render(plan)).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
            assertThat(c.key()).isEqualTo("target-group/my-asg-ec2-tg");
            assertThat(c.diffs()).singleElement().satisfies(d -> {
                assertThat(d.before()).isEqualTo("5");
                assertThat(d.after()).isEqualTo("10");
            });
        });
        assertThat(PlanPrinter.render(plan))
                .contains("~ target-group/my-asg-ec2-tg")
                .contains("\"5\" -> \"10\"")
                .contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.");
    }

    @Test
    void anAdminCidrChangeIsOneSecurityGroupUpdate() {
        StackConfig c = StackConfigLoader.parse(
                        "security: {adminCidr: 198.51.100.0/24}\ninstances: {amiId: " + TestStacks.AMI + "}", "t")
                .withRegion(MotoServer.REGION);
        Plan plan = plan(c);
        assertThat(changes(plan)).as(PlanPrinter.render(plan)).singleElement().satisfies(ch -> {
            assertThat(ch.key()).isEqualTo("security-group/my-admin-sg");
            assertThat(ch.diffs()).singleElement().satisfies(d -> {
                assertThat(d.key()).isEqualTo("ingress");
                assertThat(d.before()).isEqualTo("tcp:22:cidr=" + TestStacks.ADMIN_CIDR);
                assertThat(d.after()).isEqualTo("tcp:22:cidr=198.51.100.0/24");
            });
        });
    }

    @Test
    void aChangeAwsCannotMakeInPlaceIsAReplaceWithItsReason() {
        Plan plan = plan(changed("database: {databaseName: shop}"));
        List<Change> changes = changes(plan);
        assertThat(changes).as(PlanPrinter.render(plan)).extracting(Change::key).contains("db-instance/my-db");
        Change db = changes.stream()
                .filter(c -> c.key().equals("db-instance/my-db"))
                .findFirst()
                .orElseThrow();
        assertThat(db.action()).isEqualTo(Change.Action.REPLACE);
        assertThat(db.reason()).contains("dbName changed: \"fleet\" -> \"shop\"");
        assertThat(PlanPrinter.render(plan)).contains("-/+ db-instance/my-db").contains("forces replacement");
        // The launch template writes the database name into the user data: it follows, in place, with a new
        // version, and the group (on the default version by number) follows that.
        assertThat(changes)
                .allSatisfy(c -> assertThat(c.key())
                        .isIn("db-instance/my-db", "launch-template/my-asg-lt", "auto-scaling-group/my-asg-ec2"));
        assertThat(PlanPrinter.render(plan))
                .contains("~ auto-scaling-group/my-asg-ec2 (my-asg-ec2)  # refers to "
                        + "@launch-template/my-asg-lt, which gets a new default version");
    }

    @Test
    void aLoadBalancerNameChangeIsAReplaceNamingTheOldAndNewName() {
        StackRun run = TestStacks.run(TestStacks.config(), moto.clients());
        Discovery.Found found = run.discover();
        List<Spec> specs = new ArrayList<>();
        for (Spec s : run.specs()) {
            specs.add(s.type().equals("load-balancer") ? new Spec(s.schema(), "my-web-alb", s.settings()) : s);
        }
        Plan plan = Planner.plan(specs, found);
        assertThat(changes(plan)).as(PlanPrinter.render(plan)).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Change.Action.REPLACE);
            assertThat(c.key()).isEqualTo("load-balancer/my-web-alb");
            assertThat(c.actual().name()).isEqualTo("my-asg-alb");
            assertThat(c.reason()).contains("name changed: \"my-asg-alb\" -> \"my-web-alb\"");
        });
        assertThat(PlanPrinter.render(plan))
                .contains("-/+ load-balancer/my-web-alb")
                .contains("Plan: 0 to add, 0 to change, 1 to replace, 0 to destroy.");
    }

    @Test
    void anOptionAddsWhatItNeedsAndNothingElse() {
        Plan plan = plan(changed("network: {natGatewayPerAz: true}"));
        assertThat(changes(plan))
                .as(PlanPrinter.render(plan))
                .extracting(c -> c.action() + " " + c.key())
                .containsExactlyInAnyOrder(
                        "CREATE elastic-ip/my-nat-eip-c",
                        "CREATE nat-gateway/my-nat-c",
                        "UPDATE route-table/my-private-rt-c");
    }

    /**
     * Instance types are one update of the group, listed key by key, applied in place both ways
     * (a stack of its own, so the shared one stays as the other tests expect it).
     */
    @Test
    void instanceTypesAreAnInPlaceUpdateOfTheGroupBothWays() {
        StackConfig plain = TestStacks.config("mixed", "mx");
        StackConfig mixed =
                plain.withAutoScaling(plain.autoScaling().withInstanceTypes(List.of("t3.micro", "t3a.micro"), 1, 50));
        TestStacks.apply(TestStacks.run(plain, moto.clients()));
        String arn = groupArn("mx-asg-ec2");

        Plan on = plan(mixed);
        assertThat(changes(on)).as(PlanPrinter.render(on)).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
            assertThat(c.key()).isEqualTo("auto-scaling-group/mx-asg-ec2");
            assertThat(c.diffs())
                    .extracting(d -> d.key() + ": " + d.before() + " -> " + d.after())
                    .containsExactlyInAnyOrder(
                            "instanceTypes: none -> t3.micro,t3a.micro",
                            "onDemandBaseCapacity: none -> 1",
                            "onDemandPercentageAboveBase: none -> 50",
                            "spotAllocationStrategy: none -> price-capacity-optimized");
        });
        assertThat(PlanPrinter.render(on)).contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy.");
        TestStacks.apply(TestStacks.run(mixed, moto.clients()));
        assertThat(groupArn("mx-asg-ec2")).as("changed in place").isEqualTo(arn);
        Plan settled = plan(mixed);
        assertThat(changes(settled)).as(PlanPrinter.render(settled)).isEmpty();

        Plan off = plan(plain);
        assertThat(changes(off))
                .as(PlanPrinter.render(off))
                .extracting(c -> c.action() + " " + c.key())
                .containsExactly("UPDATE auto-scaling-group/mx-asg-ec2");
        TestStacks.apply(TestStacks.run(plain, moto.clients()));
        assertThat(groupArn("mx-asg-ec2")).isEqualTo(arn);
        Plan back = plan(plain);
        assertThat(changes(back)).as(PlanPrinter.render(back)).isEmpty();
    }

    private static String groupArn(String name) {
        try (var autoScaling =
                moto.clients().build(software.amazon.awssdk.services.autoscaling.AutoScalingClient.builder())) {
            return autoScaling
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                    .autoScalingGroups()
                    .get(0)
                    .autoScalingGroupARN();
        }
    }

    @Test
    void theSecondTargetGroupOptionAddsIt() {
        Plan plan = plan(changed("loadBalancer: {secondTargetGroup: true}"));
        assertThat(changes(plan))
                .as(PlanPrinter.render(plan))
                .extracting(c -> c.action() + " " + c.key())
                .contains("CREATE target-group/my-asg-ec2-tg-8080");
    }
}
