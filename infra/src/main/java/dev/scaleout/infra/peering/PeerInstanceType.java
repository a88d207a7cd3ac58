package dev.scaleout.infra.peering;

import dev.scaleout.infra.compute.InstanceTermination;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * "peer-instance": the course's {@code my-tokyo-private-ec2}, the other end of the ping in
 * the peer region. No key pair and no instance profile (nobody logs in; the ping comes from
 * the stack's side, so it needs no SSM agent reaching out from a VPC without NAT), IMDSv2
 * only, an encrypted root volume. Settings: {@code subnet}, {@code instanceType},
 * {@code imageParameter} (the public SSM parameter of its AMI, in its region; kept in a tag)
 * replace; {@code securityGroups} change in place.
 */
public final class PeerInstanceType implements ManagedType {

    public static final String TYPE = "peer-instance";
    public static final Setting SUBNET =
            Setting.reference("subnet", PeerTypes.SUBNET_TYPE).replaces();
    public static final Setting INSTANCE_TYPE = Setting.scalar("instanceType").replaces();
    public static final Setting IMAGE_PARAMETER =
            Setting.scalar("imageParameter").replaces();
    public static final Setting SECURITY_GROUPS = Setting.references("securityGroups", PeerTypes.SECURITY_GROUP_TYPE);
    public static final Schema SCHEMA = Schema.of(TYPE, SUBNET, INSTANCE_TYPE, IMAGE_PARAMETER, SECURITY_GROUPS);

    private static final String IMAGE_TAG = "ImageParameter";

    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final Region region;
    private final Poll poll;

    /** {@code ec2} and {@code ssm} of the peer region. */
    public PeerInstanceType(Ec2Client ec2, SsmClient ssm, Region region, Poll poll) {
        this.ec2 = ec2;
        this.ssm = ssm;
        this.region = region;
        this.poll = poll;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public String region() {
        return region.id();
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<Filter> filters = new ArrayList<>(Ec2Tags.stackFilters(scope));
        filters.add(Filter.builder()
                .name("instance-state-name")
                .values("pending", "running", "stopping", "stopped")
                .build());
        List<Actual> out = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.filters(filters))
                .reservations()
                .forEach(res -> res.instances()
                        .forEach(i -> out.add(Actual.of(
                                type(),
                                Ec2Tags.name(i.tags()),
                                i.instanceId(),
                                Map.of(
                                        SUBNET.key(), Objects.toString(i.subnetId(), ""),
                                        INSTANCE_TYPE.key(), i.instanceTypeAsString(),
                                        IMAGE_PARAMETER.key(),
                                                Ec2Tags.tag(i.tags(), IMAGE_TAG).orElse(""),
                                        SECURITY_GROUPS.key(),
                                                String.join(
                                                        ",",
                                                        new TreeSet<>(i.securityGroups().stream()
                                                                .map(GroupIdentifier::groupId)
                                                                .toList()))),
                                i.state().nameAsString()))));
        return out;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String image = ssm.getParameter(r -> r.name(spec.setting(IMAGE_PARAMETER)))
                .parameter()
                .value();
        List<Tag> tags = new ArrayList<>(Ec2Tags.tags(scope, spec.name()));
        tags.add(Tag.builder()
                .key(IMAGE_TAG)
                .value(spec.setting(IMAGE_PARAMETER))
                .build());
        return ec2.runInstances(r -> r.imageId(image)
                        .instanceType(spec.setting(INSTANCE_TYPE))
                        .minCount(1)
                        .maxCount(1)
                        .subnetId(refs.resolve(spec.setting(SUBNET)))
                        .securityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                        .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(1))
                        .blockDeviceMappings(b -> b.deviceName("/dev/xvda")
                                // 8 GiB: the AL2023 image's own snapshot size (AWS takes it when left out; moto does
                                // not).
                                .ebs(e -> e.encrypted(true)
                                        .volumeType("gp3")
                                        .volumeSize(8)
                                        .deleteOnTermination(true)))
                        .tagSpecifications(
                                TagSpecification.builder()
                                        .resourceType(ResourceType.INSTANCE)
                                        .tags(tags)
                                        .build(),
                                Ec2Tags.spec(ResourceType.VOLUME, scope, spec.name())))
                .instances()
                .get(0)
                .instanceId();
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        ec2.modifyInstanceAttribute(
                r -> r.instanceId(actual.id()).groups(refs.resolveAll(spec.setting(SECURITY_GROUPS))));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        AwsCall.ignoreNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(actual.id())));
    }

    /** Its security group and subnet cannot go while it still holds an ENI there. */
    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        InstanceTermination.await(
                ec2, poll, "termination of " + actual.name() + " (" + actual.id() + ")", actual.id(), progress);
    }
}
