package dev.scaleout.infra.network;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of the course from the config: VPC, internet gateway, per zone a public, an
 * app (private) and a DB subnet, NAT gateway(s) with their Elastic IPs, a public route
 * table, a private one per zone (default route to its NAT) and one for the DB subnets
 * with no route out at all. Names as the course's: {@code my-vpc}, {@code my-public-subnet-a}.
 */
public final class NetworkSpecs {

    public enum Tier {
        PUBLIC("public-subnet"), APP("private-subnet-app"), DB("db-subnet");

        final String role;

        Tier(String role) {
            this.role = role;
        }
    }

    private NetworkSpecs() {
    }

    public static String vpcName(StackConfig c) {
        return c.prefix() + "-vpc";
    }

    public static String subnetName(StackConfig c, Tier tier, String zone) {
        return c.prefix() + "-" + tier.role + "-" + StackConfig.zoneLetter(zone);
    }

    /** "@subnet/my-db-subnet-a,@subnet/my-db-subnet-c": what a DB subnet group, an ALB or an ASG refers to. */
    public static String subnetRefs(StackConfig c, Tier tier) {
        return String.join(",", c.zones().stream().map(z -> Spec.ref("subnet", subnetName(c, tier, z))).toList());
    }

    public static String vpcRef(StackConfig c) {
        return Spec.ref("vpc", vpcName(c));
    }

    /** Needs {@code c.region()} set ({@link StackConfig#withRegion}). */
    public static List<Spec> specs(StackConfig c) {
        StackConfig.Network n = c.network();
        String p = c.prefix();
        String vpc = vpcRef(c);
        List<Spec> specs = new ArrayList<>();
        specs.add(Spec.of("vpc", vpcName(c), Map.of("cidr", n.vpcCidr(), "dnsSupport", "true", "dnsHostnames", "true"), "cidr"));
        specs.add(Spec.of("internet-gateway", p + "-igw", Map.of("vpc", vpc)));

        List<String> zones = c.zones();
        for (int i = 0; i < zones.size(); i++) {
            String z = zones.get(i);
            specs.add(subnet(c, Tier.PUBLIC, z, n.publicSubnetCidrs().get(i)));
            specs.add(subnet(c, Tier.APP, z, n.appSubnetCidrs().get(i)));
            specs.add(subnet(c, Tier.DB, z, n.dbSubnetCidrs().get(i)));
        }

        // One NAT in the first zone (the course), or one per zone so a zone outage keeps the other's way out.
        List<String> natZones = n.natGatewayPerAz() ? zones : List.of(zones.get(0));
        for (String z : natZones) {
            String letter = StackConfig.zoneLetter(z);
            specs.add(Spec.of("elastic-ip", p + "-nat-eip-" + letter, Map.of("domain", "vpc"), "domain"));
        }
        for (String z : natZones) {
            String letter = StackConfig.zoneLetter(z);
            specs.add(Spec.of("nat-gateway", p + "-nat-" + letter, Map.of(
                    "subnet", Spec.ref("subnet", subnetName(c, Tier.PUBLIC, z)),
                    "eip", Spec.ref("elastic-ip", p + "-nat-eip-" + letter)), "subnet", "eip"));
        }

        specs.add(Spec.of("route-table", p + "-public-rt", Map.of(
                "vpc", vpc,
                "routes", "0.0.0.0/0=" + Spec.ref("internet-gateway", p + "-igw"),
                "subnets", subnetRefs(c, Tier.PUBLIC)), "vpc"));
        for (String z : zones) {
            String nat = natZones.contains(z) ? z : natZones.get(0);
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("vpc", vpc);
            settings.put("routes", "0.0.0.0/0=" + Spec.ref("nat-gateway", p + "-nat-" + StackConfig.zoneLetter(nat)));
            settings.put("subnets", Spec.ref("subnet", subnetName(c, Tier.APP, z)));
            specs.add(Spec.of("route-table", p + "-private-rt-" + StackConfig.zoneLetter(z), settings, "vpc"));
        }
        // The database needs no way out; its own table says so instead of leaning on the main one.
        specs.add(Spec.of("route-table", p + "-db-rt", Map.of("vpc", vpc, "routes", "", "subnets", subnetRefs(c, Tier.DB)), "vpc"));
        return specs;
    }

    private static Spec subnet(StackConfig c, Tier tier, String zone, String cidr) {
        return Spec.of("subnet", subnetName(c, tier, zone), Map.of(
                "vpc", vpcRef(c),
                "cidr", cidr,
                "az", zone,
                "mapPublicIp", String.valueOf(tier == Tier.PUBLIC)), "vpc", "cidr", "az");
    }
}
