package dev.scaleout.infra.network;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** The VPC: settings {@code cidr} (replace), {@code dnsSupport}, {@code dnsHostnames}. */
public final class VpcType implements ManagedType {

    public static final String TYPE = "vpc";
    public static final Setting CIDR = Setting.scalar("cidr").replaces();
    public static final Setting DNS_SUPPORT = Setting.scalar("dnsSupport");
    public static final Setting DNS_HOSTNAMES = Setting.scalar("dnsHostnames");
    /**
     * The rules of the VPC's default security group, which AWS makes with the VPC and which
     * cannot be deleted: "none" once emptied, so nothing put in it by mistake (an instance
     * launched without a group) can talk to anything (Terraform's aws_default_security_group).
     */
    public static final Setting DEFAULT_GROUP_RULES = Setting.scalar("defaultSecurityGroupRules");

    public static final Schema SCHEMA = Schema.of(TYPE, CIDR, DNS_SUPPORT, DNS_HOSTNAMES, DEFAULT_GROUP_RULES);
    public static final String NO_RULES = "none";

    private final Ec2Client ec2;
    private final Retry retry;

    public VpcType(Ec2Client ec2, Retry retry) {
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
        for (Vpc vpc : ec2.describeVpcsPaginator(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .vpcs()) {
            // DNS attributes are not in DescribeVpcs: two reads per VPC of the stack (there is one).
            boolean support = attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT);
            boolean hostnames = attribute(vpc.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES);
            out.add(Actual.of(
                    type(),
                    Ec2Tags.name(vpc.tags()),
                    vpc.vpcId(),
                    Map.of(
                            CIDR.key(), vpc.cidrBlock(),
                            DNS_SUPPORT.key(), String.valueOf(support),
                            DNS_HOSTNAMES.key(), String.valueOf(hostnames),
                            DEFAULT_GROUP_RULES.key(),
                                    defaultGroup(vpc.vpcId())
                                            .map(VpcType::describeRules)
                                            .orElse(NO_RULES)),
                    vpc.stateAsString()));
        }
        return out;
    }

    private boolean attribute(String vpcId, VpcAttributeName name) {
        var r = ec2.describeVpcAttribute(b -> b.vpcId(vpcId).attribute(name));
        AttributeBooleanValue v =
                name == VpcAttributeName.ENABLE_DNS_SUPPORT ? r.enableDnsSupport() : r.enableDnsHostnames();
        return v != null && Boolean.TRUE.equals(v.value());
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String id = ec2.createVpc(r -> r.cidrBlock(spec.setting(CIDR))
                        .tagSpecifications(Ec2Tags.spec(ResourceType.VPC, scope, spec.name())))
                .vpc()
                .vpcId();
        // A new VPC has DNS support on and hostnames off, and a default group that allows its members in and all out.
        reconcile(id, spec, "true", "false");
        emptyDefaultGroup(id, spec);
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        reconcile(
                actual.id(),
                spec,
                actual.settings().get(DNS_SUPPORT.key()),
                actual.settings().get(DNS_HOSTNAMES.key()));
        if (spec.settings().containsKey(DEFAULT_GROUP_RULES.key())
                && !spec.setting(DEFAULT_GROUP_RULES).equals(actual.settings().get(DEFAULT_GROUP_RULES.key()))) {
            emptyDefaultGroup(actual.id(), spec);
        }
    }

    private Optional<SecurityGroup> defaultGroup(String vpcId) {
        return ec2
                .describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("vpc-id").values(vpcId).build(),
                        Filter.builder().name("group-name").values("default").build()))
                .securityGroups()
                .stream()
                .findFirst();
    }

    static String describeRules(SecurityGroup g) {
        int in = g.ipPermissions().size();
        int out = g.ipPermissionsEgress().size();
        return in + out == 0 ? NO_RULES : in + " inbound, " + out + " outbound";
    }

    /** Revokes every rule of the VPC's default group (spec "none"; the only value the stack sets). */
    private void emptyDefaultGroup(String vpcId, Spec spec) {
        // A VPC spec without the setting (one made elsewhere in the stack) leaves its default group alone.
        if (!NO_RULES.equals(spec.settings().get(DEFAULT_GROUP_RULES.key()))) {
            return;
        }
        // EC2 makes it with the VPC; eventually consistent reads may miss it for a moment: the next apply
        // (whose plan shows its rules) finishes the job.
        SecurityGroup g = defaultGroup(vpcId)
                .orElseThrow(() -> ExitException.failure(
                        "the default security group of " + vpcId + " is not visible yet; run apply again to empty it"));
        if (!g.ipPermissions().isEmpty()) {
            AwsCall.run(
                    "RevokeSecurityGroupIngress",
                    g.groupId(),
                    () -> ec2.revokeSecurityGroupIngress(
                            r -> r.groupId(g.groupId()).ipPermissions(g.ipPermissions())));
        }
        if (!g.ipPermissionsEgress().isEmpty()) {
            AwsCall.run(
                    "RevokeSecurityGroupEgress",
                    g.groupId(),
                    () -> ec2.revokeSecurityGroupEgress(
                            r -> r.groupId(g.groupId()).ipPermissions(g.ipPermissionsEgress())));
        }
    }

    private void reconcile(String id, Spec spec, String support, String hostnames) {
        // AWS takes one attribute per call.
        // Right after CreateVpc, EC2 may not see the new id yet: InvalidVpcID.NotFound is waited out.
        if (!spec.setting(DNS_SUPPORT).equals(support)) {
            boolean on = Boolean.parseBoolean(spec.setting(DNS_SUPPORT));
            retry.run(
                    "ModifyVpcAttribute " + id,
                    Retry.NOT_VISIBLE_YET,
                    () -> ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(a -> a.value(on))));
        }
        if (!spec.setting(DNS_HOSTNAMES).equals(hostnames)) {
            boolean on = Boolean.parseBoolean(spec.setting(DNS_HOSTNAMES));
            retry.run(
                    "ModifyVpcAttribute " + id,
                    Retry.NOT_VISIBLE_YET,
                    () -> ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(a -> a.value(on))));
        }
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        retry.run(
                "delete " + actual.key(),
                Retry.DEPENDENT,
                () -> AwsCall.ignoreNotFound(() -> ec2.deleteVpc(r -> r.vpcId(actual.id()))));
    }
}
