package dev.scaleout.infra.peering;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.network.RouteTableType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import dev.scaleout.infra.security.SgRule;
import java.util.List;
import java.util.Map;

/**
 * The course's chapter 3, part 5 from the config's {@code peering} section: in the peer
 * region {@code my-tokyo-vpc} (no NAT, no internet gateway), its one private subnet
 * {@code my-tokyo-subnet-private1-ap-northeast-1a} and route table
 * {@code my-tokyo-rtb-private1-ap-northeast-1a}, the peering {@code my-peer-tokyo-to-seoul},
 * and with {@code testInstance} the instance {@code my-tokyo-private-ec2} whose group allows
 * all ICMP from the stack's VPC. The city in a name is the region's ("tokyo" for
 * ap-northeast-1; the region's id where the list has none).
 */
public final class PeeringSpecs {

    /** The instance type of the ping's far end: the smallest current one every region has. */
    public static final String TEST_INSTANCE_TYPE = "t3.micro";

    private static final Map<String, String> CITIES = Map.ofEntries(
            Map.entry("ap-northeast-1", "tokyo"),
            Map.entry("ap-northeast-2", "seoul"),
            Map.entry("ap-northeast-3", "osaka"),
            Map.entry("ap-southeast-1", "singapore"),
            Map.entry("ap-southeast-2", "sydney"),
            Map.entry("ap-south-1", "mumbai"),
            Map.entry("ap-east-1", "hongkong"),
            Map.entry("us-east-1", "virginia"),
            Map.entry("us-east-2", "ohio"),
            Map.entry("us-west-1", "california"),
            Map.entry("us-west-2", "oregon"),
            Map.entry("ca-central-1", "canada"),
            Map.entry("sa-east-1", "saopaulo"),
            Map.entry("eu-west-1", "ireland"),
            Map.entry("eu-west-2", "london"),
            Map.entry("eu-west-3", "paris"),
            Map.entry("eu-central-1", "frankfurt"),
            Map.entry("eu-north-1", "stockholm"));

    private PeeringSpecs() {}

    public static String city(String region) {
        return CITIES.getOrDefault(region, region);
    }

    private static String peer(StackConfig c) {
        return c.prefix() + "-" + city(c.peering().region());
    }

    /** The peer subnet's zone: the region's first letter, as the course's VPC wizard picks. */
    public static String zone(StackConfig c) {
        return c.peering().region() + "a";
    }

    public static String vpcName(StackConfig c) {
        return peer(c) + "-vpc";
    }

    public static String subnetName(StackConfig c) {
        return peer(c) + "-subnet-private1-" + zone(c);
    }

    public static String routeTableName(StackConfig c) {
        return peer(c) + "-rtb-private1-" + zone(c);
    }

    public static String groupName(StackConfig c) {
        return peer(c) + "-private-ec2-sg";
    }

    public static String instanceName(StackConfig c) {
        return peer(c) + "-private-ec2";
    }

    /** "my-peer-tokyo-to-seoul": requested from the peer region, accepted in the stack's. */
    public static String peeringName(StackConfig c) {
        return c.prefix() + "-peer-" + city(c.peering().region()) + "-to-" + city(c.region());
    }

    public static String peeringRef(StackConfig c) {
        return PeeringConnectionType.SCHEMA.ref(peeringName(c));
    }

    /**
     * The route the stack's private route tables add to the peer's CIDR, "" when peering is
     * off: {@code ",192.168.10.0/24=@vpc-peering/my-peer-tokyo-to-seoul"} (to append).
     */
    public static String routeToPeer(StackConfig c) {
        return c.peering() == null || !c.peering().enabled()
                ? ""
                : "," + c.peering().vpcCidr() + "=" + peeringRef(c);
    }

    public static List<Spec> vpc(StackConfig c) {
        if (!c.peering().enabled()) {
            return List.of();
        }
        Schema s = PeerTypes.VPC;
        return List.of(s.spec(vpcName(c))
                .set(of(s, VpcType.CIDR), c.peering().vpcCidr())
                .set(of(s, VpcType.DNS_SUPPORT), "true")
                .set(of(s, VpcType.DNS_HOSTNAMES), "true")
                .build());
    }

