package dev.scaleout.infra.operate.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.compute.GroupTemplate;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.infra.operate.status.StatusCommand.StatusOptions;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** {@code infra status} against the moto server, on a stack built here the way infra names and tags it. */
@ExtendWith(MotoExtension.class)
class StatusReaderMotoIT {

    static MotoServer moto;
    static final StackConfig CONFIG = StackConfig.defaults();
    static final OperateNames NAMES = OperateNames.of(CONFIG);
    static final StackScope SCOPE =
            new StackScope(CONFIG.project(), CONFIG.stack(), software.amazon.awssdk.regions.Region.EU_WEST_1);

    AwsClients clients;
    String amiId;
    // Between two minute boundaries, so the CPU window's minutes are known exactly.
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30);
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @BeforeAll
    static void startMoto(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void freshAccount() {
        moto.reset();
        clients = moto.clients();
    }

    @Test
    void aGroupScaledFromOneToThreeShowsThreeInstancesWithTheirAzStateAndAmi() {
        deployStack();
        try (AutoScalingClient asg = clients.build(AutoScalingClient.builder())) {
            asg.setDesiredCapacity(r -> r.autoScalingGroupName("my-asg-ec2").desiredCapacity(3));
        }
        clients = moto.clients(); // counts the status read only

        FleetStatus status;
        try (StatusReader reader = new StatusReader(clients, clock, CpuMetric.EC2_ONE_MINUTE)) {
            status = reader.read(NAMES);
        }

        // one call per kind of thing, not per instance: the refresh costs the same for 3 or 30 instances
        assertThat(clients.calls().byOperation())
                .containsOnly(
                        Map.entry("AutoScaling:DescribeAutoScalingGroups", 1),
                        Map.entry("Ec2:DescribeInstances", 1),
                        Map.entry("ElasticLoadBalancingV2:DescribeTargetHealth", 1),
                        Map.entry("ElasticLoadBalancingV2:DescribeLoadBalancers", 1),
                        Map.entry("AutoScaling:DescribePolicies", 1),
                        Map.entry("CloudWatch:DescribeAlarms", 1),
                        Map.entry("AutoScaling:DescribeScalingActivities", 1),
                        Map.entry("CloudWatch:GetMetricData", 1));
        assertThat(clients.calls().mutating()).isZero();

        assertThat(status.desired()).isEqualTo(3);
        assertThat(status.min()).isEqualTo(1);
        assertThat(status.max()).isEqualTo(3);
        assertThat(status.instances()).hasSize(3).allSatisfy(i -> {
            assertThat(i.id()).startsWith("i-");
            assertThat(i.availabilityZone()).isEqualTo("eu-west-1a"); // moto puts every instance in the first subnet
            assertThat(i.lifecycleState()).isEqualTo("InService");
            assertThat(i.healthStatus()).isEqualTo("Healthy");
            assertThat(i.amiId()).isEqualTo(amiId);
            assertThat(i.targetHealth()).containsEntry("my-asg-ec2-tg", "healthy");
            assertThat(i.launchTime()).isNotNull();
        });
        assertThat(status.url()).startsWith("http://my-asg-alb").contains(".elb.");

        List<String> screen = StatusScreen.render(status);
        assertThat(screen).anySatisfy(l -> assertThat(l).contains("min 1  desired 3  max 3"));
        for (FleetStatus.InstanceStatus i : status.instances()) {
            assertThat(screen)
                    .anySatisfy(l -> assertThat(l)
                            .contains(i.id())
                            .contains("eu-west-1a")
                            .contains("InService")
                            .contains(amiId)
                            .contains("my-asg-ec2-tg:healthy"));
        }
    }

    /** A group on a mixed instances policy reads the same: its instances, their images and template version. */
    @Test
    void aMixedInstancesGroupShowsItsInstancesAndTheirVersion() {
        deployStack();
        try (AutoScalingClient asg = clients.build(AutoScalingClient.builder());
                Ec2Client ec2 = clients.build(Ec2Client.builder())) {
            String template = ec2.describeLaunchTemplates(r -> r.launchTemplateNames("my-asg-lt"))
                    .launchTemplates()
                    .get(0)
                    .launchTemplateId();
            asg.updateAutoScalingGroup(r -> r.autoScalingGroupName("my-asg-ec2")
                    .desiredCapacity(2)
                    .mixedInstancesPolicy(
                            GroupTemplate.policy(template, "1", List.of("t3.micro", "t3a.micro"), 2, 100)));
        }

        FleetStatus status;
        try (StatusReader reader = new StatusReader(clients, clock, CpuMetric.EC2_ONE_MINUTE)) {
            status = reader.read(NAMES);
        }

        assertThat(status.desired()).isEqualTo(2);
        assertThat(status.instances()).hasSize(2).allSatisfy(i -> {
            assertThat(i.amiId()).isEqualTo(amiId);
            assertThat(i.launchTemplateVersion()).isEqualTo("1");
        });
        assertThat(StatusScreen.render(status)).anySatisfy(l -> assertThat(l).contains("min 1  desired 2  max 3"));
    }

    @Test
    void theJsonSnapshotHasTheSameInstancesAsTheScreen() throws Exception {
        deployStack();
        try (AutoScalingClient asg = clients.build(AutoScalingClient.builder())) {
            asg.setDesiredCapacity(r -> r.autoScalingGroupName("my-asg-ec2").desiredCapacity(3));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = new StatusCommand(clock, d -> {}, CpuMetric.EC2_ONE_MINUTE)
                .run(
                        new StatusOptions(false, true, Duration.ofSeconds(5), null, false),
                        CONFIG,
                        clients,
                        new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));

        assertThat(exit).isZero();
        JsonNode json = OperateJson.mapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(json.get("group").asText()).isEqualTo("my-asg-ec2");
        assertThat(json.get("desired").asInt()).isEqualTo(3);
        assertThat(json.get("readAt").asText()).isEqualTo(now.toString());
        JsonNode instances = json.get("instances");
        assertThat(instances).hasSize(3);
        for (JsonNode i : instances) {
            assertThat(i.get("id").asText()).startsWith("i-");
            assertThat(i.get("availabilityZone").asText()).isEqualTo("eu-west-1a");
            assertThat(i.get("lifecycleState").asText()).isEqualTo("InService");
            assertThat(i.get("amiId").asText()).isEqualTo(amiId);
            assertThat(i.get("targetHealth").get("my-asg-ec2-tg").asText()).isEqualTo("healthy");
        }
    }

    @Test
    void cpuDatapointsLandInTheirMinutesAndTheMinutesWithoutDataStayEmpty() {
        deployStack();
        Instant thisMinute = now.truncatedTo(ChronoUnit.MINUTES);
        putCpu(thisMinute.minus(Duration.ofMinutes(6)).plusSeconds(5), 20.0);
        putCpu(thisMinute.minus(Duration.ofMinutes(3)).plusSeconds(5), 60.0);
        putCpu(thisMinute.minus(Duration.ofMinutes(1)).plusSeconds(5), 95.0);

        FleetStatus status;
        try (StatusReader reader = new StatusReader(clients, clock, CpuMetric.EC2_ONE_MINUTE)) {
            status = reader.read(NAMES);
        }

        assertThat(status.cpu()).hasSize(15);
        // the last minute of the window is the current one (no data yet); the datapoints sit 1, 3 and 6 minutes before
        // it
        assertThat(status.cpu().get(14).at()).isEqualTo(thisMinute);
        assertThat(status.cpu().get(13).percent()).isEqualTo(95.0);
        assertThat(status.cpu().get(11).percent()).isEqualTo(60.0);
        assertThat(status.cpu().get(8).percent()).isEqualTo(20.0);
        assertThat(status.cpu().stream().filter(p -> p.percent() != null)).hasSize(3);
        assertThat(status.latestCpu())
                .get()
                .extracting(FleetStatus.CpuPoint::percent)
                .isEqualTo(95.0);
        assertThat(StatusScreen.cpuLine(status.cpu()))
                .contains("|        ▂  ▅ █ |")
                .contains("latest 95.0%");
    }

    @Test
    void theTargetTrackingAlarmsShowWithTheirStates() {
        deployStack();
        try (CloudWatchClient cw = clients.build(CloudWatchClient.builder())) {
            for (String name : List.of(
                    "TargetTracking-my-asg-ec2-AlarmHigh-1111",
                    "TargetTracking-my-asg-ec2-AlarmLow-2222",
                    "TargetTracking-other-asg-AlarmHigh-3333")) {
                cw.putMetricAlarm(r -> r.alarmName(name)
                        .namespace("AWS/EC2")
                        .metricName("CPUUtilization")
                        .statistic(Statistic.AVERAGE)
                        .period(60)
                        .evaluationPeriods(3)
                        .threshold(70.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            }
            cw.setAlarmState(r -> r.alarmName("TargetTracking-my-asg-ec2-AlarmHigh-1111")
                    .stateValue(StateValue.ALARM)
                    .stateReason("Threshold Crossed: 3 datapoints were greater than the threshold (70.0)"));
            cw.setAlarmState(r -> r.alarmName("TargetTracking-my-asg-ec2-AlarmLow-2222")
                    .stateValue(StateValue.OK)
                    .stateReason("Threshold Crossed: 15 datapoints were not less than the threshold (63.0)"));
        }

        FleetStatus status;
        try (StatusReader reader = new StatusReader(clients, clock, CpuMetric.EC2_ONE_MINUTE)) {
            status = reader.read(NAMES);
        }

        assertThat(status.alarms())
                .extracting(FleetStatus.AlarmStatus::name, FleetStatus.AlarmStatus::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("TargetTracking-my-asg-ec2-AlarmHigh-1111", "ALARM"),
                        org.assertj.core.groups.Tuple.tuple("TargetTracking-my-asg-ec2-AlarmLow-2222", "OK"));
        assertThat(String.join("\n", StatusScreen.render(status)))
                .containsPattern("ALARM +TargetTracking-my-asg-ec2-AlarmHigh-1111")
                .doesNotContain("other-asg");
    }

    @Test
    void watchingAPipeAppendsOneFrameAnIntervalApartWithoutEscapeCodes() {
        deployStack();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Duration> sleeps = new java.util.ArrayList<>();

        new StatusCommand(clock, sleeps::add, CpuMetric.EC2_ONE_MINUTE)
                .run(
                        new StatusOptions(true, false, Duration.ofSeconds(7), 3, false),
                        CONFIG,
                        clients,
                        new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.split("\n" + ScreenWriter.SEPARATOR + "\n", -1))
                .hasSize(3)
                .allSatisfy(frame -> assertThat(frame).startsWith("my-asg-ec2  http://my-asg-alb"));
        assertThat(out).doesNotContain("\033");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    }

    @Test
    void aFailedRefreshKeepsTheLastScreenAndTheWatchGoesOn() {
        deployStack();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger groupReads = new java.util.concurrent.atomic.AtomicInteger();
        clients.intercept(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                if (context.request()
                                instanceof
                                software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest
                        && groupReads.incrementAndGet() == 2) {
                    throw software.amazon.awssdk.core.exception.SdkClientException.create(
                            "Unable to execute HTTP request: Connection reset");
                }
            }
        });

        int exit = new StatusCommand(clock, d -> {}, CpuMetric.EC2_ONE_MINUTE)
                .run(
                        new StatusOptions(true, false, Duration.ofSeconds(5), 3, false),
                        CONFIG,
                        clients,
                        new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));

        assertThat(exit).isZero();
        String[] frames = bytes.toString(StandardCharsets.UTF_8).split("\n" + ScreenWriter.SEPARATOR + "\n", -1);
        assertThat(frames).hasSize(3);
        assertThat(frames[1])
                .startsWith("my-asg-ec2  http://my-asg-alb")
                .contains("refresh failed at "
                        + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                                .withZone(ZoneOffset.UTC)
                                .format(now) + ", retrying: DescribeAutoScalingGroups my-asg-ec2: ")
                .contains("Connection reset");
        assertThat(frames[2]).doesNotContain("refresh failed");
    }

    @Test
    void withJsonAFailedRefreshEndsTheWatch() {
        deployStack();
        clients.intercept(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                if (context.request()
                        instanceof software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest) {
                    throw software.amazon.awssdk.core.exception.SdkClientException.create(
                            "Unable to execute HTTP request");
                }
            }
        });

        assertThatThrownBy(() -> new StatusCommand(clock, d -> {}, CpuMetric.EC2_ONE_MINUTE)
                        .run(
                                new StatusOptions(true, true, Duration.ofSeconds(5), 3, false),
                                CONFIG,
                                clients,
                                new PrintWriter(
                                        new OutputStreamWriter(new ByteArrayOutputStream(), StandardCharsets.UTF_8),
                                        true)))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageStartingWith("GetMetricData CPUUtilization my-asg-ec2: ");
    }

    @Test
    void watchingAsJsonPrintsOneDocumentPerLine() throws Exception {
        deployStack();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new StatusCommand(clock, d -> {}, CpuMetric.EC2_ONE_MINUTE)
                .run(
                        new StatusOptions(true, true, Duration.ofSeconds(5), 2, true),
                        CONFIG,
                        clients,
                        new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(OperateJson.mapper().readTree(line).get("instances")).hasSize(1);
        }
    }

    @Test
    void aStackThatIsNotDeployedIsAUserErrorNamingTheFix() {
        assertThatThrownBy(() -> {
                    try (StatusReader reader = new StatusReader(clients, clock, CpuMetric.EC2_ONE_MINUTE)) {
                        reader.read(NAMES);
                    }
                })
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining("my-asg-ec2")
                .hasMessageContaining("infra apply");
    }

    private void putCpu(Instant at, double percent) {
        try (CloudWatchClient cw = clients.build(CloudWatchClient.builder())) {
            cw.putMetricData(r -> r.namespace("AWS/EC2")
                    .metricData(d -> d.metricName("CPUUtilization")
                            .dimensions(x -> x.name("AutoScalingGroupName").value("my-asg-ec2"))
                            .timestamp(at)
                            .value(percent)
                            .unit("Percent")));
        }
    }

    /** VPC, two public subnets, target group, ALB with a listener, launch template and the group (1/1/3). */
    private void deployStack() {
        try (Ec2Client ec2 = clients.build(Ec2Client.builder());
                ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
                AutoScalingClient asg = clients.build(AutoScalingClient.builder())) {
            amiId = MotoServer.IMAGES.get(0);
            String vpc = ec2.createVpc(
                            r -> r.cidrBlock("10.1.0.0/16").tagSpecifications(tags(ResourceType.VPC, "my-vpc")))
                    .vpc()
                    .vpcId();
            String subnetA = ec2.createSubnet(r -> r.vpcId(vpc)
                            .cidrBlock("10.1.1.0/24")
                            .availabilityZone("eu-west-1a")
                            .tagSpecifications(tags(ResourceType.SUBNET, "my-public-subnet-a")))
                    .subnet()
                    .subnetId();
            String subnetC = ec2.createSubnet(r -> r.vpcId(vpc)
                            .cidrBlock("10.1.2.0/24")
                            .availabilityZone("eu-west-1c")
                            .tagSpecifications(tags(ResourceType.SUBNET, "my-public-subnet-c")))
                    .subnet()
                    .subnetId();
            String tg = elb.createTargetGroup(r -> r.name("my-asg-ec2-tg")
                            .protocol("HTTP")
                            .port(80)
                            .vpcId(vpc)
                            .healthCheckPath("/ec2meta-webpage/index.php")
                            .tags(elbTags("my-asg-ec2-tg")))
                    .targetGroups()
                    .get(0)
                    .targetGroupArn();
            String alb = elb.createLoadBalancer(
                            r -> r.name("my-asg-alb").subnets(subnetA, subnetC).tags(elbTags("my-asg-alb")))
                    .loadBalancers()
                    .get(0)
                    .loadBalancerArn();
            elb.createListener(r -> r.loadBalancerArn(alb)
                    .protocol("HTTP")
                    .port(80)
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
            ec2.createLaunchTemplate(r -> r.launchTemplateName("my-asg-lt")
                    .launchTemplateData(d -> d.imageId(amiId).instanceType("t3.micro"))
                    .tagSpecifications(tags(ResourceType.LAUNCH_TEMPLATE, "my-asg-lt")));
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName("my-asg-ec2")
                    .minSize(1)
                    .desiredCapacity(1)
                    .maxSize(3)
                    .launchTemplate(lt -> lt.launchTemplateName("my-asg-lt").version("$Default"))
                    .vpcZoneIdentifier(subnetA + "," + subnetC)
                    .targetGroupARNs(tg)
                    .healthCheckType("ELB")
                    .healthCheckGracePeriod(60)
                    .tags(SCOPE.tags("my-asg-ec2").entrySet().stream()
                            .map(e -> software.amazon.awssdk.services.autoscaling.model.Tag.builder()
                                    .key(e.getKey())
                                    .value(e.getValue())
                                    .propagateAtLaunch(true)
                                    .build())
                            .toList()));
            asg.putScalingPolicy(r -> r.autoScalingGroupName("my-asg-ec2")
                    .policyName("my-asg-cpu")
                    .policyType("TargetTrackingScaling")
                    .targetTrackingConfiguration(t -> t.targetValue(70.0)
                            .predefinedMetricSpecification(m -> m.predefinedMetricType("ASGAverageCPUUtilization"))));
        }
    }

    private static TagSpecification tags(ResourceType type, String name) {
        return TagSpecification.builder()
                .resourceType(type)
                .tags(SCOPE.tags(name).entrySet().stream()
                        .map(e -> Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                        .toList())
                .build();
    }

    private static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> elbTags(String name) {
        return SCOPE.tags(name).entrySet().stream()
                .map((Map.Entry<String, String> e) ->
                        software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder()
                                .key(e.getKey())
                                .value(e.getValue())
                                .build())
                .toList();
    }
}
