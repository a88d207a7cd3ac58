package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * The course's cross-region VPC peering under the engine, against moto (which peers across
 * regions: the request in one, the accept in the other): every resource checked by describes
 * in both regions; a second apply makes no mutating call; drift in the peer region is
 * repaired; turning peering off removes the peer region's part; destroy leaves nothing tagged
 * in either region. What moto does not show: the request's minutes in "initiating-request"
 * and "pending-acceptance" on AWS (moto is pending at once), and tags kept apart per side
 * (moto shares one set), so the accepter-side Name is written but not seen missing here.
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeeringIT {

    static final String PEER = "ap-northeast-1";
    static MotoServer moto;
    /** The mutating calls of a whole apply with peering, recorded by an earlier test (applies are the slow part). */
    static List<String> fullApplyCalls;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    static StackConfig config(boolean peering) {
        return config(StackConfig.defaults().stack(), peering);
    }

    static StackConfig config(String stack, boolean peering) {
        return config(stack, peering, PEER);
    }

    /** A stack of its own name and prefix (many share one moto), peering on or off, with that peer region. */
    static StackConfig config(String stack, boolean peering, String peerRegion) {
        StackConfig d =
                stack.equals(StackConfig.defaults().stack()) ? TestStacks.config() : TestStacks.config(stack, stack);
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                d.instances(),
                d.autoScaling(),
                d.rollout(),
                new StackConfig.Peering(peering, peerRegion, "192.168.10.0/24", true));
    }

    @Test
    @Order(1)
    void applyPeersTheRegionsRepairsDriftThereAndDestroyLeavesNothingInEither() {
        AwsClients clients = moto.clients();
        StackRun run = TestStacks.run(config(true), clients);
        Discovery.Found found = run.discover();
        Plan plan = run.plan(found);
        String shown = PlanPrinter.render(plan);
        assertThat(shown)
                .contains("  + peer-vpc/my-tokyo-vpc [ap-northeast-1]\n")
                .contains("  + vpc-peering/my-peer-tokyo-to-ireland [ap-northeast-1]\n")
                .contains("  + peer-instance/my-tokyo-private-ec2 [ap-northeast-1]\n")
                .contains("  + vpc/my-vpc\n");
        run.apply(plan, found);

        Ec2Client here = clients.build(Ec2Client.builder());
        Ec2Client tokyo = clients.inRegion(Region.of(PEER)).build(Ec2Client.builder());
        var peerVpc = tokyo.describeVpcs(r -> r.filters(stack())).vpcs();
        assertThat(peerVpc).singleElement().satisfies(v -> {
            assertThat(v.cidrBlock()).isEqualTo("192.168.10.0/24");
            assertThat(tags(v.tags())).containsEntry("Name", "my-tokyo-vpc").containsEntry("ManagedBy", "infra");
        });
        String peerVpcId = peerVpc.get(0).vpcId();
        String stackVpcId =
                here.describeVpcs(r -> r.filters(stack())).vpcs().get(0).vpcId();
        assertThat(tokyo.describeSubnets(r -> r.filters(stack())).subnets())
                .singleElement()
                .satisfies(s -> {
                    assertThat(tags(s.tags())).containsEntry("Name", "my-tokyo-subnet-private1-ap-northeast-1a");
                    assertThat(s.availabilityZone()).isEqualTo("ap-northeast-1a");
                    assertThat(s.vpcId()).isEqualTo(peerVpcId);
                    assertThat(s.mapPublicIpOnLaunch()).isFalse();
                });
        // Nothing of the stack's own region leaked into the peer's, nor the other way.
        assertThat(tokyo.describeInternetGateways(r -> r.filters(stack())).internetGateways())
                .isEmpty();
        assertThat(here.describeVpcs(r -> r.filters(stack())).vpcs()).hasSize(1);

        VpcPeeringConnection pcx = peering(here);
        assertThat(pcx.status().codeAsString()).isEqualTo("active");
        assertThat(pcx.requesterVpcInfo().vpcId()).isEqualTo(peerVpcId);
        assertThat(pcx.requesterVpcInfo().region()).isEqualTo(PEER);
        assertThat(pcx.accepterVpcInfo().vpcId()).isEqualTo(stackVpcId);
        assertThat(pcx.accepterVpcInfo().region()).isEqualTo(MotoServer.REGION);
        assertThat(pcx.requesterVpcInfo().peeringOptions().allowDnsResolutionFromRemoteVpc())
                .isTrue();
        assertThat(pcx.accepterVpcInfo().peeringOptions().allowDnsResolutionFromRemoteVpc())
                .isTrue();
        assertThat(tags(pcx.tags())).containsEntry("Name", "my-peer-tokyo-to-ireland");
        String pcxId = pcx.vpcPeeringConnectionId();

        Map<String, RouteTable> tables =
                byName(here.describeRouteTables(r -> r.filters(stack())).routeTables());
        for (String privateTable : List.of("my-private-rt-a", "my-private-rt-c")) {
            assertThat(routes(tables.get(privateTable))).as(privateTable).containsEntry("192.168.10.0/24", pcxId);
        }
        assertThat(routes(tables.get("my-public-rt"))).doesNotContainKey("192.168.10.0/24");
        RouteTable peerTable =
                tokyo.describeRouteTables(r -> r.filters(stack())).routeTables().get(0);
        assertThat(tags(peerTable.tags())).containsEntry("Name", "my-tokyo-rtb-private1-ap-northeast-1a");
        assertThat(routes(peerTable)).containsEntry("10.1.0.0/16", pcxId).doesNotContainKey("0.0.0.0/0");

        Instance instance = tokyoInstance(tokyo);
        assertThat(instance.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(instance.keyName()).isNull();
        assertThat(instance.iamInstanceProfile()).isNull();
        String groupId = instance.securityGroups().get(0).groupId();
        assertThat(icmpSources(tokyo, groupId)).containsExactly("10.1.0.0/16");

        // A second apply, with fresh clients that count: nothing to do, no mutating call in either region.
        AwsClients counted = moto.clients();
        StackRun again = TestStacks.run(config(true), counted);
        Discovery.Found foundAgain = again.discover();
        Plan nothing = again.plan(foundAgain);
        assertThat(nothing.isEmpty()).as(PlanPrinter.render(nothing)).isTrue();
        again.apply(nothing, foundAgain);
        assertThat(counted.calls().mutating())
                .as(counted.calls().byOperation().toString())
                .isZero();

        // Drift in the peer region: the way back and the ICMP rule removed by hand.
        tokyo.deleteRoute(r -> r.routeTableId(peerTable.routeTableId()).destinationCidrBlock("10.1.0.0/16"));
        tokyo.revokeSecurityGroupIngress(r -> r.groupId(groupId)
                .ipPermissions(IpPermission.builder()
                        .ipProtocol("icmp")
                        .fromPort(-1)
                        .toPort(-1)
                        .ipRanges(x -> x.cidrIp("10.1.0.0/16"))
                        .build()));
        StackRun repair = TestStacks.run(config(true), moto.clients());
        Discovery.Found drifted = repair.discover();
        Plan repairPlan = repair.plan(drifted);
        assertThat(PlanPrinter.render(repairPlan))
                .contains("  ~ peer-route-table/my-tokyo-rtb-private1-ap-northeast-1a [ap-northeast-1] ("
                        + peerTable.routeTableId() + ")\n")
                .contains("  ~ peer-security-group/my-tokyo-private-ec2-sg [ap-northeast-1] (" + groupId + ")\n")
                .contains("Plan: 0 to add, 2 to change, 0 to replace, 0 to destroy.");
        repair.apply(repairPlan, drifted);
        assertThat(routes(tokyo.describeRouteTables(r -> r.routeTableIds(peerTable.routeTableId()))
                        .routeTables()
                        .get(0)))
                .containsEntry("10.1.0.0/16", pcxId);
        assertThat(icmpSources(tokyo, groupId)).containsExactly("10.1.0.0/16");

        // Destroy: nothing tagged with the stack is left in either region.
        AwsClients destroying = moto.clients();
        StackRun teardown = TestStacks.run(config(true), destroying);
        assertThat(teardown.destroy(teardown.discover())).isEmpty();
        assertEmpty(here, "the stack's region");
        assertEmpty(tokyo, "the peer region");
        assertThat(peering(tokyo, "any")).isNull();

        // Every call of the life cycle, in both regions, is one `infra iam-policy` grants.
        java.util.Set<String> made = new java.util.TreeSet<>();
        for (AwsClients c : List.of(clients, counted, destroying)) {
            made.addAll(c.calls().byOperation().keySet());
        }
        assertThat(made)
                .contains("Ec2:CreateVpcPeeringConnection", "Ec2:AcceptVpcPeeringConnection")
                .isSubsetOf(dev.scaleout.infra.iam.OperatorPolicy.CALLS);
    }

    @Test
    @Order(2)
    void turningPeeringOffRemovesThePeerRegionsPartAndTheRoutesToIt() {
        Interrupter.Recorder recorder = new Interrupter.Recorder();
        StackRun on = TestStacks.run(config(true), moto.clients().intercept(recorder));
        TestStacks.apply(on);
        fullApplyCalls = recorder.mutating();

        // Another peer region while this one's peering lives: refused before any change, naming the way out.
        StackRun moved = TestStacks.run(config(StackConfig.defaults().stack(), true, "ap-southeast-1"), moto.clients());
        ExitException refused = catchThrowableOfType(ExitException.class, moved::discover);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ExitException.USER_ERROR);
        assertThat(refused.getMessage())
                .startsWith("peering.region: ")
                .contains("comes from ap-northeast-1, not ap-southeast-1")
                .contains("set peering.region back to ap-northeast-1");
        Ec2Client here = moto.clients().build(Ec2Client.builder());
        Ec2Client tokyo = moto.clients().inRegion(Region.of(PEER)).build(Ec2Client.builder());
        assertThat(tokyo.describeVpcs(r -> r.filters(stack())).vpcs()).hasSize(1);

        // peering.enabled: false: the stack's region still shows the peering, so the run looks in the peer region.
        StackRun off = TestStacks.run(config(false), moto.clients());
        Discovery.Found found = off.discover();
        Plan plan = off.plan(found);
        assertThat(PlanPrinter.render(plan))
                .contains("  - vpc-peering/my-peer-tokyo-to-ireland [ap-northeast-1] (")
                .contains("  - peer-vpc/my-tokyo-vpc [ap-northeast-1] (")
                .contains("  - peer-instance/my-tokyo-private-ec2 [ap-northeast-1] (")
                .contains("  ~ route-table/my-private-rt-a (");
        off.apply(plan, found);

        assertEmpty(tokyo, "the peer region");
        Map<String, RouteTable> tables =
                byName(here.describeRouteTables(r -> r.filters(stack())).routeTables());
        assertThat(routes(tables.get("my-private-rt-a"))).doesNotContainKey("192.168.10.0/24");
        assertThat(here.describeVpcs(r -> r.filters(stack())).vpcs()).hasSize(1);

        // Off and gone: a run no longer calls the peer region at all.
        AwsClients counted = moto.clients();
        StackRun after = TestStacks.run(config(false), counted);
        Plan none = after.plan(after.discover());
        assertThat(none.isEmpty()).as(PlanPrinter.render(none)).isTrue();
        assertThat(PlanPrinter.render(none)).doesNotContain("peer");
    }

    /**
     * Cut where the cross-region steps leave a half-made peering: the request made but its
     * answer lost (the run never saw the id), stopped before the accept (a request pending
     * in the stack's region), and between the two sides' DNS options. The next apply must
     * find that peering by its tags, finish it, and make no twin; a third plans nothing.
     */
    @Test
    @Order(3)
    void anApplyCutInThePeeringsStepsConvergesWithOnePeering() {
        List<String> calls = fullApplyCalls;
        if (calls == null) { // run alone: record a whole apply first
            Interrupter.Recorder recorder = new Interrupter.Recorder();
            TestStacks.apply(TestStacks.run(config("full", true), moto.clients().intercept(recorder)));
            calls = recorder.mutating();
        }
        int request = calls.indexOf("CreateVpcPeeringConnection");
        int accept = calls.indexOf("AcceptVpcPeeringConnection");
        int secondDns = calls.lastIndexOf("ModifyVpcPeeringConnectionOptions");
        assertThat(List.of(request, accept, secondDns)).as(calls.toString()).doesNotContain(-1);
        assertThat(secondDns).isGreaterThan(calls.indexOf("ModifyVpcPeeringConnectionOptions"));

        /** {@code left}: the peering's setting the cut leaves to the next run, as its plan shows it. */
        record Cut(String stack, int allowed, boolean answerLost, String left) {}
        for (Cut cut : List.of(
                new Cut("lost", request + 1, true, "status = \"pending-acceptance\" -> \"active\""),
                new Cut("accept", accept, false, "status = \"pending-acceptance\" -> \"active\""),
                new Cut("dns", secondDns, false, "remoteDns = \"false\" -> \"true\""))) {
            StackConfig config = config(cut.stack(), true);
            StackRun first =
                    TestStacks.run(config, moto.clients().intercept(new Interrupter(cut.allowed(), cut.answerLost())));
            Throwable stopped = catchThrowable(() -> TestStacks.apply(first));
            assertThat(stopped).as(cut.stack()).isNotNull();
            Throwable cause = stopped;
            while (cause != null && !(cause instanceof Interrupter.Interrupted)) {
                cause = cause.getCause();
            }
            assertThat(cause)
                    .as("%s: stopped by the cut, not by %s", cut.stack(), stopped)
                    .isNotNull();
            StackRun second = TestStacks.run(config, moto.clients());
            Discovery.Found found = second.discover();
            Plan plan = second.plan(found);
            assertThat(plan.changes())
                    .as("%s: the half-made peering is found, not made again\n%s", cut.stack(), PlanPrinter.render(plan))
                    .noneMatch(c -> c.type().equals("vpc-peering")
                            && c.action() != Change.Action.UPDATE
                            && c.action() != Change.Action.NOOP);
            assertThat(PlanPrinter.render(plan))
                    .as(cut.stack())
                    .contains("  ~ vpc-peering/" + cut.stack() + "-peer-tokyo-to-ireland [ap-northeast-1] (pcx-")
                    .contains(cut.left());
            second.apply(plan, found);
            StackRun third = TestStacks.run(config, moto.clients());
            Plan none = third.plan(third.discover());
            assertThat(none.isEmpty())
                    .as(cut.stack() + "\n" + PlanPrinter.render(none))
                    .isTrue();
            Ec2Client here = moto.clients().build(Ec2Client.builder());
            List<VpcPeeringConnection> live = here.describeVpcPeeringConnections().vpcPeeringConnections().stream()
                    .filter(p -> cut.stack().equals(tags(p.tags()).get("Stack")))
                    .filter(p -> !p.status().codeAsString().equals("deleted"))
                    .toList();
            assertThat(live).as(cut.stack()).singleElement().satisfies(p -> {
                assertThat(p.status().codeAsString()).isEqualTo("active");
                assertThat(p.requesterVpcInfo().peeringOptions().allowDnsResolutionFromRemoteVpc())
                        .isTrue();
                assertThat(p.accepterVpcInfo().peeringOptions().allowDnsResolutionFromRemoteVpc())
                        .isTrue();
            });
        }
    }

    private static void assertEmpty(Ec2Client ec2, String where) {
        assertThat(ec2.describeVpcs(r -> r.filters(stack())).vpcs()).as(where).isEmpty();
        assertThat(ec2.describeSubnets(r -> r.filters(stack())).subnets())
                .as(where)
                .isEmpty();
        assertThat(ec2.describeRouteTables(r -> r.filters(stack())).routeTables())
                .as(where)
                .isEmpty();
        assertThat(ec2.describeSecurityGroups(r -> r.filters(stack())).securityGroups())
                .as(where)
                .isEmpty();
        List<Filter> live = new ArrayList<>(stack());
        live.add(Filter.builder()
                .name("instance-state-name")
                .values("pending", "running", "stopping", "stopped")
                .build());
        assertThat(ec2.describeInstances(r -> r.filters(live)).reservations())
                .as(where)
                .isEmpty();
    }

    private static Instance tokyoInstance(Ec2Client tokyo) {
        List<Filter> filters = new ArrayList<>(stack());
        filters.add(
                Filter.builder().name("tag:Name").values("my-tokyo-private-ec2").build());
        filters.add(
                Filter.builder().name("instance-state-name").values("running").build());
        var reservations = tokyo.describeInstances(r -> r.filters(filters)).reservations();
        assertThat(reservations).hasSize(1);
        return reservations.get(0).instances().get(0);
    }

    private static List<String> icmpSources(Ec2Client ec2, String groupId) {
        List<String> sources = new ArrayList<>();
        for (IpPermission p : ec2.describeSecurityGroups(r -> r.groupIds(groupId))
                .securityGroups()
                .get(0)
                .ipPermissions()) {
            if ("icmp".equals(p.ipProtocol()) && p.fromPort() == -1 && p.toPort() == -1) {
                p.ipRanges().forEach(x -> sources.add(x.cidrIp()));
            } else {
                sources.add("unexpected rule " + p);
            }
        }
        return sources;
    }

    private static VpcPeeringConnection peering(Ec2Client ec2) {
        VpcPeeringConnection p = peering(ec2, "my-peer-tokyo-to-ireland");
        assertThat(p).isNotNull();
        return p;
    }

    /** The live peering of that name ("any": any of the stack), or null; moto ignores filters on this call. */
    private static VpcPeeringConnection peering(Ec2Client ec2, String name) {
        return ec2.describeVpcPeeringConnections().vpcPeeringConnections().stream()
                .filter(p -> "demo".equals(tags(p.tags()).get("Stack")))
                .filter(p -> name.equals("any") || name.equals(tags(p.tags()).get("Name")))
                .filter(p -> !p.status().codeAsString().equals("deleted"))
                .findFirst()
                .orElse(null);
    }

    private static Map<String, String> routes(RouteTable t) {
        Map<String, String> routes = new TreeMap<>();
        t.routes().forEach(r -> {
            String target = r.vpcPeeringConnectionId() != null
                    ? r.vpcPeeringConnectionId()
                    : r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId();
            routes.put(r.destinationCidrBlock(), target);
        });
        return routes;
    }

    private static Map<String, RouteTable> byName(List<RouteTable> tables) {
        Map<String, RouteTable> out = new TreeMap<>();
        tables.forEach(t -> out.put(tags(t.tags()).get("Name"), t));
        return out;
    }

    private static List<Filter> stack() {
        return List.of(Filter.builder().name("tag:Stack").values("demo").build());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> out = new TreeMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }
}
