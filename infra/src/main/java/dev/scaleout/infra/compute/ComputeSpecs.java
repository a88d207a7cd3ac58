package dev.scaleout.infra.compute;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.security.SecuritySpecs;
import dev.scaleout.infra.database.DatabaseSpecs;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The launch template (golden AMI, IMDSv2 only, encrypted gp3 root, user data with the
 * database's endpoint and secret ARN) and the Auto Scaling group across the private app
 * subnets, behind the ALB's target group, scaling on average CPU.
 */
public final class ComputeSpecs {

    public static final String LAUNCH_TEMPLATE = "launch-template";
    public static final String AUTO_SCALING_GROUP = "auto-scaling-group";
    public static final String NONE = "none";
    public static final String IMAGE = "image";
    /**
     * The group names the launch template's default version by its number, not as
     * {@code $Default}: instance refresh rolls back only to a numbered version, and a group on
     * a number launches exactly that image even if someone moves the default by hand.
     */
    public static final String DEFAULT_VERSION_PINNED = "default, by number";

    private ComputeSpecs() {
    }

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
        return specs.stream().map(s -> {
            if (!s.type().equals(LAUNCH_TEMPLATE)) {
                return s;
            }
            Map<String, String> settings = new LinkedHashMap<>(s.settings());
            settings.put(IMAGE, amiId);
            return new Spec(s.type(), s.name(), new java.util.TreeMap<>(settings), s.replaceOn());
        }).toList();
    }

    public static List<Spec> specs(StackConfig config) {
        String prefix = config.prefix();
        StackConfig.Instances in = config.instances();
        Map<String, String> lt = new LinkedHashMap<>();
        lt.put(IMAGE, image(in));
        lt.put("instanceType", in.instanceType());
        lt.put("securityGroups", Spec.ref("security-group", SecuritySpecs.appGroup(config)));
        lt.put("instanceProfile", Spec.ref(IamSpecs.TYPE, IamSpecs.roleName(config)));
        lt.put("httpTokens", "required");
        lt.put("httpPutResponseHopLimit", "1");
        lt.put("httpEndpoint", "enabled");
        lt.put("monitoring", "true");
        lt.put("rootDevice", "/dev/xvda");
        lt.put("rootVolumeType", "gp3");
        lt.put("rootVolumeGb", String.valueOf(in.rootVolumeGb()));
        lt.put("rootVolumeEncrypted", "true");
        lt.put("tagSpecifications", "instance,volume");
        lt.put("instanceName", prefix + "-asg-ec2-instance"); // not the group's own name, which is also its id
        lt.put("database", Spec.ref(DatabaseSpecs.INSTANCE, DatabaseSpecs.instanceName(config)));
        lt.put("dbConnection", LaunchTemplateType.CURRENT);
        lt.put("dbName", config.database().databaseName());
        lt.put("dbUser", config.database().masterUsername());
        lt.put("httpPort", "80");
        // The app's drain should match the target group's deregistration delay.
        lt.put("drainSeconds", String.valueOf(config.loadBalancer().deregistrationDelaySeconds()));
        lt.put("stressTokenParameter", in.stressTokenParameter() == null || in.stressTokenParameter().isBlank()
                ? NONE : in.stressTokenParameter());
        lt.put("userDataFormat", UserData.FORMAT);

        StackConfig.AutoScaling as = config.autoScaling();
        Map<String, String> asg = new LinkedHashMap<>();
        asg.put("launchTemplate", Spec.ref(LAUNCH_TEMPLATE, launchTemplateName(config)));
        asg.put("launchTemplateVersion", DEFAULT_VERSION_PINNED);
        asg.put("subnets", NetworkSpecs.subnetRefs(config, NetworkSpecs.Tier.APP));
        asg.put("targetGroups", String.join(",", LoadBalancerSpecs.asgTargetGroups(config)));
        asg.put("healthCheckType", "ELB");
        asg.put("healthCheckGracePeriodSeconds", String.valueOf(as.healthCheckGracePeriodSeconds()));
        asg.put("minSize", String.valueOf(as.min()));
        asg.put("maxSize", String.valueOf(as.max()));
        asg.put("desiredOnCreate", String.valueOf(as.desired()));
        asg.put("cpuTargetPercent", percent(as.targetCpuPercent()));
        asg.put("cpuMetric", as.cpuMetric());
        asg.put("instanceWarmupSeconds", String.valueOf(as.instanceWarmupSeconds()));
        asg.put("metricsCollection", AutoScalingGroupType.GRANULARITY);
        asg.put("launchingHook", as.launchingLifecycleHook() ? groupName(config) + "-launching" : NONE);
        return List.of(
                Spec.of(LAUNCH_TEMPLATE, launchTemplateName(config), lt, "name"),
                Spec.of(AUTO_SCALING_GROUP, groupName(config), asg, "name"));
    }

    /** 70 → "70.0", 62.5 → "62.5": the same text whether from the config or from AWS. */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