    public static List<Spec> peering(StackConfig c) {
        if (!c.peering().enabled()) {
            return List.of();
        }
        return List.of(PeeringConnectionType.SCHEMA
                .spec(peeringName(c))
                .set(PeeringConnectionType.VPC, PeerTypes.VPC.ref(vpcName(c)))
                .set(PeeringConnectionType.ACCEPTER_VPC, NetworkSpecs.vpcRef(c))
                .set(PeeringConnectionType.ACCEPTER_REGION, c.region())
                .set(PeeringConnectionType.STATUS, PeeringConnectionType.ACTIVE)
                .set(PeeringConnectionType.REMOTE_DNS, "true")
                .set(PeeringConnectionType.ACCEPTER_NAME, peeringName(c))
                .build());
    }

    public static List<Spec> subnet(StackConfig c) {
        if (!c.peering().enabled()) {
            return List.of();
        }
        Schema s = PeerTypes.SUBNET;
        // One private subnet over the whole (small) VPC: the course's one instance lives there.
        return List.of(s.spec(subnetName(c))
                .set(of(s, SubnetType.VPC), PeerTypes.VPC.ref(vpcName(c)))
                .set(of(s, SubnetType.CIDR), c.peering().vpcCidr())
                .set(of(s, SubnetType.AZ), zone(c))
                .set(of(s, SubnetType.MAP_PUBLIC_IP), "false")
                .build());
    }

    /** The peer's private table: only the way back to the stack's VPC, through the peering. */
    public static List<Spec> routeTable(StackConfig c) {
        if (!c.peering().enabled()) {
            return List.of();
        }
        Schema s = PeerTypes.ROUTE_TABLE;
        return List.of(s.spec(routeTableName(c))
                .set(of(s, RouteTableType.VPC), PeerTypes.VPC.ref(vpcName(c)))
                .set(of(s, RouteTableType.ROUTES), c.network().vpcCidr() + "=" + peeringRef(c))
                .set(of(s, RouteTableType.SUBNETS), PeerTypes.SUBNET.ref(subnetName(c)))
                .build());
    }

    /** All ICMP (IPv4) from the stack's VPC, as the course's; nothing else comes in. */
    public static List<Spec> securityGroup(StackConfig c) {
        if (!c.peering().enabled() || !c.peering().testInstance()) {
            return List.of();
        }
        Schema s = PeerTypes.SECURITY_GROUP;
        return List.of(s.spec(groupName(c))
                .set(of(s, SecurityGroupType.VPC), PeerTypes.VPC.ref(vpcName(c)))
                .set(of(s, SecurityGroupType.DESCRIPTION), "Peering test instance: all ICMP from the stack's VPC")
                .set(
                        of(s, SecurityGroupType.INGRESS),
                        SgRule.icmp("cidr", c.network().vpcCidr()).toString())
                .set(of(s, SecurityGroupType.EGRESS), SgRule.ALL_OUT)
                .build());
    }

    public static List<Spec> instance(StackConfig c) {
        if (!c.peering().enabled() || !c.peering().testInstance()) {
            return List.of();
        }
        return List.of(PeerInstanceType.SCHEMA
                .spec(instanceName(c))
                .set(PeerInstanceType.SUBNET, PeerTypes.SUBNET.ref(subnetName(c)))
                .set(PeerInstanceType.INSTANCE_TYPE, TEST_INSTANCE_TYPE)
                .set(PeerInstanceType.IMAGE_PARAMETER, SecuritySpecs.BASTION_IMAGE_PARAMETER)
                .set(PeerInstanceType.SECURITY_GROUPS, PeerTypes.SECURITY_GROUP.ref(groupName(c)))
                .build());
    }

    /** The peer region by type word, for a plan made without discovery (--dry-run); empty when peering is off. */
    public static Map<String, String> regions(StackConfig c) {
        if (c.peering() == null || !c.peering().enabled()) {
            return Map.of();
        }
        String r = c.peering().region();
        return Map.of(
                PeerTypes.VPC_TYPE, r,
                PeeringConnectionType.TYPE, r,
                PeerTypes.SUBNET_TYPE, r,
                PeerTypes.ROUTE_TABLE_TYPE, r,
                PeerTypes.SECURITY_GROUP_TYPE, r,
                PeerInstanceType.TYPE, r);
    }

    /** The peer schema's own setting of the same key (its references renamed to the peer's types). */
    private static Setting of(Schema peer, Setting original) {
        return peer.setting(original.key());
    }
}
