package dev.scaleout.infra.operate.rollout;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * A launch template version's data as a request for a new version with another image: every
 * setting written out from the described source version. AWS would also copy them through
 * SourceVersion (which the request names too, so settings this copy does not know still come
 * along on AWS), but moto ignores SourceVersion, and an explicit copy shows what is kept.
 */
final class LaunchTemplateCopy {

    /** What a launch template's data may tag; moto also lists the template's own tags here. */
    private static final Set<String> TAGGABLE_AT_LAUNCH =
            Set.of("instance", "volume", "network-interface", "spot-instances-request");

    private LaunchTemplateCopy() {}

    static RequestLaunchTemplateData withImage(ResponseLaunchTemplateData d, String amiId) {
        RequestLaunchTemplateData.Builder r = RequestLaunchTemplateData.builder()
                .imageId(amiId)
                .instanceType(d.instanceTypeAsString())
                .keyName(d.keyName())
                .userData(d.userData())
                .ebsOptimized(d.ebsOptimized())
                .disableApiTermination(d.disableApiTermination())
                .instanceInitiatedShutdownBehavior(d.instanceInitiatedShutdownBehaviorAsString());
        if (!d.securityGroupIds().isEmpty()) {
            r.securityGroupIds(d.securityGroupIds());
        }
        if (!d.securityGroups().isEmpty()) {
            r.securityGroups(d.securityGroups());
        }
        if (d.iamInstanceProfile() != null) {
            // the ARN if the source has one, else the name: the two together are refused
            var profile = d.iamInstanceProfile();
            r.iamInstanceProfile(p -> p.arn(profile.arn()).name(profile.arn() == null ? profile.name() : null));
        }
        if (d.metadataOptions() != null) {
            var m = d.metadataOptions();
            r.metadataOptions(o -> o.httpTokens(m.httpTokensAsString())
                    .httpPutResponseHopLimit(m.httpPutResponseHopLimit())
                    .httpEndpoint(m.httpEndpointAsString())
                    .httpProtocolIpv6(m.httpProtocolIpv6AsString())
                    .instanceMetadataTags(m.instanceMetadataTagsAsString()));
        }
        if (d.monitoring() != null) {
            r.monitoring(m -> m.enabled(d.monitoring().enabled()));
        }
        if (d.creditSpecification() != null) {
            r.creditSpecification(c -> c.cpuCredits(d.creditSpecification().cpuCredits()));
        }
        if (!d.blockDeviceMappings().isEmpty()) {
            r.blockDeviceMappings(d.blockDeviceMappings().stream()
                    .map(LaunchTemplateCopy::device)
                    .toList());
        }
        List<LaunchTemplateTagSpecificationRequest> tags = d.tagSpecifications().stream()
                .filter(t -> TAGGABLE_AT_LAUNCH.contains(t.resourceTypeAsString()))
                .map(t -> LaunchTemplateTagSpecificationRequest.builder()
                        .resourceType(t.resourceTypeAsString())
                        .tags(t.tags())
                        .build())
                .toList();
        if (!tags.isEmpty()) {
            r.tagSpecifications(tags);
        }
        return r.build();
    }

    private static LaunchTemplateBlockDeviceMappingRequest device(LaunchTemplateBlockDeviceMapping b) {
        LaunchTemplateBlockDeviceMappingRequest.Builder r = LaunchTemplateBlockDeviceMappingRequest.builder()
                .deviceName(b.deviceName())
                .virtualName(b.virtualName())
                .noDevice(b.noDevice());
        if (b.ebs() != null) {
            var e = b.ebs();
            // No snapshot id: the root volume's snapshot is the new image's own.
            r.ebs(x -> x.volumeType(e.volumeTypeAsString())
                    .volumeSize(e.volumeSize())
                    .encrypted(e.encrypted())
                    .kmsKeyId(e.kmsKeyId())
                    .iops(e.iops())
                    .throughput(e.throughput())
                    .deleteOnTermination(e.deleteOnTermination()));
        }
        return r.build();
    }
}
