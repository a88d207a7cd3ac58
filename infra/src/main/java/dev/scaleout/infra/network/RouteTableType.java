package dev.scaleout.infra.network;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.peering.PeeringConnectionType;
import dev.scaleout.support.AwsCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * A route table with its routes and subnet associations as settings: {@code vpc}
 * (replace), {@code routes} ("0.0.0.0/0=@internet-gateway/my-igw", comma-separated,
 * the VPC's local route left out) and {@code subnets} (the associated subnets). Updates
 * add, replace and remove only the routes and associations that differ.
 */
public final class RouteTableType implements ManagedType {

    public static final String TYPE = "route-table";
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE).replaces();
    public static final Setting ROUTES =
            Setting.set("routes").mentions(InternetGatewayType.TYPE, NatGatewayType.TYPE, PeeringConnectionType.TYPE);
    public static final Setting SUBNETS = Setting.references("subnets", SubnetType.TYPE);
    public static final Schema SCHEMA = Schema.of(TYPE, VPC, ROUTES, SUBNETS);

    private final Ec2Client ec2;
    private final Retry retry;

    public RouteTableType(Ec2Client ec2, Retry retry) {
        this.ec2 = ec2;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<Actual> out = new ArrayList<>();
        for (RouteTable rt : ec2.describeRouteTablesPaginator(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .routeTables()) {
            TreeSet<String> routes = new TreeSet<>();
            for (Route route : rt.routes()) {
                String target = target(route);
                if (route.destinationCidrBlock() != null && target != null && !"local".equals(target)) {
                    routes.add(route.destinationCidrBlock() + "=" + target);
                }
            }
            TreeSet<String> subnets = new TreeSet<>();
            for (RouteTableAssociation a : rt.associations()) {
                if (a.subnetId() != null && !Boolean.TRUE.equals(a.main())) {
                    subnets.add(a.subnetId());
                }
            }
            out.add(Actual.of(
                    type(),
                    Ec2Tags.name(rt.tags()),
                    rt.routeTableId(),
                    Map.of(
                            VPC.key(), rt.vpcId(),
                            ROUTES.key(), String.join(",", routes),
                            SUBNETS.key(), String.join(",", subnets)),
                    null));
        }
        return out;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        // Right after CreateVpc, EC2 may not see the VPC yet (InvalidVpcID.NotFound); a refused create made nothing.
        String id = retry.call(
                "CreateRouteTable " + spec.name(),
                Retry.NOT_VISIBLE_YET,
                () -> ec2.createRouteTable(r -> r.vpcId(refs.resolve(spec.setting(VPC)))
                                .tagSpecifications(Ec2Tags.spec(ResourceType.ROUTE_TABLE, scope, spec.name())))
                        .routeTable()
                        .routeTableId());
        reconcile(id, spec, Map.of(), Map.of(), refs);
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        // Associations need their association ids, which the settings leave out: one read, only on a change.
        RouteTable rt = ec2.describeRouteTables(r -> r.routeTableIds(actual.id()))
                .routeTables()
                .get(0);
        Map<String, String> haveRoutes = new TreeMap<>();
        for (Route route : rt.routes()) {
            String target = target(route);
            if (route.destinationCidrBlock() != null && target != null && !"local".equals(target)) {
                haveRoutes.put(route.destinationCidrBlock(), target);
            }
        }
        Map<String, String> haveSubnets = new TreeMap<>();
        for (RouteTableAssociation a : rt.associations()) {
            if (a.subnetId() != null && !Boolean.TRUE.equals(a.main())) {
                haveSubnets.put(a.subnetId(), a.routeTableAssociationId());
            }
        }
        reconcile(actual.id(), spec, haveRoutes, haveSubnets, refs);
    }

    /** {@code haveRoutes}: destination → target id; {@code haveSubnets}: subnet id → association id. */
    private void reconcile(
            String id, Spec spec, Map<String, String> haveRoutes, Map<String, String> haveSubnets, Refs refs) {
        Map<String, String> wantRoutes = new TreeMap<>();
        for (String route : list(spec.setting(ROUTES))) {
            int eq = route.indexOf('=');
            wantRoutes.put(route.substring(0, eq), refs.resolve(route.substring(eq + 1)));
        }
        // Right after the table, gateway or subnet is made, EC2 may not see it yet (Invalid...ID.NotFound).
        wantRoutes.forEach((destination, target) -> {
            String have = haveRoutes.get(destination);
            if (have == null) {
                retry.run(
                        "CreateRoute " + id + " " + destination,
                        Retry.NOT_VISIBLE_YET,
                        () -> ec2.createRoute(
                                r -> target(r, target).routeTableId(id).destinationCidrBlock(destination)));
            } else if (!have.equals(target)) {
                retry.run(
                        "ReplaceRoute " + id + " " + destination,
                        Retry.NOT_VISIBLE_YET,
                        () -> ec2.replaceRoute(
                                r -> replaceTarget(r, target).routeTableId(id).destinationCidrBlock(destination)));
            }
        });
        haveRoutes.keySet().stream()
                .filter(d -> !wantRoutes.containsKey(d))
                .forEach(d -> ec2.deleteRoute(r -> r.routeTableId(id).destinationCidrBlock(d)));

        List<String> wantSubnets =
                list(spec.setting(SUBNETS)).stream().map(refs::resolve).toList();
        haveSubnets.forEach((subnet, association) -> {
            if (!wantSubnets.contains(subnet)) {
                ec2.disassociateRouteTable(r -> r.associationId(association));
            }
        });
        wantSubnets.stream()
                .filter(s -> !haveSubnets.containsKey(s))
                .forEach(s -> retry.run(
                        "AssociateRouteTable " + id + " " + s,
                        Retry.NOT_VISIBLE_YET,
                        () -> ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(s))));
    }

    /** A route's target: its NAT gateway, VPC peering or (internet) gateway id. */
    private static String target(Route route) {
        if (route.natGatewayId() != null) {
            return route.natGatewayId();
        }
        return route.vpcPeeringConnectionId() != null ? route.vpcPeeringConnectionId() : route.gatewayId();
    }

    private static software.amazon.awssdk.services.ec2.model.CreateRouteRequest.Builder target(
            software.amazon.awssdk.services.ec2.model.CreateRouteRequest.Builder r, String target) {
        if (target.startsWith("pcx-")) {
            return r.vpcPeeringConnectionId(target);
        }
        return target.startsWith("nat-") ? r.natGatewayId(target) : r.gatewayId(target);
    }

    private static software.amazon.awssdk.services.ec2.model.ReplaceRouteRequest.Builder replaceTarget(
            software.amazon.awssdk.services.ec2.model.ReplaceRouteRequest.Builder r, String target) {
        if (target.startsWith("pcx-")) {
            return r.vpcPeeringConnectionId(target);
        }
        return target.startsWith("nat-") ? r.natGatewayId(target) : r.gatewayId(target);
    }

    private static List<String> list(String value) {
        return value.isBlank()
                ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        // A table with subnet associations cannot be deleted: let go of them first.
        RouteTable rt;
        try {
            rt = ec2.describeRouteTables(r -> r.routeTableIds(actual.id()))
                    .routeTables()
                    .get(0);
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e)) {
                return;
            }
            throw e;
        }
        for (RouteTableAssociation a : rt.associations()) {
            if (!Boolean.TRUE.equals(a.main())) {
                AwsCall.ignoreNotFound(
                        () -> ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId())));
            }
        }
        AwsCall.ignoreNotFound(() -> ec2.deleteRouteTable(r -> r.routeTableId(actual.id())));
    }
}
