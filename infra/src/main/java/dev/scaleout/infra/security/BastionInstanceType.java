package dev.scaleout.infra.security;

import dev.scaleout.infra.compute.InstanceTermination;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.infra.network.ElasticIpType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * "instance": an EC2 instance outside the Auto Scaling group, the optional bastion and the
 * optional my-private-ec2 (one type, as discovery finds every such instance of the stack; the
 * private one has no Elastic IP: {@code eip} empty).
 * Settings: {@code subnet}, {@code instanceType}, {@code imageParameter} (the SSM parameter
 * its AMI came from, kept in a tag because the instance only knows the AMI id),
 * {@code profile} (all replace), {@code securityGroups} and {@code eip} (the Elastic IP
 * associated with it), changed in place.
 */
public final class BastionInstanceType implements ManagedType {

    public static final String TYPE = "instance";
    public static final Setting SUBNET =
            Setting.reference("subnet", SubnetType.TYPE).replaces();
    public static final Setting INSTANCE_TYPE = Setting.scalar("instanceType").replaces();
    public static final Setting IMAGE_PARAMETER =
            Setting.scalar("imageParameter").replaces();
    public static final Setting PROFILE =
            Setting.reference("profile", InstanceRoleType.TYPE).replaces();
    public static final Setting SECURITY_GROUPS = Setting.references("securityGroups", SecurityGroupType.TYPE);
    public static final Setting EIP = Setting.reference("eip", ElasticIpType.TYPE);
    public static final Schema SCHEMA =
            Schema.of(TYPE, SUBNET, INSTANCE_TYPE, IMAGE_PARAMETER, PROFILE, SECURITY_GROUPS, EIP);

    private static final String IMAGE_TAG = "ImageParameter";

    private final Ec2Client ec2;
    private final SsmClient ssm;
    private final Poll poll;
    private final Progress progress;
    private final Retry retry;

    public BastionInstanceType(Ec2Client ec2, SsmClient ssm, Poll poll, Progress progress, Retry retry) {
        this.ec2 = ec2;
        this.ssm = ssm;
        this.poll = poll;
        this.progress = progress;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<Instance> instances = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.filters(withLiveStates(scope)))
                .reservations()
                .forEach(res -> res.instances().stream()
                        // ASG instances carry the stack's tags too (propagated); they are the group's, not ours.
                        .filter(i -> Ec2Tags.tag(i.tags(), "aws:autoscaling:groupName")
                                .isEmpty())
                        .forEach(instances::add));
        if (instances.isEmpty()) {
            return List.of();
        }
        Map<String, String> eipByInstance = new TreeMap<>();
        for (Address a : ec2.describeAddresses(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .addresses()) {
            if (a.instanceId() != null) {
                eipByInstance.put(a.instanceId(), a.allocationId());
            }
        }
        return instances.stream()
                .map(i -> {
                    TreeSet<String> groups = new TreeSet<>(i.securityGroups().stream()
                            .map(GroupIdentifier::groupId)
                            .toList());
                    String profileArn = i.iamInstanceProfile() == null
                            ? ""
                            : i.iamInstanceProfile().arn();
                    return Actual.of(
                            type(),
                            Ec2Tags.name(i.tags()),
                            i.instanceId(),
                            Map.of(
                                    SUBNET.key(), Objects.toString(i.subnetId(), ""),
                                    INSTANCE_TYPE.key(), i.instanceTypeAsString(),
                                    IMAGE_PARAMETER.key(),
                                            Ec2Tags.tag(i.tags(), IMAGE_TAG).orElse(""),
                                    PROFILE.key(), profileArn.substring(profileArn.lastIndexOf('/') + 1),
                                    SECURITY_GROUPS.key(), String.join(",", groups),
                                    EIP.key(), eipByInstance.getOrDefault(i.instanceId(), "")),
                            i.state().nameAsString());
                })
                .toList();
    }

