package dev.scaleout.infra.security;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.network.ElasticIpType;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.network.SubnetType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The four security groups, least privilege, and the optional bastion. ALB: 80 and 443
 * from anywhere. App: 80 and 8080 from the ALB group only, 22 from the admin group only.
 * Database: 3306 from the app and admin groups only (the course's notes opened it to the
 * ALB group: nothing on the ALB talks to MySQL, so that rule is left out on purpose).
 * Admin: 22 from the one CIDR the user gives, or nothing. Egress stays AWS's default.
 */
public final class SecuritySpecs {

    private SecuritySpecs() {}

    public static String albGroup(StackConfig c) {
        return c.prefix() + "-asg-alb-sg";
    }

    public static String adminGroup(StackConfig c) {
        return c.prefix() + "-admin-sg";
    }

    public static String appGroup(StackConfig c) {
        return c.prefix() + "-asg-ec2-sg";
    }

    public static String dbGroup(StackConfig c) {
        return c.prefix() + "-db-sg";
    }

    /** The course's my-private-ec2-sg: SSH from the bastion's (admin) group and the VPN's group only. */
    public static String privateInstanceGroup(StackConfig c) {
        return c.prefix() + "-private-ec2-sg";
    }

    /** The group on the Client VPN endpoint's network interfaces: what VPN traffic comes from inside the VPC. */
    public static String vpnGroup(StackConfig c) {
        return c.prefix() + "-vpn-sg";
    }

    public static String privateInstanceName(StackConfig c) {
        return c.prefix() + "-private-ec2";
    }

    public static String bastionName(StackConfig c) {
        return c.prefix() + "-bastion-host";
    }

