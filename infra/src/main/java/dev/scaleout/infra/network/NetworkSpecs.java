package dev.scaleout.infra.network;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.peering.PeeringSpecs;
import java.util.ArrayList;
import java.util.List;

/**
 * The network of the course from the config: VPC, internet gateway, per zone a public, an
 * app (private) and a DB subnet, NAT gateway(s) with their Elastic IPs, a public route
 * table, a private one per zone (default route to its NAT) and one for the DB subnets
 * with no route out at all. Names as the course's: {@code my-vpc}, {@code my-public-subnet-a}.
 */
public final class NetworkSpecs {

    public enum Tier {
        PUBLIC("public-subnet"),
        APP("private-subnet-app"),
        DB("db-subnet");

        final String role;

        Tier(String role) {
            this.role = role;
        }
    }

    private NetworkSpecs() {}

    public static String vpcName(StackConfig c) {
        return c.prefix() + "-vpc";
    }

    public static String subnetName(StackConfig c, Tier tier, String zone) {
        return c.prefix() + "-" + tier.role + "-" + StackConfig.zoneLetter(zone);
    }

    /** "@subnet/my-db-subnet-a,@subnet/my-db-subnet-c": what a DB subnet group, an ALB or an ASG refers to. */
    public static String subnetRefs(StackConfig c, Tier tier) {
        return String.join(
                ",",
                c.zones().stream()
                        .map(z -> SubnetType.SCHEMA.ref(subnetName(c, tier, z)))
                        .toList());
    }

    public static String vpcRef(StackConfig c) {
        return VpcType.SCHEMA.ref(vpcName(c));
    }

    /** Needs {@code c.region()} set ({@link StackConfig#withRegion}). */
    public static List<Spec> specs(StackConfig c) {
        List<Spec> specs = new ArrayList<>();
        specs.addAll(vpc(c));
        specs.addAll(internetGateway(c));
        specs.addAll(subnets(c));
        specs.addAll(natAddresses(c));
        specs.addAll(natGateways(c));
        specs.addAll(routeTables(c));
        return specs;
    }

    public static List<Spec> vpc(StackConfig c) {
        return List.of(VpcType.SCHEMA
                .spec(vpcName(c))
                .set(VpcType.CIDR, c.network().vpcCidr())
                .set(VpcType.DNS_SUPPORT, "true")
                .set(VpcType.DNS_HOSTNAMES, "true")
                .build());
    }

    public static List<Spec> internetGateway(StackConfig c) {
        return List.of(InternetGatewayType.SCHEMA
                .spec(igwName(c))
                .set(InternetGatewayType.VPC, vpcRef(c))
                .build());
    }

    private static String igwName(StackConfig c) {
        return c.prefix() + "-igw";
    }

    /** Per zone a public, an app (private) and a DB subnet. */
    public static List<Spec> subnets(StackConfig c) {
        StackConfig.Network n = c.network();
        List<String> zones = c.zones();
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            String z = zones.get(i);
            specs.add(subnet(c, Tier.PUBLIC, z, n.publicSubnetCidrs().get(i)));
            specs.add(subnet(c, Tier.APP, z, n.appSubnetCidrs().get(i)));
            specs.add(subnet(c, Tier.DB, z, n.dbSubnetCidrs().get(i)));
        }
        return specs;
    }

    /** One NAT in the first zone (the course), or one per zone so a zone outage keeps the other's way out. */
    private static List<String> natZones(StackConfig c) {
        return c.network().natGatewayPerAz() ? c.zones() : List.of(c.zones().get(0));
    }

    private static String natName(StackConfig c, String zone) {
        return c.prefix() + "-nat-" + StackConfig.zoneLetter(zone);
    }

    private static String natAddressName(StackConfig c, String zone) {
        return c.prefix() + "-nat-eip-" + StackConfig.zoneLetter(zone);
    }

    public static List<Spec> natAddresses(StackConfig c) {
        return natZones(c).stream()
                .map(z -> ElasticIpType.SCHEMA
                        .spec(natAddressName(c, z))
                        .set(ElasticIpType.DOMAIN, "vpc")
                        .build())
                .toList();
    }

    public static List<Spec> natGateways(StackConfig c) {
        return natZones(c).stream()
                .map(z -> NatGatewayType.SCHEMA
                        .spec(natName(c, z))
                        .set(NatGatewayType.SUBNET, SubnetType.SCHEMA.ref(subnetName(c, Tier.PUBLIC, z)))
                        .set(NatGatewayType.EIP, ElasticIpType.SCHEMA.ref(natAddressName(c, z)))
                        .build())
                .toList();
    }

    /**
     * The public table (default route to the internet gateway), a private one per zone
     * (default route to its NAT) and one for the DB subnets with no route out at all.
     */
    public static List<Spec> routeTables(StackConfig c) {
        String p = c.prefix();
        List<String> natZones = natZones(c);
        List<Spec> specs = new ArrayList<>();
        specs.add(routeTable(
                c,
                p + "-public-rt",
                "0.0.0.0/0=" + InternetGatewayType.SCHEMA.ref(igwName(c)),
                subnetRefs(c, Tier.PUBLIC)));
        for (String z : c.zones()) {
            String nat = natZones.contains(z) ? z : natZones.get(0);
            specs.add(routeTable(
                    c,
                    p + "-private-rt-" + StackConfig.zoneLetter(z),
                    "0.0.0.0/0=" + NatGatewayType.SCHEMA.ref(natName(c, nat)) + PeeringSpecs.routeToPeer(c),
                    SubnetType.SCHEMA.ref(subnetName(c, Tier.APP, z))));
        }
        // The database needs no way out; its own table says so instead of leaning on the main one.
        specs.add(routeTable(c, p + "-db-rt", "", subnetRefs(c, Tier.DB)));
        return specs;
    }

    private static Spec routeTable(StackConfig c, String name, String routes, String subnets) {
        return RouteTableType.SCHEMA
                .spec(name)
                .set(RouteTableType.VPC, vpcRef(c))
                .set(RouteTableType.ROUTES, routes)
                .set(RouteTableType.SUBNETS, subnets)
                .build();
    }

    private static Spec subnet(StackConfig c, Tier tier, String zone, String cidr) {
        return SubnetType.SCHEMA
                .spec(subnetName(c, tier, zone))
                .set(SubnetType.VPC, vpcRef(c))
                .set(SubnetType.CIDR, cidr)
                .set(SubnetType.AZ, zone)
                .set(SubnetType.MAP_PUBLIC_IP, String.valueOf(tier == Tier.PUBLIC))
                .build();
    }
}
