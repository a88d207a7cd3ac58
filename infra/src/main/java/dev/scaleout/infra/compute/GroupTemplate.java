package dev.scaleout.infra.compute;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DesiredConfiguration;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

/**
 * The launch template a group launches from, in either of the two shapes AWS has for it:
 * named alone ({@code LaunchTemplate}), or inside a mixed instances policy
 * ({@code MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification}, with the instance
 * types as overrides). Apply, rollout and status read and move the version through here, so
 * both shapes keep working and a version change never drops the policy.
 */
public final class GroupTemplate {

    /** Spot capacity from the pools least likely to be interrupted, at the lowest price among them (AWS's advice). */
    public static final String SPOT_ALLOCATION = "price-capacity-optimized";
    /** On-demand capacity in the order of the list: the first type first. */
    static final String ON_DEMAND_ALLOCATION = "prioritized";

    private GroupTemplate() {}

    /**
     * The group's template and version. AWS answers one shape or the other; moto keeps the plain
     * one after a switch to a policy, so the policy is asked first.
     */
    public static Optional<LaunchTemplateSpecification> of(AutoScalingGroup g) {
        if (mixed(g)) {
            return Optional.ofNullable(g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification());
        }
        return Optional.ofNullable(g.launchTemplate());
    }

    public static boolean mixed(AutoScalingGroup g) {
        return g.mixedInstancesPolicy() != null
                && g.mixedInstancesPolicy().launchTemplate() != null
                && g.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification() != null;
    }

    /** The version the group names ("3", "$Default"), or null without a template. */
    public static String version(AutoScalingGroup g) {
        return of(g).map(LaunchTemplateSpecification::version).orElse(null);
    }

    /** The template's id, or null without one. */
    public static String templateId(AutoScalingGroup g) {
        return of(g).map(LaunchTemplateSpecification::launchTemplateId).orElse(null);
    }

    /** The policy for these types and on-demand numbers, on {@code version} of the template, Spot {@link #SPOT_ALLOCATION}. */
    public static MixedInstancesPolicy policy(
            String templateId, String version, List<String> types, int onDemandBase, int onDemandPercentAboveBase) {
        return policy(templateId, version, types, onDemandBase, onDemandPercentAboveBase, SPOT_ALLOCATION);
    }

    static MixedInstancesPolicy policy(
            String templateId,
            String version,
            List<String> types,
            int onDemandBase,
            int onDemandPercentAboveBase,
            String spotAllocation) {
        return MixedInstancesPolicy.builder()
                .launchTemplate(LaunchTemplate.builder()
                        .launchTemplateSpecification(spec(templateId, version))
                        .overrides(types.stream()
                                .map(t -> LaunchTemplateOverrides.builder()
                                        .instanceType(t)
                                        .build())
                                .toList())
                        .build())
                .instancesDistribution(InstancesDistribution.builder()
                        .onDemandAllocationStrategy(ON_DEMAND_ALLOCATION)
                        .onDemandBaseCapacity(onDemandBase)
                        .onDemandPercentageAboveBaseCapacity(onDemandPercentAboveBase)
                        .spotAllocationStrategy(spotAllocation)
                        .build())
                .build();
    }

    /**
     * The group's own policy on another version, every other part as the group has it: AWS
     * replaces the whole policy (UpdateAutoScalingGroup, an instance refresh's desired
     * configuration), so a part left out would fall back to its default. The template goes by
     * id alone (AWS refuses a specification with both id and name, as DescribeAutoScalingGroups
     * shows it); the spot pool count only with the strategy that takes it.
     */
    public static MixedInstancesPolicy onVersion(MixedInstancesPolicy policy, String version) {
        LaunchTemplateSpecification now = policy.launchTemplate().launchTemplateSpecification();
        LaunchTemplate.Builder template = policy.launchTemplate().toBuilder()
                .launchTemplateSpecification(
                        now.launchTemplateId() != null
                                ? spec(now.launchTemplateId(), version)
                                : LaunchTemplateSpecification.builder()
                                        .launchTemplateName(now.launchTemplateName())
                                        .version(version)
                                        .build());
        MixedInstancesPolicy.Builder copy = policy.toBuilder().launchTemplate(template.build());
        InstancesDistribution d = policy.instancesDistribution();
        if (d != null && !"lowest-price".equals(d.spotAllocationStrategy())) {
            copy.instancesDistribution(
                    d.toBuilder().spotInstancePools((Integer) null).build());
        }
        return copy.build();
    }

    /**
     * The update that points the group at another version of its template, in the shape it has:
     * inside its mixed instances policy (every other part kept), or the template alone.
     */
    public static UpdateAutoScalingGroupRequest.Builder onVersion(
            UpdateAutoScalingGroupRequest.Builder update, AutoScalingGroup g, String version) {
        return mixed(g)
                ? update.mixedInstancesPolicy(onVersion(g.mixedInstancesPolicy(), version))
                : update.launchTemplate(lt -> lt.launchTemplateId(templateId(g)).version(version));
    }

    /**
     * What an instance refresh towards {@code version} should end with: the group's policy on
     * that version when it has one (a plain template would replace the policy on success),
     * else the template by name.
     */
    public static DesiredConfiguration desired(AutoScalingGroup g, String launchTemplateName, String version) {
        if (mixed(g)) {
            return DesiredConfiguration.builder()
                    .mixedInstancesPolicy(onVersion(g.mixedInstancesPolicy(), version))
                    .build();
        }
        return DesiredConfiguration.builder()
                .launchTemplate(lt -> lt.launchTemplateName(launchTemplateName).version(version))
                .build();
    }

    /** The version a refresh's desired configuration names, in either shape; null if none. */
    public static String version(DesiredConfiguration d) {
        if (d == null) {
            return null;
        }
        if (d.mixedInstancesPolicy() != null
                && d.mixedInstancesPolicy().launchTemplate() != null
                && d.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification() != null) {
            return d.mixedInstancesPolicy()
                    .launchTemplate()
                    .launchTemplateSpecification()
                    .version();
        }
        return d.launchTemplate() == null ? null : d.launchTemplate().version();
    }

    private static LaunchTemplateSpecification spec(String templateId, String version) {
        return LaunchTemplateSpecification.builder()
                .launchTemplateId(templateId)
                .version(version)
                .build();
    }
}
