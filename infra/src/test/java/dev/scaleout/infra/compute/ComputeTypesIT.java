package dev.scaleout.infra.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.DatabaseSpecs;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.database.DbParameterGroupType;
import dev.scaleout.infra.database.DbSubnetGroupType;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.TargetGroupType;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sts.StsClient;

@ExtendWith(MotoExtension.class)
class ComputeTypesIT {

    /** One of moto's built-in images. */
    static final String AMI = "ami-1e749f67";

    static MotoServer moto;
    static Ec2Client ec2;
    static RdsClient rds;
    static AutoScalingClient autoscaling;
    static IamClient iam;
    static ElasticLoadBalancingV2Client elb;
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));
    final Progress progress = new Progress(new PrintStream(new ByteArrayOutputStream()), Clock.systemUTC(), false);
    final StackConfig config = withRegion(StackConfig.defaults(), "eu-west-1");
    MapRefs refs;
    Spec ltSpec;
    Spec asgSpec;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        ec2 = moto.clients().build(Ec2Client.builder());
        rds = moto.clients().build(RdsClient.builder());
        autoscaling = moto.clients().build(AutoScalingClient.builder());
        iam = moto.clients().build(IamClient.builder());
        elb = moto.clients().build(ElasticLoadBalancingV2Client.builder());
    }

    /** Everything the launch template and the group refer to, made by the other types. */
    @BeforeEach
    void prerequisites() {
        moto.reset();
        refs = TestNetwork.create(ec2, "my");
        Spec role = IamSpecs.specs(config).get(0);
        refs.put(
                role.type(),
                role.name(),
                new InstanceRoleType(iam, moto.clients().build(StsClient.builder())).create(role, refs, scope));
        Spec subnets = DatabaseSpecs.subnetGroup(config).get(0);
        refs.put(subnets.type(), subnets.name(), new DbSubnetGroupType(rds).create(subnets, refs, scope));
        Spec parameters = DatabaseSpecs.parameterGroup(config).get(0);
        refs.put(
                parameters.type(),
                parameters.name(),
                new DbParameterGroupType(rds, progress).create(parameters, refs, scope));
        Spec db = DatabaseSpecs.instance(config).get(0);
        refs.put(db.type(), db.name(), new DbInstanceType(rds).create(db, refs, scope));
        Spec tg = LoadBalancerSpecs.specs(config).get(0);
        refs.put(tg.type(), tg.name(), new TargetGroupType(elb, autoscaling).create(tg, refs, scope));
        List<Spec> specs = ComputeSpecs.withImage(ComputeSpecs.specs(config), AMI);
        ltSpec = specs.get(0);
        asgSpec = specs.get(1);
    }

    @Test
    void launchTemplateImdsV2EncryptedGp3AndNoPasswordInUserData() {
        LaunchTemplateType type = new LaunchTemplateType(ec2, rds);
        String id = type.create(ltSpec, refs, scope);
        refs.put(ltSpec.type(), ltSpec.name(), id);

        Actual found = single(type.discover(scope));
        assertThat(found.name()).isEqualTo("my-asg-lt");
        assertThat(refs.comparable(found.settings())).isEqualTo(refs.comparable(ltSpec.settings()));

        ResponseLaunchTemplateData data = ec2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateId(id).versions("$Default"))
                .launchTemplateVersions()
                .get(0)
                .launchTemplateData();
        assertThat(data.imageId())
                .as("a concrete AMI, never resolve:ssm:, so a new bake reaches no instance before a rollout")
                .isEqualTo(AMI);
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
        assertThat(data.monitoring().enabled()).isTrue();
        assertThat(data.blockDeviceMappings().get(0).ebs().volumeTypeAsString()).isEqualTo("gp3");
        assertThat(data.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
        assertThat(data.iamInstanceProfile().name()).isEqualTo("my-app-role");
        assertThat(data.tagSpecifications())
                .extracting(t -> t.resourceTypeAsString())
                .contains("instance", "volume");
        assertThat(data.tagSpecifications().stream()
                        .filter(t -> t.resourceTypeAsString().equals("instance"))
                        .findFirst()
                        .orElseThrow()
                        .tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("ManagedBy=auto-scaling-group"));
        String script = new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8);
        var db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("my-db"))
                .dbInstances()
                .get(0);
        assertThat(script)
                .contains("DB_SECRET_ARN=" + db.masterUserSecret().secretArn())
                .contains("DB_HOST=" + db.endpoint().address())
                .contains(
                        "DB_NAME=fleet",
                        "DB_USER=fleetadmin",
                        "DB_SSL_MODE=VERIFY_IDENTITY",
                        "DB_TRUSTSTORE_URL=file:/opt/scaleout-app/rds-ca.p12",
                        "HTTP_PORT=80",
                        "DRAIN_SECONDS=10",
                        "systemctl restart scaleout-app")
                .doesNotContainIgnoringCase("password");

        // a bigger instance type: a new version, made the default
        Map<String, String> changed = new TreeMap<>(ltSpec.settings());
        changed.put("instanceType", "t3.small");
        Spec bigger = ltSpec.with(changed);
        type.update(bigger, translated(found), refs, scope);
        assertThat(refs.comparable(single(type.discover(scope)).settings()))
                .isEqualTo(refs.comparable(bigger.settings()));
        assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateIds(id))
                        .launchTemplates()
                        .get(0)
                        .defaultVersionNumber())
                .isEqualTo(2L);

        type.delete(found, scope);
        type.delete(found, scope);
        assertThat(type.discover(scope)).isEmpty();
    }

    @Test
    void aReplacedDatabaseMakesTheUserDataStale() {
        LaunchTemplateType type = new LaunchTemplateType(ec2, rds);
        refs.put(ltSpec.type(), ltSpec.name(), type.create(ltSpec, refs, scope));
        // the database is replaced: same identifier, new managed secret
        rds.deleteDBInstance(r -> r.dbInstanceIdentifier("my-db").skipFinalSnapshot(true));
        Spec dbSpec = DatabaseSpecs.instance(config).get(0);
        new DbInstanceType(rds).create(dbSpec, refs, scope);
        assertThat(single(type.discover(scope)).settings()).containsEntry("dbConnection", "stale");
    }

    @Test
    void groupAcrossTheAppSubnetsBehindTheTargetGroupScalingOnCpu() {
        LaunchTemplateType lt = new LaunchTemplateType(ec2, rds);
        refs.put(ltSpec.type(), ltSpec.name(), lt.create(ltSpec, refs, scope));
        AutoScalingGroupType type = new AutoScalingGroupType(autoscaling, ec2);
        String name = type.create(asgSpec, refs, scope);
        assertThat(name).isEqualTo("my-asg-ec2");

        Actual found = single(type.discover(scope));
        assertThat(refs.comparable(found.settings())).isEqualTo(refs.comparable(asgSpec.settings()));
        AutoScalingGroup g = autoscaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0);
        assertThat(g.vpcZoneIdentifier().split(","))
                .containsExactlyInAnyOrder(
                        refs.id("subnet", "my-private-subnet-app-a"), refs.id("subnet", "my-private-subnet-app-c"));
        assertThat(g.targetGroupARNs()).containsExactly(refs.id("target-group", "my-asg-ec2-tg"));
        assertThat(g.healthCheckType()).isEqualTo("ELB");
        assertThat(g.healthCheckGracePeriod()).isEqualTo(60);
        assertThat(g.minSize()).isEqualTo(1);
        assertThat(g.maxSize()).isEqualTo(3);
        assertThat(g.desiredCapacity()).isEqualTo(1);
        assertThat(g.enabledMetrics()).isNotEmpty();
        ScalingPolicy policy = autoscaling
                .describePolicies(r -> r.autoScalingGroupName("my-asg-ec2"))
                .scalingPolicies()
                .get(0);
        assertThat(policy.policyType()).isEqualTo("TargetTrackingScaling");
        assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(70.0);
        assertThat(policy.targetTrackingConfiguration()
                        .predefinedMetricSpecification()
                        .predefinedMetricTypeAsString())
                .isEqualTo("ASGAverageCPUUtilization");
        assertThat(policy.estimatedInstanceWarmup()).isEqualTo(60);

        // scaling moved desired to 2; a later apply with a new max and a launching hook leaves it there
        autoscaling.setDesiredCapacity(r -> r.autoScalingGroupName("my-asg-ec2").desiredCapacity(2));
        Map<String, String> changed = new TreeMap<>(asgSpec.settings());
        changed.put("maxSize", "4");
        changed.put("cpuTargetPercent", "60.0");
        changed.put("launchingHook", "my-asg-ec2-launching");
        Spec wider = asgSpec.with(changed);
        type.update(wider, translated(found), refs, scope);
        Actual after = single(type.discover(scope));
        assertThat(refs.comparable(after.settings())).isEqualTo(refs.comparable(wider.settings()));
        assertThat(autoscaling
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                        .autoScalingGroups()
                        .get(0)
                        .desiredCapacity())
                .isEqualTo(2);

        type.delete(after, scope);
        type.awaitDeleted(after, progress);
        type.delete(after, scope);
        assertThat(type.discover(scope)).isEmpty();
    }

    @Test
    void theFastModeTracksTheAgents10SecondCpuOfTheGroupAndSwitchesInPlace() {
        LaunchTemplateType lt = new LaunchTemplateType(ec2, rds);
        refs.put(ltSpec.type(), ltSpec.name(), lt.create(ltSpec, refs, scope));
        AutoScalingGroupType type = new AutoScalingGroupType(autoscaling, ec2);
        type.create(asgSpec, refs, scope);
        Actual found = single(type.discover(scope));
        assertThat(found.settings()).containsEntry("cpuMetric", "ec2");

        Map<String, String> fast = new TreeMap<>(asgSpec.settings());
        fast.put("cpuMetric", "agent");
        Spec agent = asgSpec.with(fast);
        type.update(agent, translated(found), refs, scope);

        assertThat(single(type.discover(scope)).settings()).containsEntry("cpuMetric", "agent");
        ScalingPolicy policy = autoscaling
                .describePolicies(r -> r.autoScalingGroupName("my-asg-ec2"))
                .scalingPolicies()
                .get(0);
        var metric = policy.targetTrackingConfiguration().customizedMetricSpecification();
        assertThat(metric.namespace()).isEqualTo("CWAgent");
        assertThat(metric.metricName()).isEqualTo("cpu_usage_active");
        assertThat(metric.dimensions()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("AutoScalingGroupName");
            assertThat(d.value()).isEqualTo("my-asg-ec2");
        });
        assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(70.0);
    }

    /**
     * The launching hook goes in CreateAutoScalingGroup, so the group's first instances wait
     * for it too. moto stores no LifecycleHookSpecificationList (5.2.5 ignores the parameter),
     * so the interceptor records the request and, once moto answers, does what AWS does with
     * it (stores the hook); without that, discovery could not see the hook at all.
     */
    @Test
    void theLaunchingHookIsPartOfTheCreateNotPutAfterwards() {
        LaunchTemplateType lt = new LaunchTemplateType(ec2, rds);
        refs.put(ltSpec.type(), ltSpec.name(), lt.create(ltSpec, refs, scope));
        Map<String, String> withHook = new TreeMap<>(asgSpec.settings());
        withHook.put("launchingHook", "my-asg-ec2-launching");
        Spec hooked = asgSpec.with(withHook);
        List<CreateAutoScalingGroupRequest> creates = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        AutoScalingClient recorded = moto.clients()
                .intercept(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                        if (context.request() instanceof CreateAutoScalingGroupRequest create) {
                            creates.add(create);
                            // what AWS does with the parameter and moto does not
                            create.lifecycleHookSpecificationList()
                                    .forEach(h -> autoscaling.putLifecycleHook(
                                            r -> r.autoScalingGroupName(create.autoScalingGroupName())
                                                    .lifecycleHookName(h.lifecycleHookName())
                                                    .lifecycleTransition(h.lifecycleTransition())
                                                    .heartbeatTimeout(h.heartbeatTimeout())
                                                    .defaultResult(h.defaultResult())));
                        }
                    }
                })
                .build(AutoScalingClient.builder());
        AutoScalingGroupType type = new AutoScalingGroupType(recorded, ec2);

        type.create(hooked, refs, scope);

        assertThat(creates)
                .singleElement()
                .satisfies(c -> assertThat(c.lifecycleHookSpecificationList())
                        .singleElement()
                        .satisfies(h -> {
                            assertThat(h.lifecycleHookName()).isEqualTo("my-asg-ec2-launching");
                            assertThat(h.lifecycleTransition()).isEqualTo("autoscaling:EC2_INSTANCE_LAUNCHING");
                            assertThat(h.heartbeatTimeout()).isEqualTo(300);
                            assertThat(h.defaultResult()).isEqualTo("CONTINUE");
                        }));
        assertThat(operations).doesNotContain("PutLifecycleHook");
        // found as specified: the next plan has nothing to add
        assertThat(refs.comparable(single(type.discover(scope)).settings()))
                .isEqualTo(refs.comparable(hooked.settings()));

        // without a hook, the parameter is left out altogether
        Actual made = single(type.discover(scope));
        type.delete(made, scope);
        type.awaitDeleted(made, progress);
        creates.clear();
        type.create(asgSpec, refs, scope);
        assertThat(creates)
                .singleElement()
                .satisfies(c -> assertThat(c.lifecycleHookSpecificationList())
                        .isInstanceOf(software.amazon.awssdk.core.util.SdkAutoConstructList.class));
    }

    @Test
    void instanceTypesMakeTheGroupLaunchThroughAMixedInstancesPolicy() {
        LaunchTemplateType lt = new LaunchTemplateType(ec2, rds);
        String template = lt.create(ltSpec, refs, scope);
        refs.put(ltSpec.type(), ltSpec.name(), template);
        Spec mixed = mixedGroup(List.of("t3.micro", "t3a.micro", "t2.micro"), 1, 50);
        AutoScalingGroupType type = new AutoScalingGroupType(autoscaling, ec2);

        type.create(mixed, refs, scope);

        AutoScalingGroup g = autoscaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0);
        assertThat(g.launchTemplate())
                .as("the template goes inside the policy, not beside it")
                .isNull();
        var policy = g.mixedInstancesPolicy();
        assertThat(policy.launchTemplate().launchTemplateSpecification().launchTemplateId())
                .isEqualTo(template);
        assertThat(policy.launchTemplate().launchTemplateSpecification().version())
                .as("by number, as the plain group names it")
                .isEqualTo("1");
        assertThat(policy.launchTemplate().overrides())
                .extracting(o -> o.instanceType())
                .containsExactly("t3.micro", "t3a.micro", "t2.micro");
        assertThat(policy.instancesDistribution().onDemandBaseCapacity()).isEqualTo(1);
        assertThat(policy.instancesDistribution().onDemandPercentageAboveBaseCapacity())
                .isEqualTo(50);
        assertThat(policy.instancesDistribution().spotAllocationStrategy()).isEqualTo("price-capacity-optimized");
        assertThat(policy.instancesDistribution().onDemandAllocationStrategy()).isEqualTo("prioritized");
        // found as specified: the next plan has nothing to change
        Actual found = single(type.discover(scope));
        assertThat(refs.comparable(found.settings())).isEqualTo(refs.comparable(mixed.settings()));
        assertThat(found.settings())
                .containsEntry("instanceTypes", "t3.micro,t3a.micro,t2.micro")
                .containsEntry("launchTemplateVersion", ComputeSpecs.DEFAULT_VERSION_PINNED);

        // a template update makes version 2 the default: the group follows it inside its policy
        Map<String, String> changed = new TreeMap<>(ltSpec.settings());
        changed.put("rootVolumeGb", "30");
        lt.update(ltSpec.with(changed), translated(single(lt.discover(scope))), refs, scope);
        type.update(mixed, translated(found), refs, scope);
        var moved = group().mixedInstancesPolicy();
        assertThat(moved.launchTemplate().launchTemplateSpecification().version())
                .isEqualTo("2");
        assertThat(moved.launchTemplate().overrides())
                .extracting(o -> o.instanceType())
                .containsExactly("t3.micro", "t3a.micro", "t2.micro");
        assertThat(moved.instancesDistribution().onDemandPercentageAboveBaseCapacity())
                .isEqualTo(50);
    }

    @Test
    void theGroupSwitchesBetweenTheTemplateAloneAndAPolicyInPlace() {
        LaunchTemplateType lt = new LaunchTemplateType(ec2, rds);
        String template = lt.create(ltSpec, refs, scope);
        refs.put(ltSpec.type(), ltSpec.name(), template);
        AutoScalingGroupType type = new AutoScalingGroupType(autoscaling, ec2);
        type.create(asgSpec, refs, scope);
        AutoScalingGroup plain = group();
        assertThat(plain.mixedInstancesPolicy()).isNull();
        Actual found = single(type.discover(scope));
        assertThat(found.settings()).containsEntry("instanceTypes", "none");

        Spec mixed = mixedGroup(List.of("t3.micro", "t3a.micro"), 0, 100);
        type.update(mixed, translated(found), refs, scope);

        AutoScalingGroup after = group();
        assertThat(after.autoScalingGroupARN())
                .as("the same group, changed in place")
                .isEqualTo(plain.autoScalingGroupARN());
        assertThat(after.instances())
                .extracting(i -> i.instanceId())
                .as("running instances stay")
                .containsExactlyInAnyOrderElementsOf(
                        plain.instances().stream().map(i -> i.instanceId()).toList());
        assertThat(after.mixedInstancesPolicy().launchTemplate().overrides())
                .extracting(o -> o.instanceType())
                .containsExactly("t3.micro", "t3a.micro");
        assertThat(after.mixedInstancesPolicy()
                        .launchTemplate()
                        .launchTemplateSpecification()
                        .version())
                .isEqualTo("1");
        Actual mixedFound = single(type.discover(scope));
        assertThat(refs.comparable(mixedFound.settings())).isEqualTo(refs.comparable(mixed.settings()));

        // and back: the template alone, the policy gone
        type.update(asgSpec, translated(mixedFound), refs, scope);
        AutoScalingGroup back = group();
        assertThat(back.mixedInstancesPolicy()).isNull();
        assertThat(back.launchTemplate().launchTemplateId()).isEqualTo(template);
        assertThat(refs.comparable(single(type.discover(scope)).settings()))
                .isEqualTo(refs.comparable(asgSpec.settings()));
    }

    /** The group's spec for the config with these instance types. */
    private Spec mixedGroup(List<String> types, int base, int percentAboveBase) {
        StackConfig mixed =
                config.withAutoScaling(config.autoScaling().withInstanceTypes(types, base, percentAboveBase));
        return ComputeSpecs.withImage(ComputeSpecs.specs(mixed), AMI).get(1);
    }

    private static AutoScalingGroup group() {
        return autoscaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0);
    }

    @Test
    void partsMissingAfterAnInterruptedCreateAreAddedByUpdate() {
        LaunchTemplateType lt = new LaunchTemplateType(ec2, rds);
        refs.put(ltSpec.type(), ltSpec.name(), lt.create(ltSpec, refs, scope));
        // the run stopped right after CreateAutoScalingGroup
        autoscaling.createAutoScalingGroup(r -> r.autoScalingGroupName("my-asg-ec2")
                .minSize(1)
                .maxSize(3)
                .desiredCapacity(1)
                .launchTemplate(t -> t.launchTemplateId(refs.id("launch-template", "my-asg-lt"))
                        .version("$Default"))
                .vpcZoneIdentifier(String.join(",", refs.resolveAll(asgSpec.setting("subnets"))))
                .targetGroupARNs(refs.resolveAll(asgSpec.setting("targetGroups")))
                .healthCheckType("ELB")
                .healthCheckGracePeriod(60)
                .tags(scope.tags("my-asg-ec2").entrySet().stream()
                        .map(e -> software.amazon.awssdk.services.autoscaling.model.Tag.builder()
                                .resourceId("my-asg-ec2")
                                .resourceType("auto-scaling-group")
                                .key(e.getKey())
                                .value(e.getValue())
                                .propagateAtLaunch(false)
                                .build())
                        .toList()));
        AutoScalingGroupType type = new AutoScalingGroupType(autoscaling, ec2);
        Actual partial = single(type.discover(scope));
        assertThat(partial.settings())
                .containsEntry("cpuTargetPercent", "none")
                .containsEntry("metricsCollection", "none");
        type.update(asgSpec, translated(partial), refs, scope);
        assertThat(refs.comparable(single(type.discover(scope)).settings()))
                .isEqualTo(refs.comparable(asgSpec.settings()));
    }

    static StackConfig withRegion(StackConfig d, String region) {
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                region,
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                d.instances(),
                d.autoScaling());
    }

    private Actual translated(Actual a) {
        return new Actual(a.type(), a.name(), a.id(), new TreeMap<>(refs.toRefs(a.settings())), a.state());
    }

    private static Actual single(List<Actual> found) {
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}
