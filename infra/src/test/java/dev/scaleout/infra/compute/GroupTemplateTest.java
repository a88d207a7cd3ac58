package dev.scaleout.infra.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DesiredConfiguration;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;

/** The two shapes of a group's launch template, as DescribeAutoScalingGroups answers them. */
class GroupTemplateTest {

    static final String TEMPLATE = "lt-0123456789abcdef0";

    /** A mixed group as AWS describes it: the specification with both id and name, spot pools filled in. */
    static AutoScalingGroup mixedGroup() {
        MixedInstancesPolicy policy = GroupTemplate.policy(TEMPLATE, "3", List.of("t3.micro", "t3a.micro"), 1, 50);
        return AutoScalingGroup.builder()
                .autoScalingGroupName("my-asg-ec2")
                .mixedInstancesPolicy(policy.toBuilder()
                        .launchTemplate(policy.launchTemplate().toBuilder()
                                .launchTemplateSpecification(LaunchTemplateSpecification.builder()
                                        .launchTemplateId(TEMPLATE)
                                        .launchTemplateName("my-asg-lt")
                                        .version("3")
                                        .build())
                                .build())
                        .instancesDistribution(policy.instancesDistribution().toBuilder()
                                .spotInstancePools(2)
                                .build())
                        .build())
                .build();
    }

    @Test
    void aPlainGroupsTemplateIsItsLaunchTemplate() {
        AutoScalingGroup plain = AutoScalingGroup.builder()
                .launchTemplate(lt -> lt.launchTemplateId(TEMPLATE).version("7"))
                .build();
        assertThat(GroupTemplate.mixed(plain)).isFalse();
        assertThat(GroupTemplate.templateId(plain)).isEqualTo(TEMPLATE);
        assertThat(GroupTemplate.version(plain)).isEqualTo("7");
        assertThat(GroupTemplate.desired(plain, "my-asg-lt", "8")
                        .launchTemplate()
                        .launchTemplateName())
                .isEqualTo("my-asg-lt");
        assertThat(GroupTemplate.version(AutoScalingGroup.builder().build())).isNull();
    }

    @Test
    void aMixedGroupsTemplateIsInsideItsPolicyEvenWhenAStaleOneIsBeside() {
        // moto keeps the plain template it had before a switch to a policy; AWS drops it
        AutoScalingGroup g = mixedGroup().toBuilder()
                .launchTemplate(lt -> lt.launchTemplateId("lt-old").version("1"))
                .build();
        assertThat(GroupTemplate.mixed(g)).isTrue();
        assertThat(GroupTemplate.templateId(g)).isEqualTo(TEMPLATE);
        assertThat(GroupTemplate.version(g)).isEqualTo("3");
    }

    @Test
    void anotherVersionKeepsThePolicyAndNamesTheTemplateByIdAlone() {
        MixedInstancesPolicy moved = GroupTemplate.onVersion(mixedGroup().mixedInstancesPolicy(), "4");

        LaunchTemplateSpecification spec = moved.launchTemplate().launchTemplateSpecification();
        assertThat(spec.launchTemplateId()).isEqualTo(TEMPLATE);
        assertThat(spec.launchTemplateName()).as("AWS refuses both id and name").isNull();
        assertThat(spec.version()).isEqualTo("4");
        assertThat(moved.launchTemplate().overrides())
                .extracting(o -> o.instanceType())
                .containsExactly("t3.micro", "t3a.micro");
        assertThat(moved.instancesDistribution().onDemandBaseCapacity()).isEqualTo(1);
        assertThat(moved.instancesDistribution().onDemandPercentageAboveBaseCapacity())
                .isEqualTo(50);
        assertThat(moved.instancesDistribution().spotAllocationStrategy()).isEqualTo("price-capacity-optimized");
        assertThat(moved.instancesDistribution().spotInstancePools())
                .as("taken only with lowest-price")
                .isNull();
    }

    @Test
    void aRefreshOfAMixedGroupCarriesItsPolicyOnTheNewVersion() {
        DesiredConfiguration d = GroupTemplate.desired(mixedGroup(), "my-asg-lt", "4");
        assertThat(d.launchTemplate()).isNull();
        assertThat(d.mixedInstancesPolicy().launchTemplate().overrides()).hasSize(2);
        assertThat(GroupTemplate.version(d)).isEqualTo("4");
        assertThat(GroupTemplate.version(DesiredConfiguration.builder()
                        .launchTemplate(lt -> lt.launchTemplateName("my-asg-lt").version("5"))
                        .build()))
                .isEqualTo("5");
        assertThat(GroupTemplate.version((DesiredConfiguration) null)).isNull();
    }
}
