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
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** The internet gateway: setting {@code vpc}, the VPC it is attached to ("" when detached). */
public final class InternetGatewayType implements ManagedType {

    public static final String TYPE = "internet-gateway";
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE);
    public static final Schema SCHEMA = Schema.of(TYPE, VPC);

    private final Ec2Client ec2;
    private final Retry retry;

    public InternetGatewayType(Ec2Client ec2, Retry retry) {
        this.ec2 = ec2;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return ec2
                .describeInternetGatewaysPaginator(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .internetGateways()
                .stream()
                .map(igw -> Actual.of(
                        type(),
                        Ec2Tags.name(igw.tags()),
                        igw.internetGatewayId(),
                        Map.of(VPC.key(), attachedVpc(igw)),
                        null))
                .toList();
    }

    private static String attachedVpc(InternetGateway igw) {
        return igw.attachments().stream()
                .filter(a -> !a.stateAsString().startsWith("detach"))
                .map(InternetGatewayAttachment::vpcId)
                .findFirst()
                .orElse("");
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String id = ec2.createInternetGateway(
                        r -> r.tagSpecifications(Ec2Tags.spec(ResourceType.INTERNET_GATEWAY, scope, spec.name())))
                .internetGateway()
                .internetGatewayId();
        attach(id, refs.resolve(spec.setting(VPC)));
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        String attached = actual.settings().getOrDefault(VPC.key(), "");
        if (!attached.isEmpty()) {
            String old = refs.resolve(attached);
            ec2.detachInternetGateway(r -> r.internetGatewayId(actual.id()).vpcId(old));
        }
        attach(actual.id(), refs.resolve(spec.setting(VPC)));
    }

    /** Right after the creates, EC2 may not see the gateway or the VPC yet (Invalid...ID.NotFound). */
    private void attach(String id, String vpc) {
        retry.run(
                "AttachInternetGateway " + id + " to " + vpc,
                Retry.NOT_VISIBLE_YET,
                () -> ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpc)));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        String vpc = actual.settings().getOrDefault(VPC.key(), "");
        if (!vpc.isEmpty()) {
            // Refused while an address in the VPC is still mapped (a NAT's EIP, an instance): wait it out.
            retry.run(
                    "detach " + actual.key(),
                    Retry.DEPENDENT,
                    () -> AwsCall.ignoreNotFound(() -> ec2.detachInternetGateway(
                            r -> r.internetGatewayId(actual.id()).vpcId(vpc))));
        }
        AwsCall.ignoreNotFound(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(actual.id())));
    }
}
