package dev.scaleout.amibuilder.network;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Whether the build instance can reach what a build needs, checked before anything is
 * created or started: without it Image Builder waits for the SSM agent to report and fails
 * the build after about half an hour, long before the install step. Read only (Describe*).
 * Needs: the default VPC when no subnet is given; else the subnet's route to an internet
 * gateway (with public IPs on launch) or a NAT gateway, or VPC endpoints for every
 * service the build talks to.
 */
public final class BuildNetwork {

    /** The services the build instance calls: SSM agent (3), Image Builder, its logs, the bundle. */
    public static final List<String> ENDPOINT_SERVICES =
            List.of("ssm", "ec2messages", "ssmmessages", "imagebuilder", "logs", "s3");

    static final Set<String> SUBNET_NOT_FOUND = Set.of("InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed");

    private final Aws aws;

    public BuildNetwork(Aws aws) {
        this.aws = aws;
    }

    /** Returns one line saying how the build reaches AWS; exit 2 with the fix when it cannot. */
    public String check(Optional<String> subnetId) {
        if (subnetId.isEmpty()) {
            boolean hasDefault = !AwsCall.call(
                            "DescribeVpcs",
                            "default VPC",
                            () -> aws.ec2()
                                    .describeVpcs(b -> b.filters(f("isDefault", "true")))
                                    .vpcs())
                    .isEmpty();
            if (!hasDefault) {
                throw ExitException.userError(
                        "--subnet-id: " + aws.region() + " has no default VPC, where the build instance "
                                + "would run: pass --subnet-id and --security-group-id of a subnet that routes to a NAT or internet "
                                + "gateway, or has VPC endpoints for " + String.join(", ", ENDPOINT_SERVICES)
                                + " (or create one with "
                                + "'aws ec2 create-default-vpc')");
            }
            return "default VPC";
        }
        String id = subnetId.get();
        Subnet subnet;
        try {
            subnet = aws.ec2().describeSubnets(b -> b.subnetIds(id)).subnets().get(0);
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            if (SUBNET_NOT_FOUND.contains(AwsCall.code(e))) {
                throw ExitException.userError(
                        "--subnet-id: " + id + " does not exist in " + aws.region() + ": pass a subnet of this region");
            }
            throw ExitException.aws("DescribeSubnets", id, e);
        }
        List<Route> routes = routeTable(subnet).map(RouteTable::routes).orElse(List.of());
        Optional<Route> defaultRoute = routes.stream()
                .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .findFirst();
        if (defaultRoute
                .map(r -> r.natGatewayId() != null
                        || r.transitGatewayId() != null
                        || r.networkInterfaceId() != null
                        || r.instanceId() != null)
                .orElse(false)) {
            return "subnet " + id + " (default route via " + target(defaultRoute.get()) + ")";
        }
        boolean internetGateway = defaultRoute
                .map(r -> r.gatewayId() != null && r.gatewayId().startsWith("igw-"))
                .orElse(false);
        if (internetGateway && Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch())) {
            return "subnet " + id + " (public: internet gateway "
                    + defaultRoute.get().gatewayId() + ")";
        }
        List<String> missing = missingEndpoints(subnet.vpcId());
        if (missing.isEmpty()) {
            return "subnet " + id + " (VPC endpoints for " + String.join(", ", ENDPOINT_SERVICES) + ")";
        }
        String why = internetGateway
                ? "routes to an internet gateway but gives instances no public IP (MapPublicIpOnLaunch is off)"
                : "has no default route to a NAT or internet gateway";
        throw ExitException.userError("--subnet-id: " + id + " " + why + " and its VPC " + subnet.vpcId()
                + " lacks endpoints for " + String.join(", ", missing)
                + ", so the build instance's SSM agent cannot report: "
                + "add a NAT gateway route, or those VPC endpoints, or pass another subnet");
    }

    private Optional<RouteTable> routeTable(Subnet subnet) {
        List<RouteTable> explicit = AwsCall.call(
                "DescribeRouteTables",
                subnet.subnetId(),
                () -> aws.ec2()
                        .describeRouteTables(b -> b.filters(f("association.subnet-id", subnet.subnetId())))
                        .routeTables());
        if (!explicit.isEmpty()) {
            return Optional.of(explicit.get(0));
        }
        // no association of its own: the VPC's main route table applies
        return AwsCall.call(
                        "DescribeRouteTables",
                        subnet.vpcId() + " main",
                        () -> aws.ec2()
                                .describeRouteTables(
                                        b -> b.filters(f("vpc-id", subnet.vpcId()), f("association.main", "true")))
                                .routeTables())
                .stream()
                .findFirst();
    }

    private List<String> missingEndpoints(String vpcId) {
        Set<String> present = AwsCall.call(
                        "DescribeVpcEndpoints",
                        vpcId,
                        () -> aws.ec2()
                                .describeVpcEndpoints(b -> b.filters(f("vpc-id", vpcId)))
                                .vpcEndpoints())
                .stream()
                .filter(e -> e.stateAsString() == null
                        || !Set.of("deleted", "deleting", "failed", "rejected")
                                .contains(e.stateAsString().toLowerCase(java.util.Locale.ROOT)))
                .map(e -> e.serviceName())
                .collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (String service : ENDPOINT_SERVICES) {
            if (present.stream().noneMatch(name -> name.endsWith("." + aws.region() + "." + service))) {
                missing.add(service);
            }
        }
        return missing;
    }

    private static String target(Route r) {
        return r.natGatewayId() != null
                ? r.natGatewayId()
                : r.transitGatewayId() != null
                        ? r.transitGatewayId()
                        : r.networkInterfaceId() != null ? r.networkInterfaceId() : r.instanceId();
    }

    private static Filter f(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
