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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/** The VPC: settings {@code cidr} (replace), {@code dnsSupport}, {@code dnsHostnames}. */
public final class VpcType implements ManagedType {

    public static final String TYPE = "vpc";
    public static final Setting CIDR = Setting.scalar("cidr").replaces();
    public static final Setting DNS_SUPPORT = Setting.scalar("dnsSupport");
    public static final Setting DNS_HOSTNAMES = Setting.scalar("dnsHostnames");
    public static final Schema SCHEMA = Schema.of(TYPE, CIDR, DNS_SUPPORT, DNS_HOSTNAMES);

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
                            DNS_HOSTNAMES.key(), String.valueOf(hostnames)),
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
        // A new VPC has DNS support on and hostnames off.
        reconcile(id, spec, "true", "false");
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        reconcile(
                actual.id(),
                spec,
                actual.settings().get(DNS_SUPPORT.key()),
                actual.settings().get(DNS_HOSTNAMES.key()));
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
