package dev.scaleout.infra.compute;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.loadbalancer.TargetGroupType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.InstancesDistribution;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHookSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * "auto-scaling-group": the group, its target-tracking CPU policy, metrics collection and
 * the optional launching hook (the last three are settings, reconciled on update, so an
 * apply stopped after CreateAutoScalingGroup completes them). The hook is passed in
 * CreateAutoScalingGroup itself: added afterwards, the group's first instances would
 * already be launching without it. Discovery: one paginated
 * DescribeAutoScalingGroups filtered by the Stack tag, one DescribePolicies for all groups,
 * and the hooks of each group. Id: the group's name.
 *
 * <p>With {@code instanceTypes} the group launches through a mixed instances policy (the
 * template's version inside it, the types as overrides, on-demand base and share, Spot
 * price-capacity-optimized) rather than the template alone; UpdateAutoScalingGroup switches
 * between the two in place, and running instances stay until replaced.
 *
 * <p>Desired capacity is the scaling policy's to change: it is set on create only, from
 * {@code desiredOnCreate}, which is kept as a tag so it compares without ever touching the
 * group's current capacity.
 */
public final class AutoScalingGroupType implements ManagedType {

    public static final String TYPE = "auto-scaling-group";
    public static final Setting LAUNCH_TEMPLATE = Setting.reference("launchTemplate", LaunchTemplateType.TYPE);
    public static final Setting LAUNCH_TEMPLATE_VERSION = Setting.scalar("launchTemplateVersion");
    public static final Setting SUBNETS = Setting.references("subnets", SubnetType.TYPE);
    public static final Setting TARGET_GROUPS = Setting.references("targetGroups", TargetGroupType.TYPE);
    public static final Setting HEALTH_CHECK_TYPE = Setting.scalar("healthCheckType");
    public static final Setting HEALTH_CHECK_GRACE_PERIOD_SECONDS = Setting.scalar("healthCheckGracePeriodSeconds");
    public static final Setting MIN_SIZE = Setting.scalar("minSize");
    public static final Setting MAX_SIZE = Setting.scalar("maxSize");
    public static final Setting DESIRED_ON_CREATE = Setting.scalar("desiredOnCreate");
    public static final Setting CPU_TARGET_PERCENT = Setting.scalar("cpuTargetPercent");
    public static final Setting CPU_METRIC = Setting.scalar("cpuMetric");
    public static final Setting INSTANCE_WARMUP_SECONDS = Setting.scalar("instanceWarmupSeconds");
    public static final Setting METRICS_COLLECTION = Setting.scalar("metricsCollection");
    public static final Setting LAUNCHING_HOOK = Setting.scalar("launchingHook");
    /** The mixed instances policy's types in priority order; "none": the launch template alone. */
    public static final Setting INSTANCE_TYPES = Setting.list("instanceTypes");

    public static final Setting ON_DEMAND_BASE_CAPACITY = Setting.scalar("onDemandBaseCapacity");
    public static final Setting ON_DEMAND_PERCENTAGE_ABOVE_BASE = Setting.scalar("onDemandPercentageAboveBase");
    public static final Setting SPOT_ALLOCATION_STRATEGY = Setting.scalar("spotAllocationStrategy");
    /** The mixed instances policy's parts: each "none" without a policy. */
    static final List<Setting> MIXED_POLICY =
            List.of(INSTANCE_TYPES, ON_DEMAND_BASE_CAPACITY, ON_DEMAND_PERCENTAGE_ABOVE_BASE, SPOT_ALLOCATION_STRATEGY);

    public static final Schema SCHEMA = Schema.of(
            TYPE,
            Setting.NAME,
            LAUNCH_TEMPLATE,
            LAUNCH_TEMPLATE_VERSION,
            SUBNETS,
            TARGET_GROUPS,
            HEALTH_CHECK_TYPE,
            HEALTH_CHECK_GRACE_PERIOD_SECONDS,
            MIN_SIZE,
            MAX_SIZE,
            DESIRED_ON_CREATE,
            CPU_TARGET_PERCENT,
            CPU_METRIC,
            INSTANCE_WARMUP_SECONDS,
            METRICS_COLLECTION,
            LAUNCHING_HOOK,
            INSTANCE_TYPES,
            ON_DEMAND_BASE_CAPACITY,
            ON_DEMAND_PERCENTAGE_ABOVE_BASE,
            SPOT_ALLOCATION_STRATEGY);

