package dev.scaleout.infra.compute;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.DatabaseSpecs;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launch template (golden AMI, IMDSv2 only, encrypted gp3 root, user data with the
 * database's endpoint and secret ARN) and the Auto Scaling group across the private app
 * subnets, behind the ALB's target group, scaling on average CPU.
 */
public final class ComputeSpecs {

    public static final String NONE = "none";
    /**
     * The group names the launch template's default version by its number, not as
     * {@code $Default}: instance refresh rolls back only to a numbered version, and a group on
     * a number launches exactly that image even if someone moves the default by hand.
     */
    public static final String DEFAULT_VERSION_PINNED = "default, by number";

    private ComputeSpecs() {}

    public static String launchTemplateName(StackConfig config) {
        return config.prefix() + "-asg-lt";
    }

    public static String groupName(StackConfig config) {
        return config.prefix() + "-asg-ec2";
    }

    /**
     * The image as the config names it: an explicit AMI id, else a placeholder for the value
     * of ami-builder's parameter, which {@link DesiredImage} reads at plan and apply time and
     * {@link #withImage} puts in. Never {@code resolve:ssm:}: EC2 would resolve it at every
     * launch, so a new bake would reach scale-outs before anyone rolled it out.
     */
    static String image(StackConfig.Instances instances) {
        if (instances.amiId() != null && !instances.amiId().isBlank()) {
            return instances.amiId();
        }
        return "(the AMI in " + instances.amiParameter() + ")";
    }

    /** The specs with the launch template's image set to the AMI the config resolves to now. */
    public static List<Spec> withImage(List<Spec> specs, String amiId) {
        return specs.stream()
                .map(s -> s.type().equals(LaunchTemplateType.TYPE) ? s.with(LaunchTemplateType.IMAGE, amiId) : s)
                .toList();
    }

    public static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(launchTemplate(config));
        specs.addAll(group(config));
        return specs;
    }

    public static List<Spec> launchTemplate(StackConfig config) {
        StackConfig.Instances in = config.instances();
        return List.of(LaunchTemplateType.SCHEMA
                .spec(launchTemplateName(config))
                .set(LaunchTemplateType.IMAGE, image(in))
                .set(LaunchTemplateType.INSTANCE_TYPE, in.instanceType())
                .set(LaunchTemplateType.SECURITY_GROUPS, SecurityGroupType.SCHEMA.ref(SecuritySpecs.appGroup(config)))
                .set(LaunchTemplateType.INSTANCE_PROFILE, InstanceRoleType.SCHEMA.ref(IamSpecs.roleName(config)))
                .set(LaunchTemplateType.HTTP_TOKENS, "required")
                .set(LaunchTemplateType.HTTP_PUT_RESPONSE_HOP_LIMIT, "1")
                .set(LaunchTemplateType.HTTP_ENDPOINT, "enabled")
                .set(LaunchTemplateType.MONITORING, "true")
                .set(LaunchTemplateType.ROOT_DEVICE, "/dev/xvda")
                .set(LaunchTemplateType.ROOT_VOLUME_TYPE, "gp3")
                .set(LaunchTemplateType.ROOT_VOLUME_GB, String.valueOf(in.rootVolumeGb()))
                .set(LaunchTemplateType.ROOT_VOLUME_ENCRYPTED, "true")
                .set(LaunchTemplateType.TAG_SPECIFICATIONS, "instance,volume")
                // not the group's own name, which is also its id
                .set(LaunchTemplateType.INSTANCE_NAME, config.prefix() + "-asg-ec2-instance")
                .set(LaunchTemplateType.DATABASE, DbInstanceType.SCHEMA.ref(DatabaseSpecs.instanceName(config)))
                .set(LaunchTemplateType.DB_CONNECTION, LaunchTemplateType.CURRENT)
                .set(LaunchTemplateType.DB_NAME, config.database().databaseName())
                .set(LaunchTemplateType.DB_USER, config.database().masterUsername())
                .set(LaunchTemplateType.HTTP_PORT, "80")
                // The app's drain should match the target group's deregistration delay.
                .set(
                        LaunchTemplateType.DRAIN_SECONDS,
                        String.valueOf(config.loadBalancer().deregistrationDelaySeconds()))
                .set(
                        LaunchTemplateType.STRESS_TOKEN_PARAMETER,
                        in.stressTokenParameter() == null
                                        || in.stressTokenParameter().isBlank()
                                ? NONE
                                : in.stressTokenParameter())
                .set(LaunchTemplateType.USER_DATA_FORMAT, UserData.FORMAT)
                .build());
    }

    public static List<Spec> group(StackConfig config) {
        StackConfig.AutoScaling as = config.autoScaling();
        return List.of(AutoScalingGroupType.SCHEMA
                .spec(groupName(config))
                .set(AutoScalingGroupType.LAUNCH_TEMPLATE, LaunchTemplateType.SCHEMA.ref(launchTemplateName(config)))
                .set(AutoScalingGroupType.LAUNCH_TEMPLATE_VERSION, DEFAULT_VERSION_PINNED)
                .set(AutoScalingGroupType.SUBNETS, NetworkSpecs.subnetRefs(config, NetworkSpecs.Tier.APP))
                .set(AutoScalingGroupType.TARGET_GROUPS, String.join(",", LoadBalancerSpecs.asgTargetGroups(config)))
                .set(AutoScalingGroupType.HEALTH_CHECK_TYPE, "ELB")
                .set(
                        AutoScalingGroupType.HEALTH_CHECK_GRACE_PERIOD_SECONDS,
                        String.valueOf(as.healthCheckGracePeriodSeconds()))
                .set(AutoScalingGroupType.MIN_SIZE, String.valueOf(as.min()))
                .set(AutoScalingGroupType.MAX_SIZE, String.valueOf(as.max()))
                .set(AutoScalingGroupType.DESIRED_ON_CREATE, String.valueOf(as.desired()))
                .set(AutoScalingGroupType.CPU_TARGET_PERCENT, percent(as.targetCpuPercent()))
                .set(AutoScalingGroupType.CPU_METRIC, as.cpuMetric())
                .set(AutoScalingGroupType.INSTANCE_WARMUP_SECONDS, String.valueOf(as.instanceWarmupSeconds()))
                .set(AutoScalingGroupType.METRICS_COLLECTION, AutoScalingGroupType.GRANULARITY)
                .set(
                        AutoScalingGroupType.LAUNCHING_HOOK,
                        as.launchingLifecycleHook() ? groupName(config) + "-launching" : NONE)
                .set(AutoScalingGroupType.INSTANCE_TYPES, as.mixed() ? String.join(",", as.instanceTypes()) : NONE)
                .set(
                        AutoScalingGroupType.ON_DEMAND_BASE_CAPACITY,
                        as.mixed() ? String.valueOf(as.onDemandBaseCapacity()) : NONE)
                .set(
                        AutoScalingGroupType.ON_DEMAND_PERCENTAGE_ABOVE_BASE,
                        as.mixed() ? String.valueOf(as.onDemandPercentageAboveBase()) : NONE)
                .set(AutoScalingGroupType.SPOT_ALLOCATION_STRATEGY, as.mixed() ? GroupTemplate.SPOT_ALLOCATION : NONE)
                .build());
    }

    /** 70 → "70.0", 62.5 → "62.5": the same text whether from the config or from AWS. */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
