package dev.scaleout.infra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import dev.scaleout.infra.operate.rollout.FakeFleet;
import dev.scaleout.infra.operate.rollout.RefreshEmulator;
import dev.scaleout.infra.operate.rollout.Rollout.RolloutOptions;
import dev.scaleout.infra.operate.rollout.RolloutCommand;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The golden image as the stack's desired state, end to end as a user runs it: bake (the
 * parameter names A), apply, a second bake (B), a scale-out, plan, rollout, apply, rollback,
 * apply. Everything runs against moto; the instance refresh, which moto lacks, is played at
 * the Auto Scaling HTTP boundary by {@link RefreshEmulator} (WireMock proxies every other call
 * to moto), and the check through the load balancer asks {@link FakeFleet#ofGroup}, which answers
 * with the image moto really launched each InService instance from.
 */
@ExtendWith(MotoExtension.class)
class ImageLifecycleIT {

    static final String PARAMETER = "/scaleout/golden-ami/latest";
    static final String GROUP = "my-asg-ec2";
    static final String TEMPLATE = "my-asg-lt";

    static MotoServer moto;
    static WireMockServer wireMock;
    static RefreshEmulator refresh;
    static Ec2Client ec2;
    static SsmClient ssm;
    static AutoScalingClient autoScaling;

    @TempDir
    Path dir;

    AwsClients clients;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final StringWriter err = new StringWriter();
    final List<String> callReport = new ArrayList<>();

    @BeforeAll
    static void servers(MotoServer server) {
        moto = server;
        AwsClients direct = moto.clients();
        ec2 = direct.build(Ec2Client.builder());
        ssm = direct.build(SsmClient.builder());
        autoScaling = direct.build(AutoScalingClient.builder());
        refresh = new RefreshEmulator(autoScaling, ec2);
        wireMock = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(refresh));
        wireMock.start();
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        moto.reset();
        wireMock.resetAll();
        refresh.reset();
        wireMock.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        for (String action : List.of("StartInstanceRefresh", "DescribeInstanceRefreshes")) {
            wireMock.stubFor(post(urlEqualTo("/"))
                    .atPriority(1)
                    .withRequestBody(containing("Action=" + action))
                    .willReturn(
                            aResponse().withHeader("Content-Type", "text/xml").withTransformers(RefreshEmulator.NAME)));
        }
        clients = new AwsClients(
                Region.of(MotoServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Optional.of(URI.create(wireMock.baseUrl())));
    }

    @Test
    void bakeApplyScaleOutRolloutApplyRollbackApplyAgreeOnOneAmi() throws Exception {
        Path config = config();
        String a = bake("1.0.0");
        publish(a);

        step(
                "apply (parameter = A)",
                () -> assertThat(infra("apply", "--yes", "--config", config.toString()))
                        .as(err.toString())
                        .isZero());
        assertThat(defaultVersion().launchTemplateData().imageId()).isEqualTo(a);
        assertThat(groupVersion()).isEqualTo("1");
        assertThat(imagesOfInstances()).containsOnly(a);

        String b = bake("1.1.0");
        publish(b);
        step(
                "scale-out (SetDesiredCapacity 2, moto directly)",
                () -> autoScaling.setDesiredCapacity(
                        r -> r.autoScalingGroupName(GROUP).desiredCapacity(2)));
        assertThat(instances()).hasSize(2);
        assertThat(imagesOfInstances())
                .as("a new bake reaches no instance before a rollout")
                .containsOnly(a);

        step(
                "plan (parameter = B)",
                () -> assertThat(infra("plan", "--config", config.toString())).isZero());
        assertThat(out())
                .contains("~ image: " + a + " -> " + b + " (from " + PARAMETER + ", baked ")
                .contains(", app 1.1.0)")
                .contains("Plan: 0 to add, 1 to change");

        try (FakeFleet fleet = FakeFleet.ofGroup(GROUP, autoScaling, ec2)) {
            step(
                    "rollout",
                    () -> assertThat(rollout(new RolloutOptions(null, Duration.ofMinutes(5), fleet.url()), config))
                            .isZero());
            LaunchTemplateVersion v2 = defaultVersion();
            assertThat(v2.versionNumber()).isEqualTo(2L);
            assertThat(v2.launchTemplateData().imageId()).isEqualTo(b);
            assertThat(keptSettings(v2.launchTemplateData()))
                    .as("the copy keeps every other setting")
                    .isEqualTo(keptSettings(version(1).launchTemplateData()));
            assertThat(refresh.starts())
                    .singleElement()
                    .satisfies(start -> assertThat(start)
                            .containsEntry("AutoScalingGroupName", GROUP)
                            .containsEntry("DesiredConfiguration.LaunchTemplate.LaunchTemplateName", TEMPLATE)
                            .containsEntry("DesiredConfiguration.LaunchTemplate.Version", "2")
                            .containsEntry("Preferences.MinHealthyPercentage", "90")
                            .containsEntry("Preferences.MaxHealthyPercentage", "150")
                            .containsEntry("Preferences.InstanceWarmup", "30")
                            .containsEntry("Preferences.SkipMatching", "true")
                            .containsEntry("Preferences.CheckpointPercentages.member.1", "50")
                            .containsEntry("Preferences.CheckpointPercentages.member.2", "100")
                            .containsEntry("Preferences.CheckpointDelay", "60")
                            .containsEntry("Preferences.AutoRollback", "true")
                            .containsEntry("Preferences.AlarmSpecification.Alarms.member.1", "my-app-5xx"));
            assertThat(out()).contains("rollout done: 2 instances serve " + b + " (launch template version 2)");
            assertThat(imagesOfInstances()).containsOnly(b);
            assertThat(groupVersion()).isEqualTo("2");

            step(
                    "apply (parameter = B, after the rollout)",
                    () -> assertThat(infra("apply", "--yes", "--config", config.toString()))
                            .isZero());
            assertThat(out()).contains("No changes.");
            assertThat(callReport.get(callReport.size() - 1)).contains(" 0 mutating");

            step(
                    "rollout --to 1",
                    () -> assertThat(rollout(new RolloutOptions(1L, Duration.ofMinutes(5), fleet.url()), config))
                            .isZero());
            assertThat(defaultVersion().versionNumber()).isEqualTo(1L);
            assertThat(out()).contains("rollout done: 2 instances serve " + a + " (launch template version 1)");
            assertThat(imagesOfInstances()).containsOnly(a);

            step(
                    "plan (after the rollback)",
                    () -> assertThat(infra("plan", "--config", config.toString()))
                            .isZero());
            assertThat(out())
                    .as("the config wins, visibly")
                    .contains("~ image: " + a + " -> " + b + " (from " + PARAMETER);

            step(
                    "apply (rolls B out again)",
                    () -> assertThat(infra(
                                    "apply",
                                    "--yes",
                                    "--config",
                                    config.toString(),
                                    "--url",
                                    fleet.url().toString()))
                            .as(err.toString())
                            .isZero());
            assertThat(out()).contains("~ image: " + a + " -> " + b, "rollout done: 2 instances serve " + b);
            assertThat(defaultVersion().launchTemplateData().imageId()).isEqualTo(b);
            assertThat(imagesOfInstances()).containsOnly(b);

            step(
                    "plan (settled)",
                    () -> assertThat(infra("plan", "--config", config.toString()))
                            .isZero());
            assertThat(out()).contains("No changes.");

            step(
                    "rollout --previous",
                    () -> assertThat(rollout(
                                    new RolloutOptions(null, true, null, Duration.ofMinutes(5), fleet.url()), config))
                            .isZero());
            assertThat(out())
                    .contains("previous default: version 1 (" + a + ")", "rollout done: 2 instances serve " + a);
            assertThat(imagesOfInstances()).containsOnly(a);
        }
        System.out.println("AWS calls by step (ImageLifecycleIT):\n" + String.join("\n", callReport));
    }

    @Test
    void aRefreshThatRollsBackExitsOneWithTheReasonAndTheCommandThatThenWorks() throws Exception {
        Path config = config();
        String a = bake("1.0.0");
        publish(a);
        assertThat(infra("apply", "--yes", "--config", config.toString()))
                .as(err.toString())
                .isZero();
        publish(bake("1.1.0"));
        refresh.endWith(
                "RollbackSuccessful", "The instance refresh was rolled back: alarm my-app-5xx went into ALARM.");

        try (FakeFleet fleet = FakeFleet.ofGroup(GROUP, autoScaling, ec2)) {
            assertThatThrownBy(() -> rollout(new RolloutOptions(null, Duration.ofMinutes(5), fleet.url()), config))
                    .isInstanceOfSatisfying(
                            ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                    .hasMessageContaining(
                            "ended RollbackSuccessful: The instance refresh was rolled back: alarm my-app-5xx")
                    .hasMessageContaining("infra rollout --to 1");
            assertThat(defaultVersion().versionNumber())
                    .as("the default moves only once a refresh succeeded")
                    .isEqualTo(1L);
            assertThat(groupVersion()).isEqualTo("1");

            refresh.endWith("Successful", null);
            assertThat(rollout(new RolloutOptions(1L, Duration.ofMinutes(5), fleet.url()), config))
                    .isZero();
            assertThat(out()).contains("rollout done: 1 instances serve " + a + " (launch template version 1)");
        }
    }

    @Test
    void otherSettingsChangeFirstWithTheRunningImageThenTheNewImageIsRolledOut() throws Exception {
        Path config = config();
        String a = bake("1.0.0");
        publish(a);
        assertThat(infra("apply", "--yes", "--config", config.toString()))
                .as(err.toString())
                .isZero();
        String b = bake("1.1.0");
        publish(b);
        Files.writeString(config, Files.readString(config) + "instances: {instanceType: t3.small}\n");

        try (FakeFleet fleet = FakeFleet.ofGroup(GROUP, autoScaling, ec2)) {
            assertThat(infra(
                            "apply",
                            "--yes",
                            "--config",
                            config.toString(),
                            "--url",
                            fleet.url().toString()))
                    .as(err.toString())
                    .isZero();
        }

        assertThat(version(2).launchTemplateData().imageId())
                .as("everything else first, on the image the fleet runs")
                .isEqualTo(a);
        assertThat(version(2).launchTemplateData().instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(defaultVersion().versionNumber()).isEqualTo(3L);
        assertThat(defaultVersion().launchTemplateData().imageId()).isEqualTo(b);
        assertThat(defaultVersion().launchTemplateData().instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(refresh.starts())
                .singleElement()
                .satisfies(s -> assertThat(s).containsEntry("DesiredConfiguration.LaunchTemplate.Version", "3"));
        assertThat(groupVersion()).isEqualTo("3");
        assertThat(imagesOfInstances()).containsOnly(b);
        assertThat(infra("plan", "--config", config.toString())).isZero();
        assertThat(out()).contains("No changes.");
    }

    /**
     * A group on a mixed instances policy takes a new image through apply the same way, the
     * version inside its policy: the refresh's desired configuration carries the policy (a
     * plain LaunchTemplate there would replace it on success), and the group keeps its types.
     */
    @Test
    void aMixedGroupGetsANewImageThroughApplyInsideItsPolicy() throws Exception {
        Path config = config();
        Files.writeString(
                config,
                Files.readString(config)
                        // a base of 1: moto rounds the on-demand share of one instance above the base down to none
                        + "autoScaling: {instanceTypes: [t3.micro, t3a.micro], onDemandBaseCapacity: 1,"
                        + " onDemandPercentageAboveBase: 50}\n");
        String a = bake("1.0.0");
        publish(a);
        assertThat(infra("apply", "--yes", "--config", config.toString()))
                .as(err.toString())
                .isZero();
        assertThat(instances()).as("the group launched its instance").hasSize(1);
        String b = bake("1.1.0");
        publish(b);

        try (FakeFleet fleet = FakeFleet.ofGroup(GROUP, autoScaling, ec2)) {
            assertThat(infra(
                            "apply",
                            "--yes",
                            "--config",
                            config.toString(),
                            "--url",
                            fleet.url().toString()))
                    .as(err.toString())
                    .isZero();
        }

        assertThat(refresh.starts())
                .singleElement()
                .satisfies(s -> assertThat(s)
                        .containsEntry(
                                "DesiredConfiguration.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version",
                                "2")
                        .containsEntry(
                                "DesiredConfiguration.MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceType",
                                "t3a.micro")
                        .doesNotContainKey("DesiredConfiguration.LaunchTemplate.Version"));
        var policy = autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                .autoScalingGroups()
                .get(0)
                .mixedInstancesPolicy();
        assertThat(policy.launchTemplate().launchTemplateSpecification().version())
                .isEqualTo("2");
        assertThat(policy.launchTemplate().overrides())
                .extracting(o -> o.instanceType())
                .containsExactly("t3.micro", "t3a.micro");
        assertThat(defaultVersion().launchTemplateData().imageId()).isEqualTo(b);
        assertThat(imagesOfInstances()).containsOnly(b);
        assertThat(infra("plan", "--config", config.toString())).isZero();
        assertThat(out()).contains("No changes.");
    }

    /** Runs one step and records the reads and mutating calls it made (the counter's growth). */
    private void step(String name, Runnable action) {
        Map<String, Integer> before = Map.copyOf(clients.calls().byOperation());
        action.run();
        Map<String, Integer> made = new java.util.TreeMap<>();
        clients.calls().byOperation().forEach((op, n) -> {
            int d = n - before.getOrDefault(op, 0);
            if (d > 0) {
                made.put(op, d);
            }
        });
        int reads = made.entrySet().stream()
                .filter(e -> isRead(e.getKey()))
                .mapToInt(Map.Entry::getValue)
                .sum();
        int mutating = made.values().stream().mapToInt(Integer::intValue).sum() - reads;
        callReport.add(String.format(
                "%-44s %3d reads, %2d mutating: %s",
                name,
                reads,
                mutating,
                made.entrySet().stream()
                        .filter(e -> !isRead(e.getKey()))
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
    }

    private static boolean isRead(String serviceAndOperation) {
        return dev.scaleout.support.CallCounter.isRead(
                serviceAndOperation.substring(serviceAndOperation.indexOf(':') + 1));
    }

    private Path config() throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, """
                region: eu-west-1
                security: {adminCidr: 203.0.113.7/32}
                rollout:
                  minHealthyPercent: 90
                  maxHealthyPercent: 150
                  instanceWarmupSeconds: 30
                  checkpointPercentages: [50, 100]
                  checkpointDelaySeconds: 60
                  rollbackAlarms: [my-app-5xx]
                """);
        return file;
    }

    private int infra(String... args) {
        out.reset();
        InfraCli cli = new InfraCli(
                region -> clients,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
        var line = InfraCli.commandLine(cli);
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private int rollout(RolloutOptions options, Path config) {
        out.reset();
        StackConfig stack = StackConfigLoader.load(config).withRegion(MotoServer.REGION);
        return new RolloutCommand()
                .run(options, stack, clients, new PrintStream(out, true, StandardCharsets.UTF_8), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What ami-builder leaves behind: an AMI of this account tagged with the app version. */
    private static String bake(String appVersion) {
        String base = MotoServer.IMAGES.get(0);
        String builder = ec2.runInstances(r ->
                        r.imageId(base).instanceType("t3.small").minCount(1).maxCount(1))
                .instances()
                .get(0)
                .instanceId();
        String ami = ec2.createImage(r -> r.instanceId(builder).name("my-golden-" + appVersion))
                .imageId();
        ec2.createTags(r -> r.resources(ami)
                .tags(
                        t -> t.key("AppVersion").value(appVersion),
                        t -> t.key("ManagedBy").value("ami-builder")));
        ec2.terminateInstances(r -> r.instanceIds(builder));
        return ami;
    }

    private static void publish(String ami) {
        ssm.putParameter(
                r -> r.name(PARAMETER).type(ParameterType.STRING).value(ami).overwrite(true));
    }

    private static List<String> instances() {
        return autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                .autoScalingGroups()
                .get(0)
                .instances()
                .stream()
                .map(i -> i.instanceId())
                .toList();
    }

    private static Set<String> imagesOfInstances() {
        List<String> ids = instances();
        return ec2.describeInstances(r -> r.instanceIds(ids)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .map(i -> i.imageId())
                .collect(Collectors.toSet());
    }

    private static String groupVersion() {
        return autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                .autoScalingGroups()
                .get(0)
                .launchTemplate()
                .version();
    }

    private static LaunchTemplateVersion defaultVersion() {
        return ec2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateName(TEMPLATE).versions("$Default"))
                .launchTemplateVersions()
                .get(0);
    }

    private static LaunchTemplateVersion version(long n) {
        return ec2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateName(TEMPLATE).versions(String.valueOf(n)))
                .launchTemplateVersions()
                .get(0);
    }

    /** Everything a version launches with but the image: user data, IMDSv2, profile, volumes, tags, type, groups, monitoring. */
    private static Map<String, Object> keptSettings(ResponseLaunchTemplateData d) {
        return Map.of(
                "userData",
                d.userData(),
                "metadata",
                d.metadataOptions(),
                "profile",
                d.iamInstanceProfile(),
                "volumes",
                d.blockDeviceMappings(),
                "type",
                d.instanceTypeAsString(),
                "groups",
                d.securityGroupIds(),
                "monitoring",
                d.monitoring(),
                "tags",
                d.tagSpecifications().stream()
                        .filter(t -> !"launch-template".equals(t.resourceTypeAsString()))
                        .toList());
    }
}