    /** The role whose instance profile the bastion uses: the app instances' role, from the iam package. */
    /** The Amazon Linux 2023 AMI AWS publishes in SSM, for the bastion. */
    public static final String BASTION_IMAGE_PARAMETER =
            "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    public static List<Spec> specs(StackConfig c) {
        List<Spec> specs = new ArrayList<>(groups(c));
        specs.addAll(bastionAddress(c));
        specs.addAll(bastion(c));
        specs.addAll(privateInstance(c));
        return specs;
    }

    /** Groups in an order where each refers only to earlier ones (the teardown runs it backwards). */
    public static List<Spec> groups(StackConfig c) {
        String alb = SecurityGroupType.SCHEMA.ref(albGroup(c));
        String admin = SecurityGroupType.SCHEMA.ref(adminGroup(c));
        String app = SecurityGroupType.SCHEMA.ref(appGroup(c));
        List<Spec> specs = new ArrayList<>();
        specs.add(group(
                c,
                albGroup(c),
                "ALB: HTTP and HTTPS from anywhere",
                SgRule.tcp(80, "cidr", "0.0.0.0/0"),
                SgRule.tcp(443, "cidr", "0.0.0.0/0")));
        String adminCidr = c.security().adminCidr();
        specs.add(
                adminCidr == null || adminCidr.isBlank()
                        ? group(c, adminGroup(c), "Admin: SSH from the admin CIDR")
                        : group(
                                c,
                                adminGroup(c),
                                "Admin: SSH from the admin CIDR",
                                SgRule.tcp(22, "cidr", adminCidr.trim())));
        specs.add(group(
                c,
                appGroup(c),
                "App instances: HTTP from the ALB, SSH from admin",
                SgRule.tcp(80, "sg", alb),
                SgRule.tcp(8080, "sg", alb),
                SgRule.tcp(22, "sg", admin)));
        specs.add(group(
                c,
                dbGroup(c),
                "Database: MySQL from the app and admin groups",
                SgRule.tcp(3306, "sg", app),
                SgRule.tcp(3306, "sg", admin)));
        specs.addAll(chapterThreeGroups(c));
        return specs;
    }

    /**
     * Client VPN source-NATs its clients to the addresses of its network interfaces in the
     * associated subnet, so inside the VPC their traffic comes from the endpoint's group, not
     * from vpn.clientCidr: the private instance allows SSH from that group (as the course
     * allowed it from the OpenVPN instance's), and the endpoint's group sends only into the VPC.
     */
    private static List<Spec> chapterThreeGroups(StackConfig c) {
        List<Spec> specs = new ArrayList<>();
        boolean vpn = c.vpn() != null && c.vpn().enabled();
        if (vpn) {
            specs.add(SecurityGroupType.SCHEMA
                    .spec(vpnGroup(c))
                    .set(SecurityGroupType.VPC, NetworkSpecs.vpcRef(c))
                    .set(SecurityGroupType.DESCRIPTION, "Client VPN endpoint: no inbound, out into the VPC only")
                    .set(SecurityGroupType.INGRESS, "")
                    .set(SecurityGroupType.EGRESS, "all:all:cidr=" + c.network().vpcCidr())
                    .build());
        }
        if (c.privateInstance() != null && c.privateInstance().enabled()) {
            String admin = SecurityGroupType.SCHEMA.ref(adminGroup(c));
            specs.add(
                    vpn
                            ? group(
                                    c,
                                    privateInstanceGroup(c),
                                    "Private instance: SSH from the admin group and the VPN",
                                    SgRule.tcp(22, "sg", admin),
                                    SgRule.tcp(22, "sg", SecurityGroupType.SCHEMA.ref(vpnGroup(c))))
                            : group(
                                    c,
                                    privateInstanceGroup(c),
                                    "Private instance: SSH from the admin group and the VPN",
                                    SgRule.tcp(22, "sg", admin)));
        }
        return specs;
    }

    private static String bastionAddressName(StackConfig c) {
        return c.prefix() + "-bastion-eip";
    }

    public static List<Spec> bastionAddress(StackConfig c) {
        if (!c.bastion().enabled()) {
            return List.of();
        }
        return List.of(ElasticIpType.SCHEMA
                .spec(bastionAddressName(c))
                .set(ElasticIpType.DOMAIN, "vpc")
                .build());
    }

    public static List<Spec> bastion(StackConfig c) {
        if (!c.bastion().enabled()) {
            return List.of();
        }
        String zone = c.zones().get(0);
        return List.of(BastionInstanceType.SCHEMA
                .spec(bastionName(c))
                .set(
                        BastionInstanceType.SUBNET,
                        SubnetType.SCHEMA.ref(NetworkSpecs.subnetName(c, NetworkSpecs.Tier.PUBLIC, zone)))
                .set(BastionInstanceType.INSTANCE_TYPE, c.bastion().instanceType())
                .set(BastionInstanceType.IMAGE_PARAMETER, BASTION_IMAGE_PARAMETER)
                .set(BastionInstanceType.PROFILE, InstanceRoleType.SCHEMA.ref(IamSpecs.bastionRoleName(c)))
                .set(BastionInstanceType.SECURITY_GROUPS, SecurityGroupType.SCHEMA.ref(adminGroup(c)))
                .set(BastionInstanceType.EIP, ElasticIpType.SCHEMA.ref(bastionAddressName(c)))
                .build());
    }

    /**
     * The course's my-private-ec2: an instance of the same type as the bastion, in private app
     * subnet a, no public address, reachable by SSM Session Manager (a role with SSM's core
     * policy only), from the bastion, or over the VPN. The description of its group does not name what is enabled,
     * so turning the VPN on or off changes its rules in place instead of replacing it.
     */
    public static List<Spec> privateInstance(StackConfig c) {
        if (c.privateInstance() == null || !c.privateInstance().enabled()) {
            return List.of();
        }
        String zone = c.zones().get(0);
        return List.of(BastionInstanceType.SCHEMA
                .spec(privateInstanceName(c))
                .set(
                        BastionInstanceType.SUBNET,
                        SubnetType.SCHEMA.ref(NetworkSpecs.subnetName(c, NetworkSpecs.Tier.APP, zone)))
                .set(BastionInstanceType.INSTANCE_TYPE, c.instances().instanceType())
                .set(BastionInstanceType.IMAGE_PARAMETER, BASTION_IMAGE_PARAMETER)
                .set(BastionInstanceType.PROFILE, InstanceRoleType.SCHEMA.ref(IamSpecs.privateInstanceRoleName(c)))
                .set(BastionInstanceType.SECURITY_GROUPS, SecurityGroupType.SCHEMA.ref(privateInstanceGroup(c)))
                .set(BastionInstanceType.EIP, "")
                .build());
    }

    private static Spec group(StackConfig c, String name, String description, SgRule... ingress) {
        TreeSet<String> rules = new TreeSet<>();
        for (SgRule r : ingress) {
            rules.add(r.toString());
        }
        return SecurityGroupType.SCHEMA
                .spec(name)
                .set(SecurityGroupType.VPC, NetworkSpecs.vpcRef(c))
                .set(SecurityGroupType.DESCRIPTION, description)
                .set(SecurityGroupType.INGRESS, String.join(",", rules))
                .set(SecurityGroupType.EGRESS, SgRule.ALL_OUT)
                .build();
    }
}
