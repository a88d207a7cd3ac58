package dev.scaleout.infra.security;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.support.AwsCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * A security group: {@code vpc} and {@code description} (replace: AWS cannot change them),
 * {@code ingress} and {@code egress} as sorted, comma-separated canonical rules
 * ({@link SgRule}). Updates revoke and authorize only the rules that differ.
 */
public final class SecurityGroupType implements ManagedType {

    public static final String TYPE = "security-group";
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE).replaces();
    public static final Setting DESCRIPTION = Setting.scalar("description").replaces();
    public static final Setting INGRESS = Setting.set("ingress").mentions(TYPE);
    public static final Setting EGRESS = Setting.set("egress");
    public static final Schema SCHEMA = Schema.of(TYPE, VPC, DESCRIPTION, INGRESS, EGRESS);

    private final Ec2Client ec2;
    private final Retry retry;

    public SecurityGroupType(Ec2Client ec2, Retry retry) {
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
        for (SecurityGroup g : ec2.describeSecurityGroupsPaginator(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .securityGroups()) {
            out.add(Actual.of(
                    type(),
                    Ec2Tags.name(g.tags()),
                    g.groupId(),
                    Map.of(
                            VPC.key(), g.vpcId(),
                            DESCRIPTION.key(), g.description(),
                            INGRESS.key(), String.join(",", rules(g.ipPermissions())),
                            EGRESS.key(), String.join(",", rules(g.ipPermissionsEgress()))),
                    null));
        }
        return out;
    }

    static TreeSet<String> rules(List<IpPermission> permissions) {
        TreeSet<String> rules = new TreeSet<>();
        for (IpPermission p : permissions) {
            for (IpRange r : p.ipRanges()) {
                rules.add(SgRule.of(p, "cidr", r.cidrIp()).toString());
            }
            for (Ipv6Range r : p.ipv6Ranges()) {
                rules.add(SgRule.of(p, "cidr6", r.cidrIpv6()).toString());
            }
            for (UserIdGroupPair pair : p.userIdGroupPairs()) {
                rules.add(SgRule.of(p, "sg", pair.groupId()).toString());
            }
        }
        return rules;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        // Right after CreateVpc, EC2 may not see the VPC yet (InvalidVpcID.NotFound); a refused create made nothing.
        String id = retry.call(
                "CreateSecurityGroup " + spec.name(),
                Retry.NOT_VISIBLE_YET,
                () -> ec2.createSecurityGroup(r -> r.groupName(spec.name())
                                .description(spec.setting(DESCRIPTION))
                                .vpcId(refs.resolve(spec.setting(VPC)))
                                .tagSpecifications(Ec2Tags.spec(ResourceType.SECURITY_GROUP, scope, spec.name())))
                        .groupId());
        // A new group has no ingress and AWS's one egress rule: all traffic anywhere.
        reconcile(id, spec, "", SgRule.ALL_OUT, refs);
        return id;
    }

    /**
     * Compares rules by AWS ids, read afresh (one read, only on an update): a group made anew
     * has the same {@code @type/name} as the one a rule still names, but not its id.
     */
    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        SecurityGroup g = ec2.describeSecurityGroups(r -> r.groupIds(actual.id()))
                .securityGroups()
                .get(0);
        reconcile(
                actual.id(),
                spec,
                String.join(",", rules(g.ipPermissions())),
                String.join(",", rules(g.ipPermissionsEgress())),
                refs);
    }

    /** {@code haveIngress}/{@code haveEgress}: rules with AWS ids; the spec's references are resolved to compare. */
    private void reconcile(String id, Spec spec, String haveIngress, String haveEgress, Refs refs) {
        TreeSet<String> wantIn = resolved(spec.setting(INGRESS), refs);
        TreeSet<String> hadIn = set(haveIngress);
        List<IpPermission> revokeIn = permissions(minus(hadIn, wantIn), refs);
        List<IpPermission> addIn = permissions(minus(wantIn, hadIn), refs);
        // Right after CreateSecurityGroup, EC2 may not see this group or a rule's source group yet
        // (InvalidGroup.NotFound).
        if (!revokeIn.isEmpty()) {
            retry.run(
                    "RevokeSecurityGroupIngress " + id,
                    Retry.NOT_VISIBLE_YET,
                    () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(revokeIn)));
        }
        if (!addIn.isEmpty()) {
            retry.run(
                    "AuthorizeSecurityGroupIngress " + id,
                    Retry.NOT_VISIBLE_YET,
                    () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(addIn)));
        }
        TreeSet<String> wantOut = resolved(spec.setting(EGRESS), refs);
        TreeSet<String> hadOut = set(haveEgress);
        List<IpPermission> revokeOut = permissions(minus(hadOut, wantOut), refs);
        List<IpPermission> addOut = permissions(minus(wantOut, hadOut), refs);
        if (!revokeOut.isEmpty()) {
            retry.run(
                    "RevokeSecurityGroupEgress " + id,
                    Retry.NOT_VISIBLE_YET,
                    () -> ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(revokeOut)));
        }
        if (!addOut.isEmpty()) {
            retry.run(
                    "AuthorizeSecurityGroupEgress " + id,
                    Retry.NOT_VISIBLE_YET,
                    () -> ec2.authorizeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(addOut)));
        }
    }

    private static List<IpPermission> permissions(TreeSet<String> rules, Refs refs) {
        return rules.stream().map(r -> SgRule.parse(r).permission(refs)).toList();
    }

    private static TreeSet<String> resolved(String rules, Refs refs) {
        TreeSet<String> out = new TreeSet<>();
        for (String rule : set(rules)) {
            SgRule r = SgRule.parse(rule);
            out.add(new SgRule(
                            r.protocol(),
                            r.ports(),
                            r.kind(),
                            r.kind().equals("sg") ? refs.resolve(r.source()) : r.source())
                    .toString());
        }
        return out;
    }

    private static TreeSet<String> minus(TreeSet<String> a, TreeSet<String> b) {
        TreeSet<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static TreeSet<String> set(String rules) {
        TreeSet<String> out = new TreeSet<>();
        if (rules != null && !rules.isBlank()) {
            Arrays.stream(rules.split(",")).map(String::trim).forEach(out::add);
        }
        return out;
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        // Refused while an ENI (RDS, ALB, an instance going away) or another group's rule still uses it: wait it out.
        retry.run(
                "delete " + actual.key(),
                Retry.DEPENDENT,
                () -> AwsCall.ignoreNotFound(() -> ec2.deleteSecurityGroup(r -> r.groupId(actual.id()))));
    }
}