    private static List<Filter> withLiveStates(StackScope scope) {
        List<Filter> filters = new ArrayList<>(Ec2Tags.stackFilters(scope));
        filters.add(Filter.builder()
                .name("instance-state-name")
                .values("pending", "running", "stopping", "stopped")
                .build());
        return filters;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String image = ssm.getParameter(r -> r.name(spec.setting(IMAGE_PARAMETER)))
                .parameter()
                .value();
        var tags = new ArrayList<>(Ec2Tags.tags(scope, spec.name()));
        tags.add(software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(IMAGE_TAG)
                .value(spec.setting(IMAGE_PARAMETER))
                .build());
        // A new instance profile is refused as invalid for a few seconds; a refused launch made nothing.
        String id = retry.call(
                "RunInstances " + spec.name(),
                Retry.PROFILE_NOT_VISIBLE_YET.or(Retry.NOT_VISIBLE_YET),
                () -> ec2.runInstances(r -> r.imageId(image)
                                .instanceType(spec.setting(INSTANCE_TYPE))
                                .minCount(1)
                                .maxCount(1)
                                .subnetId(refs.resolve(spec.setting(SUBNET)))
                                .securityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                                .iamInstanceProfile(p -> p.name(refs.resolve(spec.setting(PROFILE))))
                                .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(1))
                                // encrypted at rest like every volume of the stack; 8 GiB, the AL2023 image's own
                                // snapshot size (AWS takes it when left out; moto does not)
                                .blockDeviceMappings(b -> b.deviceName("/dev/xvda")
                                        .ebs(e -> e.encrypted(true)
                                                .volumeType("gp3")
                                                .volumeSize(8)
                                                .deleteOnTermination(true)))
                                .tagSpecifications(
                                        software.amazon.awssdk.services.ec2.model.TagSpecification.builder()
                                                .resourceType(ResourceType.INSTANCE)
                                                .tags(tags)
                                                .build(),
                                        Ec2Tags.spec(ResourceType.VOLUME, scope, spec.name())))
                        .instances()
                        .get(0)
                        .instanceId());
        associate(id, spec, refs);
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        if (!Objects.equals(spec.setting(SECURITY_GROUPS), actual.settings().get(SECURITY_GROUPS.key()))) {
            ec2.modifyInstanceAttribute(
                    r -> r.instanceId(actual.id()).groups(refs.resolveAll(spec.setting(SECURITY_GROUPS))));
        }
        if (!Objects.equals(spec.setting(EIP), actual.settings().get(EIP.key()))) {
            associate(actual.id(), spec, refs);
        }
    }

    /** An Elastic IP can be associated only with a running instance: wait for it first. */
    private void associate(String instanceId, Spec spec, Refs refs) {
        String eip = spec.setting(EIP);
        if (eip.isBlank()) {
            return;
        }
        poll.until(
                "bastion " + spec.name(),
                Duration.ofMinutes(10),
                () -> state(instanceId),
                s -> s,
                s -> !"pending".equals(s) && !NOT_VISIBLE.equals(s),
                progress);
        retry.run(
                "AssociateAddress " + instanceId,
                Retry.NOT_VISIBLE_YET,
                () -> ec2.associateAddress(r -> r.instanceId(instanceId).allocationId(refs.resolve(eip))));
    }

    private static final String NOT_VISIBLE = "not visible yet";

    /** Right after RunInstances, DescribeInstances may answer InvalidInstanceID.NotFound for a while. */
    private String state(String instanceId) {
        try {
            return ec2.describeInstances(r -> r.instanceIds(instanceId))
                    .reservations()
                    .get(0)
                    .instances()
                    .get(0)
                    .state()
                    .nameAsString();
        } catch (AwsServiceException e) {
            if ("InvalidInstanceID.NotFound".equals(AwsCall.code(e))) {
                return NOT_VISIBLE;
            }
            throw e;
        }
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        AwsCall.ignoreNotFound(() -> ec2.terminateInstances(r -> r.instanceIds(actual.id())));
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        InstanceTermination.await(ec2, poll, "bastion " + actual.name() + " termination", actual.id(), progress);
    }
}
