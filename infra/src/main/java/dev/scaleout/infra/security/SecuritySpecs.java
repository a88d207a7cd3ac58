package dev.scaleout.infra.security;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.network.NetworkSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The four security groups, least privilege, and the optional bastion. ALB: 80 and 443
 * from anywhere. App: 80 and 8080 from the ALB group only, 22 from the admin group only.
 * Database: 3306 from the app and admin groups only (the course's notes opened it to the
 * ALB group: nothing on the ALB talks to MySQL, so that rule is left out on purpose).
 * Admin: 22 from the one CIDR the user gives, or nothing. Egress stays AWS's default.
 */
public final class SecuritySpecs {

    public static final String TYPE = "security-group";

    private SecuritySpecs() {
    }

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

    public static String bastionName(StackConfig c) {
        return c.prefix() + "-bastion-host";
    }

    /** The role whose instance profile the bastion uses: the app instances' role, from the iam package. */
    public static String bastionRole(StackConfig c) {
        return c.prefix() + "-app-role";
    }

    /** The Amazon Linux 2023 AMI AWS publishes in SSM, for the bastion. */
    public static final String BASTION_IMAGE_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    /** Groups in an order where each refers only to earlier ones (the teardown runs it backwards). */
    public static List<Spec> specs(StackConfig c) {
        String alb = Spec.ref(TYPE, albGroup(c));
        String admin = Spec.ref(TYPE, adminGroup(c));
        String app = Spec.ref(TYPE, appGroup(c));
        List<Spec> specs = new ArrayList<>();
        specs.add(group(c, albGroup(c), "ALB: HTTP and HTTPS from anywhere",
                SgRule.tcp(80, "cidr", "0.0.0.0/0"), SgRule.tcp(443, "cidr", "0.0.0.0/0")));
        String adminCidr = c.security().adminCidr();
        specs.add(adminCidr == null || adminCidr.isBlank()
                ? group(c, adminGroup(c), "Admin: SSH from the admin CIDR")
                : group(c, adminGroup(c), "Admin: SSH from the admin CIDR", SgRule.tcp(22, "cidr", adminCidr.trim())));
        specs.add(group(c, appGroup(c), "App instances: HTTP from the ALB, SSH from admin",
                SgRule.tcp(80, "sg", alb), SgRule.tcp(8080, "sg", alb), SgRule.tcp(22, "sg", admin)));
        specs.add(group(c, dbGroup(c), "Database: MySQL from the app and admin groups",
                SgRule.tcp(3306, "sg", app), SgRule.tcp(3306, "sg", admin)));
        if (c.bastion().enabled()) {
            specs.add(Spec.of("elastic-ip", c.prefix() + "-bastion-eip", Map.of("domain", "vpc"), "domain"));
            String zone = c.zones().get(0);
            specs.add(Spec.of("instance", bastionName(c), Map.of(
                    "subnet", Spec.ref("subnet", NetworkSpecs.subnetName(c, NetworkSpecs.Tier.PUBLIC, zone)),
                    "instanceType", c.bastion().instanceType(),
                    "imageParameter", BASTION_IMAGE_PARAMETER,
                    "profile", Spec.ref("iam-role", bastionRole(c)),
                    "securityGroups", admin,
                    "eip", Spec.ref("elastic-ip", c.prefix() + "-bastion-eip")),
                    "subnet", "instanceType", "imageParameter", "profile"));
        }
        return specs;
    }

    private static Spec group(StackConfig c, String name, String description, SgRule... ingress) {
        TreeSet<String> rules = new TreeSet<>();
        for (SgRule r : ingress) {
            rules.add(r.toString());
        }
        return Spec.of(TYPE, name, Map.of(
                "vpc", NetworkSpecs.vpcRef(c),
                "description", description,
                "ingress", String.join(",", rules),
                "egress", SgRule.ALL_OUT), "vpc", "description");
    }
}