    public static final String GRANULARITY = "1Minute";
    /** The group metrics the course's console shows, named explicitly (moto stores none for "all"). */
    static final List<String> METRICS = List.of(
            "GroupMinSize",
            "GroupMaxSize",
            "GroupDesiredCapacity",
            "GroupInServiceInstances",
            "GroupPendingInstances",
            "GroupStandbyInstances",
            "GroupTerminatingInstances",
            "GroupTotalInstances");

    static final String DESIRED_TAG = "DesiredOnCreate";
    static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
    // CONTINUE after the heartbeat: a hook nobody completes must not keep instances out.
    static final int HOOK_HEARTBEAT_SECONDS = 300;
    static final String HOOK_DEFAULT_RESULT = "CONTINUE";
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(20);

    private final AutoScalingClient autoscaling;
    private final Ec2Client ec2;
    private final Poll poll;
    private final Retry retry;

    public AutoScalingGroupType(AutoScalingClient autoscaling, Ec2Client ec2) {
        this(autoscaling, ec2, Retry.real(Progress.toConsole()));
    }

    public AutoScalingGroupType(AutoScalingClient autoscaling, Ec2Client ec2, Retry retry) {
        this(autoscaling, ec2, retry.poll(Duration.ofSeconds(5), Duration.ofSeconds(20)), retry);
    }

    public AutoScalingGroupType(AutoScalingClient autoscaling, Ec2Client ec2, Poll poll, Retry retry) {
        this.autoscaling = autoscaling;
        this.ec2 = ec2;
        this.poll = poll;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    public static String policyName(String group) {
        return group + "-cpu-target";
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return AwsCall.call(
                        "DescribeAutoScalingGroups",
                        spec.name(),
                        () -> autoscaling
                                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(spec.name()))
                                .autoScalingGroups())
                .stream()
                .findFirst()
                .map(g -> g.tags().stream()
                        .filter(t -> "Stack".equals(t.key()))
                        .map(TagDescription::value)
                        .findFirst()
                        .orElse(""));
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<AutoScalingGroup> groups = AwsCall.call(
                "DescribeAutoScalingGroups",
                "Stack=" + scope.stack(),
                () -> autoscaling
                        .describeAutoScalingGroupsPaginator(r -> r.filters(
                                Filter.builder()
                                        .name("tag:Stack")
                                        .values(scope.stack())
                                        .build(),
                                Filter.builder()
                                        .name("tag:ManagedBy")
                                        .values(StackScope.MANAGED_BY)
                                        .build()))
                        .autoScalingGroups()
                        .stream()
                        .toList());
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<String, List<ScalingPolicy>> policies = AwsCall.call(
                "DescribePolicies",
                "*",
                () -> autoscaling.describePoliciesPaginator(r -> {}).scalingPolicies().stream()
                        .collect(Collectors.groupingBy(ScalingPolicy::autoScalingGroupName)));
        List<Actual> found = new ArrayList<>();
        for (AutoScalingGroup g : groups) {
            String name = g.autoScalingGroupName();
            List<LifecycleHook> hooks = AwsCall.call(
                    "DescribeLifecycleHooks",
                    name,
                    () -> autoscaling
                            .describeLifecycleHooks(r -> r.autoScalingGroupName(name))
                            .lifecycleHooks());
            Map<String, String> tags = g.tags().stream()
                    .collect(Collectors.toMap(TagDescription::key, TagDescription::value, (a, b) -> b));
            Map<String, String> settings = settings(g, tags, policies.getOrDefault(name, List.of()), hooks);
            if (GroupTemplate.templateId(g) != null
                    && defaultVersion(GroupTemplate.templateId(g))
                            .filter(v -> v.equals(GroupTemplate.version(g)))
                            .isPresent()) {
                settings.put(LAUNCH_TEMPLATE_VERSION.key(), ComputeSpecs.DEFAULT_VERSION_PINNED);
            }
            found.add(Actual.of(
                    type(), tags.getOrDefault("Name", name), name, settings, Objects.toString(g.status(), "")));
        }
        return found;
    }

