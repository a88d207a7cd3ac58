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
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * A subnet: {@code vpc}, {@code cidr} and {@code az} (all replace: AWS cannot move a
 * subnet), and {@code mapPublicIp}, on only for the public ones.
 */
public final class SubnetType implements ManagedType {

    public static final String TYPE = "subnet";
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE).replaces();
    public static final Setting CIDR = Setting.scalar("cidr").replaces();
    public static final Setting AZ = Setting.scalar("az").replaces();
    public static final Setting MAP_PUBLIC_IP = Setting.scalar("mapPublicIp");
    public static final Schema SCHEMA = Schema.of(TYPE, VPC, CIDR, AZ, MAP_PUBLIC_IP);

    private final Ec2Client ec2;
    private final Retry retry;

    public SubnetType(Ec2Client ec2, Retry retry) {
        this.ec2 = ec2;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return ec2.describeSubnetsPaginator(r -> r.filters(Ec2Tags.stackFilters(scope))).subnets().stream()
                .map(s -> Actual.of(
                        type(),
                        Ec2Tags.name(s.tags()),
                        s.subnetId(),
                        Map.of(
                                VPC.key(), s.vpcId(),
                                CIDR.key(), s.cidrBlock(),
                                AZ.key(), s.availabilityZone(),
                                MAP_PUBLIC_IP.key(), String.valueOf(Boolean.TRUE.equals(s.mapPublicIpOnLaunch()))),
                        s.stateAsString()))
                .toList();
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        // Right after CreateVpc, EC2 may not see the VPC yet (InvalidVpcID.NotFound); a refused create made nothing.
        String id = retry.call(
                "CreateSubnet " + spec.name(),
                Retry.NOT_VISIBLE_YET,
                () -> ec2.createSubnet(r -> r.vpcId(refs.resolve(spec.setting(VPC)))
                                .cidrBlock(spec.setting(CIDR))
                                .availabilityZone(spec.setting(AZ))
                                .tagSpecifications(Ec2Tags.spec(ResourceType.SUBNET, scope, spec.name())))
                        .subnet()
                        .subnetId());
        if (Boolean.parseBoolean(spec.setting(MAP_PUBLIC_IP))) {
            setMapPublicIp(id, true);
        }
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        if (!spec.setting(MAP_PUBLIC_IP).equals(actual.settings().get(MAP_PUBLIC_IP.key()))) {
            setMapPublicIp(actual.id(), Boolean.parseBoolean(spec.setting(MAP_PUBLIC_IP)));
        }
    }

    private void setMapPublicIp(String id, boolean on) {
        // Right after CreateSubnet, EC2 may not see it yet (InvalidSubnetID.NotFound).
        retry.run(
                "ModifySubnetAttribute " + id,
                Retry.NOT_VISIBLE_YET,
                () -> ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(a -> a.value(on))));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        // Refused while an ENI is still in it (a terminated instance's, an ALB's): wait it out.
        retry.run(
                "delete " + actual.key(),
                Retry.DEPENDENT,
                () -> AwsCall.ignoreNotFound(() -> ec2.deleteSubnet(r -> r.subnetId(actual.id()))));
    }
}
