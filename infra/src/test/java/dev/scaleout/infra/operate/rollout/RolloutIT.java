package dev.scaleout.infra.operate.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.scaleout.infra.compute.DesiredImage;
import dev.scaleout.infra.compute.GroupTemplate;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.operate.rollout.Rollout.RolloutOptions;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The rollout against moto (launch template, SSM, the group) with the two instance refresh
 * calls moto does not implement answered by WireMock at the Auto Scaling HTTP boundary;
 * WireMock proxies every other Auto Scaling call to moto.
 */
@ExtendWith(MotoExtension.class)
class RolloutIT {

    static final String REFRESH_ID = "08b91cf7-8fa6-48af-b6a6-d227f40f1b9b";
    static final StackConfig CONFIG = StackConfig.defaults();

    static MotoServer moto;
    static WireMockServer wireMock;

    Ec2Client ec2;
    SsmClient ssm;
    AutoScalingClient autoScaling;
    ElasticLoadBalancingV2Client elb;
    String oldAmi;
    String newAmi;
    List<String> instances;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void startServers(MotoServer server) {
        moto = server;
        wireMock =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
    }

    @AfterAll
    static void stopServers() {
        wireMock.stop();
    }

    @BeforeEach
    void stack() {
        moto.reset();
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        AwsClients motoClients = moto.clients();
        AwsClients throughWireMock = new AwsClients(
                Region.of(MotoServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Optional.of(URI.create(wireMock.baseUrl())));
        ec2 = motoClients.build(Ec2Client.builder());
        ssm = motoClients.build(SsmClient.builder());
        elb = motoClients.build(ElasticLoadBalancingV2Client.builder());
        autoScaling = throughWireMock.build(AutoScalingClient.builder());

        List<String> amis = ec2.describeImages(r -> r.imageIds(MotoServer.IMAGES)).images().stream()
                .map(i -> i.imageId())
                .toList();
        oldAmi = amis.get(0);
        newAmi = amis.get(1);
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(
                        r -> r.vpcId(vpc).cidrBlock("10.1.11.0/24").availabilityZone("eu-west-1a"))
                .subnet()
                .subnetId();
        ec2.createLaunchTemplate(r -> r.launchTemplateName("my-asg-lt")
                .launchTemplateData(d -> d.imageId(oldAmi).instanceType("t3.micro")));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName("my-asg-ec2")
                .minSize(2)
                .desiredCapacity(2)
                .maxSize(3)
                .launchTemplate(lt -> lt.launchTemplateName("my-asg-lt").version("$Default"))
                .vpcZoneIdentifier(subnet));
        instances = autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0)
                .instances()
                .stream()
                .map(i -> i.instanceId())
                .sorted()
                .toList();
        ssm.putParameter(r ->
                r.name("/scaleout/golden-ami/latest").type(ParameterType.STRING).value(newAmi));
    }

    @AfterEach
    void closeClients() {
        ec2.close();
        ssm.close();
        elb.close();
        autoScaling.close();
    }

    @Test
    void theGoldenAmiBecomesANewDefaultVersionAndARefreshReplacesTheFleet() {
        refreshStarts();
        refreshGoes("Successful", null);

        int exit;
        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), newAmi), new FakeFleet.Member(instances.get(1), newAmi)))) {
            exit = rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), fleet.url()), CONFIG, out);
        }

        assertThat(exit).isZero();
        LaunchTemplateVersion current = defaultVersion();
        assertThat(current.versionNumber()).isEqualTo(2L);
        assertThat(current.launchTemplateData().imageId()).isEqualTo(newAmi);
        assertThat(version(1).launchTemplateData().imageId())
                .as("the previous version stays for --to 1")
                .isEqualTo(oldAmi);
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=StartInstanceRefresh"))
                        .withRequestBody(containing("AutoScalingGroupName=my-asg-ec2"))
                        .withRequestBody(containing("Preferences.MinHealthyPercentage=100"))
                        .withRequestBody(containing("Preferences.MaxHealthyPercentage=200"))
                        .withRequestBody(containing("Preferences.InstanceWarmup=60"))
                        .withRequestBody(containing("Preferences.SkipMatching=true"))
                        .withRequestBody(containing("Preferences.AutoRollback=true"))
                        .withRequestBody(containing("DesiredConfiguration.LaunchTemplate.LaunchTemplateName=my-asg-lt"))
                        .withRequestBody(containing("DesiredConfiguration.LaunchTemplate.Version=2"))
                        .withRequestBody(notContaining("CheckpointPercentages")));
        wireMock.verify(
                2,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=DescribeInstanceRefreshes"))
                        .withRequestBody(containing("InstanceRefreshIds.member.1=" + REFRESH_ID)));
        assertThat(output())
                .contains(
                        "launch template my-asg-lt: default version 1 runs " + oldAmi,
                        "image " + newAmi + " (from /scaleout/golden-ami/latest, baked ",
                        "created launch template version 2 with " + newAmi
                                + " (every other setting copied from version 1)",
                        "made version 2 (" + newAmi + ") the default (was 1)",
                        "instance refresh " + REFRESH_ID + ": InProgress 50% (1 to update)",
                        "instance refresh " + REFRESH_ID + ": Successful 100% (0 to update)",
                        "rollout done: 2 instances serve " + newAmi + " (launch template version 2)");
    }

    /**
     * A group on a mixed instances policy: the refresh's desired configuration is the group's
     * policy with the new version inside it (a plain LaunchTemplate there would replace the
     * policy once the refresh succeeds), and the group is moved within the policy too.
     * StartInstanceRefresh is answered by WireMock (moto does not implement it); the group,
     * the template and UpdateAutoScalingGroup are moto's.
     */
    @Test
    void aMixedGroupGetsTheNewVersionInsideItsPolicyAndKeepsItsTypes() {
        String template = ec2.describeLaunchTemplates(r -> r.launchTemplateNames("my-asg-lt"))
                .launchTemplates()
                .get(0)
                .launchTemplateId();
        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("my-asg-ec2")
                .mixedInstancesPolicy(GroupTemplate.policy(template, "1", List.of("t3.micro", "t3a.micro"), 1, 50)));
        refreshStarts();
        refreshGoes("Successful", null);

        int exit;
        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), newAmi), new FakeFleet.Member(instances.get(1), newAmi)))) {
            exit = rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), fleet.url()), CONFIG, out);
        }

        assertThat(exit).isZero();
        String policy = "DesiredConfiguration.MixedInstancesPolicy.";
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=StartInstanceRefresh"))
                        .withRequestBody(containing(
                                policy + "LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId=" + template))
                        .withRequestBody(containing(policy + "LaunchTemplate.LaunchTemplateSpecification.Version=2"))
                        .withRequestBody(containing(policy + "LaunchTemplate.Overrides.member.1.InstanceType=t3.micro"))
                        .withRequestBody(
                                containing(policy + "LaunchTemplate.Overrides.member.2.InstanceType=t3a.micro"))
                        .withRequestBody(containing(policy + "InstancesDistribution.OnDemandBaseCapacity=1"))
                        .withRequestBody(
                                containing(policy + "InstancesDistribution.OnDemandPercentageAboveBaseCapacity=50"))
                        .withRequestBody(containing(
                                policy + "InstancesDistribution.SpotAllocationStrategy=price-capacity-optimized"))
                        .withRequestBody(notContaining("DesiredConfiguration.LaunchTemplate."))
                        .withRequestBody(notContaining("LaunchTemplateName")));
        var group = autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0);
        assertThat(group.mixedInstancesPolicy())
                .as("moved within its policy, which keeps its types and shares")
                .isNotNull();
        assertThat(group.mixedInstancesPolicy()
                        .launchTemplate()
                        .launchTemplateSpecification()
                        .version())
                .isEqualTo("2");
        assertThat(group.mixedInstancesPolicy().launchTemplate().overrides())
                .extracting(o -> o.instanceType())
                .containsExactly("t3.micro", "t3a.micro");
        assertThat(group.mixedInstancesPolicy().instancesDistribution().onDemandPercentageAboveBaseCapacity())
                .isEqualTo(50);
        assertThat(output()).contains("rollout done: 2 instances serve " + newAmi + " (launch template version 2)");
    }

    @Test
    void aRefreshNotListedYetRightAfterItsStartIsWaitedFor() {
        refreshStarts();
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeInstanceRefreshes"))
                .inScenario("lagging")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("listed")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.noInstanceRefreshes())));
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeInstanceRefreshes"))
                .inScenario("lagging")
                .whenScenarioStateIs("listed")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.describeInstanceRefreshes(
                                "my-asg-ec2", REFRESH_ID, "Successful", null, 100, 0))));

        int exit;
        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), newAmi), new FakeFleet.Member(instances.get(1), newAmi)))) {
            exit = rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), fleet.url()), CONFIG, out);
        }

        assertThat(exit).isZero();
        assertThat(output()).contains("instance refresh " + REFRESH_ID + ": Pending", "rollout done");
    }

    @Test
    void aFailedRefreshExitsOneWithItsReasonAndTheWayBack() {
        refreshStarts();
        refreshGoes(
                "Failed", "Instance refresh failed: instances failed to pass health checks within the warm-up time.");

        assertThatThrownBy(() -> rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), null), CONFIG, out))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("ended Failed: Instance refresh failed: instances failed to pass health checks")
                .hasMessageContaining("infra rollout --to 1");
        assertThat(version(1).launchTemplateData().imageId()).isEqualTo(oldAmi);
    }

    @Test
    void toAnEarlierVersionMakesItTheDefaultWithoutANewVersion() {
        ec2.createLaunchTemplateVersion(
                r -> r.launchTemplateName("my-asg-lt").launchTemplateData(d -> d.imageId(newAmi)));
        ec2.modifyLaunchTemplate(r -> r.launchTemplateName("my-asg-lt").defaultVersion("2"));
        refreshStarts();
        refreshGoes("Successful", null);

        int exit;
        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), oldAmi), new FakeFleet.Member(instances.get(1), oldAmi)))) {
            exit = rollout().run(new RolloutOptions(1L, Duration.ofMinutes(30), fleet.url()), CONFIG, out);
        }

        assertThat(exit).isZero();
        assertThat(defaultVersion().versionNumber()).isEqualTo(1L);
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("my-asg-lt"))
                        .launchTemplateVersions())
                .hasSize(2);
        assertThat(output()).contains("made version 1 (" + oldAmi + ") the default");
    }

    @Test
    void aStackMadeBeforeImagesWerePinnedGetsItsGroupOnANumberAndNoAutoRollbackThatOnce() {
        ec2.createLaunchTemplateVersion(r -> r.launchTemplateName("my-asg-lt")
                .launchTemplateData(d ->
                        d.imageId("resolve:ssm:/scaleout/golden-ami/latest").instanceType("t3.micro")));
        ec2.modifyLaunchTemplate(r -> r.launchTemplateName("my-asg-lt").defaultVersion("2"));
        refreshStarts();
        refreshGoes("Successful", null);

        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), newAmi), new FakeFleet.Member(instances.get(1), newAmi)))) {
            assertThat(rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), fleet.url()), CONFIG, out))
                    .isZero();
        }

        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                        .withRequestBody(containing("LaunchTemplate.Version=2")));
        wireMock.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=StartInstanceRefresh"))
                        .withRequestBody(containing("Preferences.AutoRollback=false"))
                        .withRequestBody(containing("DesiredConfiguration.LaunchTemplate.Version=3")));
        assertThat(output())
                .contains(
                        "group my-asg-ec2 now names version 2 instead of $Default",
                        "no auto-rollback this time: version 2 names resolve:ssm:/scaleout/golden-ami/latest");
        assertThat(version(3).launchTemplateData().imageId()).isEqualTo(newAmi);
    }

    @Test
    void aVersionThatDoesNotExistIsAUserError() {
        assertThatThrownBy(() -> rollout().run(new RolloutOptions(99L, Duration.ofMinutes(30), null), CONFIG, out))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining("has no version 99")
                .hasMessageContaining("--to");
        wireMock.verify(
                0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=StartInstanceRefresh")));
    }

    @Test
    void whenTheDefaultAlreadyRunsTheGoldenAmiNoVersionIsAddedButStragglersAreStillReplaced() {
        ssm.putParameter(r -> r.name("/scaleout/golden-ami/latest")
                .type(ParameterType.STRING)
                .value(oldAmi)
                .overwrite(true));
        refreshStarts();
        refreshGoes("Successful", null);

        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), oldAmi), new FakeFleet.Member(instances.get(1), oldAmi)))) {
            rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), fleet.url()), CONFIG, out);
        }

        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("my-asg-lt"))
                        .launchTemplateVersions())
                .hasSize(1);
        assertThat(output()).doesNotContain("created launch template version").contains("towards version 1");
        wireMock.verify(
                1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=StartInstanceRefresh")));
    }

    @Test
    void aStaleInstanceBehindTheLoadBalancerFailsTheRollout() {
        refreshStarts();
        refreshGoes("Successful", null);

        try (FakeFleet fleet = new FakeFleet(List.of(
                new FakeFleet.Member(instances.get(0), newAmi), new FakeFleet.Member(instances.get(1), oldAmi)))) {
            assertThatThrownBy(() ->
                            rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), fleet.url()), CONFIG, out))
                    .isInstanceOfSatisfying(
                            ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                    .hasMessageContaining("still on an old AMI: " + instances.get(1) + " (" + oldAmi + ")")
                    .hasMessageContaining("infra rollout --to 1");
        }
        assertThat(output()).contains("  " + instances.get(1) + "  " + oldAmi + "  STALE");
    }

    @Test
    void aRefreshAlreadyRunningIsNamedWithWhatToDo() {
        wireMock.stubFor(
                post(urlEqualTo("/"))
                        .withRequestBody(containing("Action=StartInstanceRefresh"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                AutoScalingXml.error(
                                                        "InstanceRefreshInProgress",
                                                        "An Instance Refresh is already in progress and blocks the execution of this Instance Refresh."))));

        assertThatThrownBy(() -> rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), null), CONFIG, out))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("already running on my-asg-ec2")
                .hasMessageContaining("cancel-instance-refresh");
    }

    @Test
    void withoutAPublishedGoldenAmiTheUserIsToldToBakeOne() {
        ssm.deleteParameter(r -> r.name("/scaleout/golden-ami/latest"));

        assertThatThrownBy(() -> rollout().run(new RolloutOptions(null, Duration.ofMinutes(30), null), CONFIG, out))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(2))
                .hasMessageContaining("/scaleout/golden-ami/latest")
                .hasMessageContaining("ami-builder bake");
        assertThat(ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("my-asg-lt"))
                        .launchTemplateVersions())
                .hasSize(1);
    }

    /**
     * With no instance to replace, the group is moved to the new version at once, which Auto
     * Scaling may refuse for a few seconds after CreateLaunchTemplateVersion (ValidationError,
     * "You must use a valid fully-formed launch template..."): the rollout asks again. The error
     * is answered at the HTTP boundary as Auto Scaling's Query API documents errors.
     */
    @Test
    void anEmptyGroupIsMovedToAVersionAutoScalingDoesNotKnowYet() {
        autoScaling.updateAutoScalingGroup(
                r -> r.autoScalingGroupName("my-asg-ec2").minSize(0).desiredCapacity(0));
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=UpdateAutoScalingGroup"))
                .inScenario("new version")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("usable")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.error(
                                "ValidationError",
                                "You must use a valid fully-formed launch template. The launch template version 2"
                                        + " does not exist"))));
        // pruning old versions asks which refreshes run
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeInstanceRefreshes"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.noInstanceRefreshes())));
        MutableClock clock = new MutableClock();
        Progress progress = new Progress(out, clock, false);

        int exit = rollout(progress, new Retry(progress, clock, clock::advance))
                .run(new RolloutOptions(null, Duration.ofMinutes(30), null), CONFIG, out);

        assertThat(exit).isZero();
        assertThat(output())
                .contains("UpdateAutoScalingGroup my-asg-ec2: refused with ValidationError"
                        + " (launch template version not usable yet)")
                .contains("no instances in my-asg-ec2 to replace");
        assertThat(autoScaling
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                        .autoScalingGroups()
                        .get(0)
                        .launchTemplate()
                        .version())
                .isEqualTo("2");
    }

    private Rollout rollout() {
        Progress progress = new Progress(out, Clock.systemUTC(), false);
        return rollout(progress, Retry.real(progress));
    }

    private Rollout rollout(Progress progress, Retry retry) {
        Poll noWaiting = new Poll(Clock.systemUTC(), d -> {}, Duration.ofSeconds(5), Duration.ofSeconds(15));
        return new Rollout(
                new LaunchTemplateVersions(ec2),
                new InstanceRefresher(autoScaling, noWaiting),
                autoScaling,
                elb,
                RolloutVerifier.standard(),
                progress,
                () -> DesiredImage.resolve(CONFIG.withRegion(MotoServer.REGION), ec2, ssm),
                retry);
    }

    private void refreshStarts() {
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=StartInstanceRefresh"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.startInstanceRefresh(REFRESH_ID))));
    }

    /** First read: in progress, half done; every later read: {@code endStatus}. */
    private void refreshGoes(String endStatus, String reason) {
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeInstanceRefreshes"))
                .inScenario("refresh")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("ended")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.describeInstanceRefreshes(
                                "my-asg-ec2",
                                REFRESH_ID,
                                "InProgress",
                                "Waiting for instances to warm up before continuing.",
                                50,
                                1))));
        wireMock.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeInstanceRefreshes"))
                .inScenario("refresh")
                .whenScenarioStateIs("ended")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/xml")
                        .withBody(AutoScalingXml.describeInstanceRefreshes(
                                "my-asg-ec2",
                                REFRESH_ID,
                                endStatus,
                                reason,
                                "Successful".equals(endStatus) ? 100 : 50,
                                "Successful".equals(endStatus) ? 0 : 1))));
    }

    private LaunchTemplateVersion defaultVersion() {
        return ec2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateName("my-asg-lt").versions("$Default"))
                .launchTemplateVersions()
                .get(0);
    }

    private LaunchTemplateVersion version(long n) {
        return ec2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateName("my-asg-lt").versions(String.valueOf(n)))
                .launchTemplateVersions()
                .get(0);
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