    /** The launch template's default version number, as the group would name it; empty when the template is gone. */
    private Optional<String> defaultVersion(String launchTemplateId) {
        return AwsCall.find(
                        "DescribeLaunchTemplates",
                        launchTemplateId,
                        Set.of("InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateId.Malformed"),
                        () -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds(launchTemplateId))
                                .launchTemplates())
                .flatMap(l -> l.stream().findFirst())
                .map(lt -> String.valueOf(lt.defaultVersionNumber()));
    }

    /** The spec's version: the default one's number when the spec says so (see {@link ComputeSpecs#DEFAULT_VERSION_PINNED}). */
    private String version(Spec spec, String launchTemplateId) {
        String wanted = spec.setting(LAUNCH_TEMPLATE_VERSION);
        if (!ComputeSpecs.DEFAULT_VERSION_PINNED.equals(wanted)) {
            return wanted;
        }
        return defaultVersion(launchTemplateId)
                .orElseThrow(() -> ExitException.failure(
                        "launch template " + launchTemplateId + " of " + spec.name() + " disappeared"));
    }

    static Map<String, String> settings(
            AutoScalingGroup g, Map<String, String> tags, List<ScalingPolicy> policies, List<LifecycleHook> hooks) {
        Map<String, String> s = new TreeMap<>();
        s.put(LAUNCH_TEMPLATE.key(), Objects.toString(GroupTemplate.templateId(g), ""));
        s.put(LAUNCH_TEMPLATE_VERSION.key(), Objects.toString(GroupTemplate.version(g), ""));
        s.putAll(mixedSettings(g));
        s.put(SUBNETS.key(), sortedList(g.vpcZoneIdentifier()));
        s.put(
                TARGET_GROUPS.key(),
                String.join(",", g.targetGroupARNs().stream().sorted().toList()));
        s.put(HEALTH_CHECK_TYPE.key(), g.healthCheckType());
        s.put(HEALTH_CHECK_GRACE_PERIOD_SECONDS.key(), String.valueOf(g.healthCheckGracePeriod()));
        s.put(MIN_SIZE.key(), String.valueOf(g.minSize()));
        s.put(MAX_SIZE.key(), String.valueOf(g.maxSize()));
        s.put(DESIRED_ON_CREATE.key(), tags.getOrDefault(DESIRED_TAG, ""));
        String policy = policyName(g.autoScalingGroupName());
        Optional<ScalingPolicy> cpu =
                policies.stream().filter(p -> p.policyName().equals(policy)).findFirst();
        s.put(
                CPU_TARGET_PERCENT.key(),
                cpu.map(p -> ComputeSpecs.percent(
                                p.targetTrackingConfiguration().targetValue()))
                        .orElse(ComputeSpecs.NONE));
        s.put(
                INSTANCE_WARMUP_SECONDS.key(),
                cpu.map(p -> String.valueOf(p.estimatedInstanceWarmup())).orElse(ComputeSpecs.NONE));
        s.put(
                CPU_METRIC.key(),
                cpu.map(p -> CpuMetric.of(p.targetTrackingConfiguration())).orElse(ComputeSpecs.NONE));
        Set<String> enabled = g.enabledMetrics().stream().map(m -> m.metric()).collect(Collectors.toSet());
        s.put(
                METRICS_COLLECTION.key(),
                enabled.isEmpty()
                        ? ComputeSpecs.NONE
                        : enabled.containsAll(METRICS)
                                ? g.enabledMetrics().get(0).granularity()
                                : "partial");
        s.put(
                LAUNCHING_HOOK.key(),
                hooks.stream()
                        .filter(h -> LAUNCHING.equals(h.lifecycleTransition()))
                        .map(LifecycleHook::lifecycleHookName)
                        .sorted()
                        .findFirst()
                        .orElse(ComputeSpecs.NONE));
        return s;
    }

    /** The policy's types and numbers as the settings compare them; "none" for each without a policy. */
    static Map<String, String> mixedSettings(AutoScalingGroup g) {
        Map<String, String> s = new TreeMap<>();
        if (!GroupTemplate.mixed(g)) {
            MIXED_POLICY.forEach(k -> s.put(k.key(), ComputeSpecs.NONE));
            return s;
        }
        MixedInstancesPolicy p = g.mixedInstancesPolicy();
        s.put(
                INSTANCE_TYPES.key(),
                String.join(
                        ",",
                        p.launchTemplate().overrides().stream()
                                .map(LaunchTemplateOverrides::instanceType)
                                .map(t -> Objects.toString(t, "?"))
                                .toList()));
        InstancesDistribution d = p.instancesDistribution();
        // AWS's defaults for a part the policy leaves out: all on-demand, spot lowest-price
        s.put(
                ON_DEMAND_BASE_CAPACITY.key(),
                String.valueOf(d == null || d.onDemandBaseCapacity() == null ? 0 : d.onDemandBaseCapacity()));
        s.put(
                ON_DEMAND_PERCENTAGE_ABOVE_BASE.key(),
                String.valueOf(
                        d == null || d.onDemandPercentageAboveBaseCapacity() == null
                                ? 100
                                : d.onDemandPercentageAboveBaseCapacity()));
        s.put(
                SPOT_ALLOCATION_STRATEGY.key(),
                d == null || d.spotAllocationStrategy() == null ? "lowest-price" : d.spotAllocationStrategy());
        return s;
    }

    private static String sortedList(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return "";
        }
        return String.join(
                ",",
                new TreeSet<>(Arrays.stream(commaSeparated.split(","))
                        .map(String::trim)
                        .toList()));
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String name = spec.name();
        List<Tag> tags = new ArrayList<>();
        scope.tags(name).forEach((k, v) -> tags.add(tag(name, k, v)));
        tags.add(tag(name, DESIRED_TAG, spec.setting(DESIRED_ON_CREATE)));
        List<LifecycleHookSpecification> hooks = launchingHooks(spec);
        // A new instance profile in the launch template is refused as invalid for a few seconds;
        // a refused create made nothing, so asking again is safe.
        AwsCall.run(
                "CreateAutoScalingGroup",
                name,
                () -> retry.run(
                        "CreateAutoScalingGroup " + name,
                        Retry.PROFILE_NOT_VISIBLE_YET,
                        () -> autoscaling.createAutoScalingGroup(r -> {
                            String template = refs.resolve(spec.setting(LAUNCH_TEMPLATE));
                            String version = version(spec, template);
                            if (mixed(spec)) {
                                r.mixedInstancesPolicy(policy(spec, template, version));
                            } else {
                                r.launchTemplate(
                                        lt -> lt.launchTemplateId(template).version(version));
                            }
                            r.autoScalingGroupName(name)
                                    .vpcZoneIdentifier(String.join(",", refs.resolveAll(spec.setting(SUBNETS))))
                                    .targetGroupARNs(refs.resolveAll(spec.setting(TARGET_GROUPS)))
                                    .healthCheckType(spec.setting(HEALTH_CHECK_TYPE))
                                    .healthCheckGracePeriod(
                                            Integer.parseInt(spec.setting(HEALTH_CHECK_GRACE_PERIOD_SECONDS)))
                                    .minSize(Integer.parseInt(spec.setting(MIN_SIZE)))
                                    .maxSize(Integer.parseInt(spec.setting(MAX_SIZE)))
                                    .desiredCapacity(Integer.parseInt(spec.setting(DESIRED_ON_CREATE)))
                                    .tags(tags);
                            if (!hooks.isEmpty()) {
                                r.lifecycleHookSpecificationList(hooks);
                            }
                        })));
        // the hook came with the group: its first instances launch with it, not before a later PutLifecycleHook
        reconcileParts(spec, Map.of(LAUNCHING_HOOK.key(), spec.setting(LAUNCHING_HOOK)));
        return name;
    }

    /** The launching hook as CreateAutoScalingGroup takes it (none: empty, and the parameter is left out). */
    static List<LifecycleHookSpecification> launchingHooks(Spec spec) {
        String hook = spec.setting(LAUNCHING_HOOK);
        if (ComputeSpecs.NONE.equals(hook)) {
            return List.of();
        }
        return List.of(LifecycleHookSpecification.builder()
                .lifecycleHookName(hook)
                .lifecycleTransition(LAUNCHING)
                .heartbeatTimeout(HOOK_HEARTBEAT_SECONDS)
                .defaultResult(HOOK_DEFAULT_RESULT)
                .build());
    }

    private static Tag tag(String group, String key, String value) {
        // Instances get their tags from the launch template; the group's own stay on the group.
        return Tag.builder()
                .resourceId(group)
                .resourceType("auto-scaling-group")
                .key(key)
                .value(value)
                .propagateAtLaunch(false)
                .build();
    }

    /**
     * Ids are compared with the group as AWS has it now, not with the discovered references:
     * a target group or subnet made anew keeps its {@code @type/name} but has a new id.
     */
    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> have = actual.settings();
        String name = actual.id();
        AutoScalingGroup now = AwsCall.call(
                        "DescribeAutoScalingGroups",
                        name,
                        () -> autoscaling
                                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                                .autoScalingGroups())
                .stream()
                .findFirst()
                .orElseThrow(
                        () -> ExitException.failure("auto scaling group " + name + " disappeared during the update"));
        String template = refs.resolve(spec.setting(LAUNCH_TEMPLATE));
        // the version as of now: an update of the template in this same apply moved its default
        String version = version(spec, template);
        Map<String, String> mixedNow = mixedSettings(now);
        boolean group = !template.equals(GroupTemplate.templateId(now))
                || !String.join(",", new TreeSet<>(refs.resolveAll(spec.setting(SUBNETS))))
                        .equals(sortedList(now.vpcZoneIdentifier()))
                || !version.equals(GroupTemplate.version(now))
                || Stream.of(HEALTH_CHECK_TYPE, HEALTH_CHECK_GRACE_PERIOD_SECONDS, MIN_SIZE, MAX_SIZE)
                        .anyMatch(s -> !spec.setting(s).equals(have.get(s.key())))
                || MIXED_POLICY.stream().anyMatch(s -> !spec.setting(s).equals(mixedNow.get(s.key())));
        if (group) {
            // Never DesiredCapacity: AWS keeps it within the new min and max by itself. A version the
            // template got in this apply may not be usable for a few seconds; a refused update changed nothing.
            AwsCall.run(
                    "UpdateAutoScalingGroup",
                    name,
                    () -> retry.run(
                            "UpdateAutoScalingGroup " + name,
                            Retry.TEMPLATE_NOT_USABLE_YET,
                            () -> autoscaling.updateAutoScalingGroup(
                                    r -> launchesFrom(r.autoScalingGroupName(name), spec, template, version)
                                            .vpcZoneIdentifier(String.join(",", refs.resolveAll(spec.setting(SUBNETS))))
                                            .healthCheckType(spec.setting(HEALTH_CHECK_TYPE))
                                            .healthCheckGracePeriod(
                                                    Integer.parseInt(spec.setting(HEALTH_CHECK_GRACE_PERIOD_SECONDS)))
                                            .minSize(Integer.parseInt(spec.setting(MIN_SIZE)))
                                            .maxSize(Integer.parseInt(spec.setting(MAX_SIZE))))));
        }
        if (!spec.setting(DESIRED_ON_CREATE).equals(have.get(DESIRED_ON_CREATE.key()))) {
            AwsCall.run(
                    "CreateOrUpdateTags",
                    name,
                    () -> autoscaling.createOrUpdateTags(
                            r -> r.tags(tag(name, DESIRED_TAG, spec.setting(DESIRED_ON_CREATE)))));
        }
        reconcileTargetGroups(name, refs.resolveAll(spec.setting(TARGET_GROUPS)), now.targetGroupARNs());
        reconcileParts(spec, have);
    }

    /**
     * The template alone or the mixed instances policy, as the spec says: AWS switches a group
     * between the two in place, and from then on launches by the new one (running instances stay).
     */
    private static UpdateAutoScalingGroupRequest.Builder launchesFrom(
            UpdateAutoScalingGroupRequest.Builder r, Spec spec, String template, String version) {
        return mixed(spec)
                ? r.mixedInstancesPolicy(policy(spec, template, version))
                : r.launchTemplate(lt -> lt.launchTemplateId(template).version(version));
    }

    static boolean mixed(Spec spec) {
        return !ComputeSpecs.NONE.equals(spec.setting(INSTANCE_TYPES));
    }

    static MixedInstancesPolicy policy(Spec spec, String template, String version) {
        return GroupTemplate.policy(
                template,
                version,
                Arrays.asList(spec.setting(INSTANCE_TYPES).split(",")),
                Integer.parseInt(spec.setting(ON_DEMAND_BASE_CAPACITY)),
                Integer.parseInt(spec.setting(ON_DEMAND_PERCENTAGE_ABOVE_BASE)),
                spec.setting(SPOT_ALLOCATION_STRATEGY));
    }

    private void reconcileTargetGroups(String name, List<String> wanted, List<String> attached) {
        List<String> attach = wanted.stream().filter(t -> !attached.contains(t)).toList();
        List<String> detach = attached.stream().filter(t -> !wanted.contains(t)).toList();
        // Detach first: a replaced group is gone already, and AWS checks every attached group on attach.
        if (!detach.isEmpty()) {
            AwsCall.run(
                    "DetachLoadBalancerTargetGroups",
                    name,
                    () -> autoscaling.detachLoadBalancerTargetGroups(
                            r -> r.autoScalingGroupName(name).targetGroupARNs(detach)));
        }
        if (!attach.isEmpty()) {
            AwsCall.run(
                    "AttachLoadBalancerTargetGroups",
                    name,
                    () -> autoscaling.attachLoadBalancerTargetGroups(
                            r -> r.autoScalingGroupName(name).targetGroupARNs(attach)));
        }
    }

    /** Scaling policy, metrics and hook: whatever differs from the spec. */
    private void reconcileParts(Spec spec, Map<String, String> have) {
        String name = spec.name();
        if (!spec.setting(CPU_TARGET_PERCENT).equals(have.get(CPU_TARGET_PERCENT.key()))
                || !spec.setting(INSTANCE_WARMUP_SECONDS).equals(have.get(INSTANCE_WARMUP_SECONDS.key()))
                || !spec.setting(CPU_METRIC).equals(have.get(CPU_METRIC.key()))) {
            AwsCall.run(
                    "PutScalingPolicy",
                    policyName(name),
                    () -> autoscaling.putScalingPolicy(r -> r.autoScalingGroupName(name)
                            .policyName(policyName(name))
                            .policyType("TargetTrackingScaling")
                            .estimatedInstanceWarmup(Integer.parseInt(spec.setting(INSTANCE_WARMUP_SECONDS)))
                            .targetTrackingConfiguration(CpuMetric.tracking(
                                    spec.setting(CPU_METRIC),
                                    name,
                                    Double.parseDouble(spec.setting(CPU_TARGET_PERCENT))))));
        }
        String metrics = spec.setting(METRICS_COLLECTION);
        if (!metrics.equals(have.get(METRICS_COLLECTION.key()))) {
            if (ComputeSpecs.NONE.equals(metrics)) {
                AwsCall.run(
                        "DisableMetricsCollection",
                        name,
                        () -> autoscaling.disableMetricsCollection(r -> r.autoScalingGroupName(name)));
            } else {
                AwsCall.run(
                        "EnableMetricsCollection",
                        name,
                        () -> autoscaling.enableMetricsCollection(r -> r.autoScalingGroupName(name)
                                .granularity(metrics)
                                .metrics(METRICS)));
            }
        }
        String hook = spec.setting(LAUNCHING_HOOK);
        String hadHook = have.getOrDefault(LAUNCHING_HOOK.key(), ComputeSpecs.NONE);
        if (!hook.equals(hadHook)) {
            if (!ComputeSpecs.NONE.equals(hadHook)) {
                AwsCall.run(
                        "DeleteLifecycleHook",
                        hadHook,
                        () -> autoscaling.deleteLifecycleHook(
                                r -> r.autoScalingGroupName(name).lifecycleHookName(hadHook)));
            }
            if (!ComputeSpecs.NONE.equals(hook)) {
                AwsCall.run(
                        "PutLifecycleHook",
                        hook,
                        () -> autoscaling.putLifecycleHook(r -> r.autoScalingGroupName(name)
                                .lifecycleHookName(hook)
                                .lifecycleTransition(LAUNCHING)
                                .heartbeatTimeout(HOOK_HEARTBEAT_SECONDS)
                                .defaultResult(HOOK_DEFAULT_RESULT)));
            }
        }
    }

    /** ForceDelete terminates the instances with the group; awaitDeleted waits until AWS is done. */
    @Override
    public void delete(Actual actual, StackScope scope) {
        if ("Delete in progress".equals(actual.state())) {
            return;
        }
        AwsCall.delete(
                "DeleteAutoScalingGroup",
                actual.id(),
                () -> autoscaling.deleteAutoScalingGroup(
                        r -> r.autoScalingGroupName(actual.id()).forceDelete(true)));
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        poll.until(
                "auto scaling group " + actual.id(),
                DELETE_TIMEOUT,
                () -> AwsCall.call(
                        "DescribeAutoScalingGroups",
                        actual.id(),
                        () -> autoscaling
                                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(actual.id()))
                                .autoScalingGroups()),
                groups -> groups.isEmpty()
                        ? "deleted"
                        : Objects.toString(groups.get(0).status(), "deleting") + ", "
                                + groups.get(0).instances().size() + " instance(s)",
                List::isEmpty,
                progress);
    }
}
