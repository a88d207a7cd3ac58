package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.amibuilder.network.BuildNetwork;
import dev.scaleout.support.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * bake's network pre-check against moto's EC2 (default VPC, subnets, route tables,
 * endpoints): a build that could not reach SSM is refused (exit 2) before anything is made.
 */
class NetworkCheckIT extends AgainstMotoAndImageBuilder {

    @BeforeEach
    void oneBuildSucceeds() {
        imageBuilder.nextBuild(
                imageBuilder.arnBase() + "image/scaleout-golden/1.0.0/1",
                List.of("AVAILABLE"),
                "ami-0000000000000000a",
                null);
    }

    Harness.Result bake(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "bake",
                "--region",
                MotoServer.REGION,
                "--yes",
                "--bundle",
                FakeBundle.create(dir, "1.0.0", "abc1234", "a").toString()));
        args.addAll(List.of(extra));
        return harness.run(args.toArray(String[]::new));
    }

    static void assertRefusedBeforeAnythingWasMade(Harness.Result r, String... messageParts) {
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(messageParts);
        assertThat(r.calls().mutating())
                .as("mutating calls: %s", r.calls().byOperation())
                .isZero();
        assertThat(imageBuilder.calls()).isEmpty();
    }

    String privateSubnet(String cidr) {
        String vpc = ec2.createVpc(b -> b.cidrBlock(cidr)).vpc().vpcId();
        return ec2.createSubnet(b -> b.vpcId(vpc).cidrBlock(cidr.replace("/16", "/24")))
                .subnet()
                .subnetId();
    }

    String vpcOf(String subnet) {
        return ec2.describeSubnets(b -> b.subnetIds(subnet)).subnets().get(0).vpcId();
    }

    @Test
    void theDefaultVpcIsEnoughWhenNoSubnetIsGiven() {
        Harness.Result r = bake();

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("network: default VPC");
    }

    @Test
    void withoutADefaultVpcAndNoSubnetTheBakeIsRefused() {
        String vpc = ec2.describeVpcs(b -> b.filters(
                        Filter.builder().name("isDefault").values("true").build()))
                .vpcs()
                .get(0)
                .vpcId();
        ec2.describeSubnets(b ->
                        b.filters(Filter.builder().name("vpc-id").values(vpc).build()))
                .subnets()
                .forEach(s -> ec2.deleteSubnet(b -> b.subnetId(s.subnetId())));
        ec2.describeInternetGateways(b -> b.filters(
                        Filter.builder().name("attachment.vpc-id").values(vpc).build()))
                .internetGateways()
                .forEach(g -> {
                    ec2.detachInternetGateway(
                            b -> b.internetGatewayId(g.internetGatewayId()).vpcId(vpc));
                    ec2.deleteInternetGateway(b -> b.internetGatewayId(g.internetGatewayId()));
                });
        ec2.deleteVpc(b -> b.vpcId(vpc));

        assertRefusedBeforeAnythingWasMade(bake(), "--subnet-id:", "has no default VPC", "create-default-vpc");
    }

    @Test
    void aPrivateSubnetWithoutEndpointsIsRefusedNamingEachMissingOne() {
        String subnet = privateSubnet("10.20.0.0/16");
        // two of six: still refused, naming the other four
        for (String service : List.of("s3", "logs")) {
            ec2.createVpcEndpoint(
                    b -> b.vpcId(vpcOf(subnet)).serviceName("com.amazonaws." + MotoServer.REGION + "." + service));
        }

        assertRefusedBeforeAnythingWasMade(
                bake("--subnet-id", subnet, "--security-group-id", "sg-0123456789abcdef0"),
                "--subnet-id: " + subnet + " has no default route to a NAT or internet gateway",
                "lacks endpoints for ssm, ec2messages, ssmmessages, imagebuilder,",
                "add a NAT gateway route");
    }

    @Test
    void aPrivateSubnetWithEveryEndpointBakes() {
        String subnet = privateSubnet("10.21.0.0/16");
        for (String service : BuildNetwork.ENDPOINT_SERVICES) {
            ec2.createVpcEndpoint(
                    b -> b.vpcId(vpcOf(subnet)).serviceName("com.amazonaws." + MotoServer.REGION + "." + service));
        }

        Harness.Result r = bake("--subnet-id", subnet, "--security-group-id", "sg-0123456789abcdef0");

        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("network: subnet " + subnet + " (VPC endpoints for ssm, ec2messages");
    }

    @Test
    void aSubnetRoutingToAnInternetGatewayNeedsPublicIps() {
        String subnet = privateSubnet("10.22.0.0/16");
        String vpc = vpcOf(subnet);
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(b -> b.internetGatewayId(igw).vpcId(vpc));
        String table = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(
                b -> b.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(b -> b.routeTableId(table).subnetId(subnet));

        assertRefusedBeforeAnythingWasMade(
                bake("--subnet-id", subnet, "--security-group-id", "sg-0123456789abcdef0"),
                "routes to an internet gateway but gives instances no public IP (MapPublicIpOnLaunch is off)");

        ec2.modifySubnetAttribute(b -> b.subnetId(subnet).mapPublicIpOnLaunch(v -> v.value(true)));
        Harness.Result r = bake("--subnet-id", subnet, "--security-group-id", "sg-0123456789abcdef0");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("network: subnet " + subnet + " (public: internet gateway " + igw + ")");
    }

    @Test
    void aSubnetThatDoesNotExistIsAUserError() {
        assertRefusedBeforeAnythingWasMade(
                bake("--subnet-id", "subnet-0123456789abcdef0", "--security-group-id", "sg-0123456789abcdef0"),
                "--subnet-id: subnet-0123456789abcdef0 does not exist in " + MotoServer.REGION);
    }
}
