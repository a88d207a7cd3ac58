package dev.scaleout.infra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.peering.PeeringCheck;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code infra check peering} on a stack applied with peering in moto (both regions), with
 * SSM Run Command answered by WireMock: moto records SendCommand but never runs it, and
 * AWS's answers (an invocation that does not exist yet, InProgress, then Success, Failed
 * with packet loss, or TimedOut/DeliveryTimedOut for a command that never ran) are written
 * here from the SSM API reference (SendCommand, GetCommandInvocation; JSON 1.1 protocol,
 * errors as {@code __type}). What the check reads to explain a failure (the peering, the
 * routes on both sides, the ICMP rule) comes from moto.
 */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeeringCheckIT {

    static final String COMMAND_ID = "ef7fdfd8-9b57-4151-a15c-db9a12345678";
    static MotoServer moto;
    static WireMockServer ssmApi;
    static StackConfig config;
    static String tokyoIp;

    @BeforeAll
    static void applyWithPeering(MotoServer server) {
        moto = server;
        moto.reset();
        config = PeeringIT.config(true);
        TestStacks.apply(TestStacks.run(config, moto.clients()));
        Ec2Client tokyo = tokyo();
        tokyoIp = tokyo.describeInstances(r -> r.filters(
                        Filter.builder()
                                .name("tag:Name")
                                .values("my-tokyo-private-ec2")
                                .build(),
                        Filter.builder()
                                .name("instance-state-name")
                                .values("running")
                                .build()))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .privateIpAddress();
        ssmApi =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        ssmApi.start();
    }

    @AfterAll
    static void stop() {
        if (ssmApi != null) {
            ssmApi.stop();
        }
    }

    @BeforeEach
    void sendCommandAnswers() {
        ssmApi.resetAll();
        // SendCommand's documented answer: the Command, Pending.
        ssmApi.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.SendCommand"))
                .willReturn(json(
                        200,
                        "{\"Command\":{\"CommandId\":\"" + COMMAND_ID + "\",\"DocumentName\":"
                                + "\"AWS-RunShellScript\",\"Status\":\"Pending\",\"StatusDetails\":\"Pending\"}}")));
    }

    @Test
    @Order(1)
    void everyReplyBackIsExitZeroAfterTheInvocationAppears() {
        // Right after SendCommand the invocation does not exist yet, then it runs, then it is done.
        invocations(
                error("InvocationDoesNotExist"),
                invocation("InProgress", "InProgress", -1, ""),
                invocation("Success", "Success", 0, pingOutput(3, 3)));
        StringWriter out = new StringWriter();

        int exit = check().run(new PrintWriter(out, true));

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("ping -c 3 " + tokyoIp + " (my-tokyo-private-ec2, ap-northeast-1) from i-")
                .contains("3 packets transmitted, 3 received, 0% packet loss")
                .contains("peering works: 3 of 3 replies from " + tokyoIp);
        String instance = groupInstance();
        ssmApi.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonSSM.SendCommand"))
                .withRequestBody(matchingJsonPath("$.DocumentName", equalTo("AWS-RunShellScript")))
                .withRequestBody(matchingJsonPath("$.InstanceIds[0]", equalTo(instance)))
                .withRequestBody(matchingJsonPath("$.Parameters.commands[0]", equalTo("ping -c 3 -W 2 " + tokyoIp))));
        ssmApi.verify(
                3,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetCommandInvocation"))
                        .withRequestBody(matchingJsonPath("$.CommandId", equalTo(COMMAND_ID)))
                        .withRequestBody(matchingJsonPath("$.InstanceId", equalTo(instance))));
    }

    @Test
    @Order(2)
    void aCommandThatNeverRanSaysSoAndNotThatThePeeringIsBroken() {
        invocations(invocation("TimedOut", "DeliveryTimedOut", -1, ""));
        StringWriter out = new StringWriter();

        ExitException e = catchThrowableOfType(ExitException.class, () -> check().run(new PrintWriter(out, true)));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ExitException.AWS_FAILURE);
        assertThat(e.getMessage())
                .contains("the ping never ran on " + groupInstance())
                .contains("DeliveryTimedOut")
                .contains("SSM agent");
        assertThat(out.toString()).doesNotContain("route");
    }

    @Test
    @Order(3)
    void packetLossWithTheWayBackAndTheIcmpRuleRemovedNamesBoth() {
        Ec2Client tokyo = tokyo();
        var table = tokyo.describeRouteTables(r -> r.filters(stackTag()))
                .routeTables()
                .get(0);
        tokyo.deleteRoute(r -> r.routeTableId(table.routeTableId()).destinationCidrBlock("10.1.0.0/16"));
        String group = tokyo.describeSecurityGroups(r -> r.filters(stackTag()))
                .securityGroups()
                .get(0)
                .groupId();
        tokyo.revokeSecurityGroupIngress(r -> r.groupId(group)
                .ipPermissions(IpPermission.builder()
                        .ipProtocol("icmp")
                        .fromPort(-1)
                        .toPort(-1)
                        .ipRanges(x -> x.cidrIp("10.1.0.0/16"))
                        .build()));
        invocations(invocation("Failed", "Failed", 1, pingOutput(3, 0)));
        StringWriter out = new StringWriter();

        ExitException e = catchThrowableOfType(ExitException.class, () -> check().run(new PrintWriter(out, true)));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ExitException.AWS_FAILURE);
        assertThat(e.getMessage()).contains("got 0 of 3 replies");
        assertThat(out.toString())
                .contains("3 packets transmitted, 0 received, 100% packet loss")
                .contains("no route to 10.1.0.0/16 through pcx-")
                .contains("the peer's route table my-tokyo-rtb-private1-ap-northeast-1a")
                .contains("no rule of my-tokyo-private-ec2's security groups lets ICMP in from")
                // The stack's side and the peering itself are fine, and not blamed.
                .doesNotContain("the stack's route table")
                .doesNotContain("not active");
    }

    private static PeeringCheck check() {
        AwsClients here = moto.clients();
        AwsClients ssmThroughWireMock = new AwsClients(
                Region.of(MotoServer.REGION),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")),
                Optional.of(java.net.URI.create(ssmApi.baseUrl())));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        return new PeeringCheck(
                config,
                new StackScope(config.project(), config.stack(), Region.of(MotoServer.REGION)),
                here.build(Ec2Client.builder()),
                here.build(AutoScalingClient.builder()),
                ssmThroughWireMock.build(SsmClient.builder()),
                tokyo(),
                new Poll(Clock.systemUTC(), d -> {}, Duration.ofMillis(1), Duration.ofMillis(1)),
                new Progress(quiet, Clock.systemUTC(), false));
    }

    /** GetCommandInvocation answers these bodies in turn, the last one from then on. */
    private static void invocations(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "answer-" + (i + 1);
            ssmApi.stubFor(post(urlEqualTo("/"))
                    .inScenario("invocation")
                    .whenScenarioStateIs(state)
                    .withHeader("X-Amz-Target", equalTo("AmazonSSM.GetCommandInvocation"))
                    .willReturn(answers[i])
                    .willSetStateTo(next));
            state = next;
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder invocation(
            String status, String details, int responseCode, String stdout) {
        return json(
                200,
                "{\"CommandId\":\"" + COMMAND_ID + "\",\"InstanceId\":\"" + groupInstance()
                        + "\",\"DocumentName\":\"AWS-RunShellScript\",\"Status\":\"" + status
                        + "\",\"StatusDetails\":\"" + details + "\",\"ResponseCode\":" + responseCode
                        + ",\"StandardOutputContent\":" + quote(stdout) + ",\"StandardErrorContent\":\"\"}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(String type) {
        return json(400, "{\"__type\":\"" + type + "\",\"Message\":\"the invocation does not exist yet\"}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body);
    }

    /** What iputils' ping prints on Amazon Linux 2023. */
    private static String pingOutput(int sent, int received) {
        StringBuilder out = new StringBuilder("PING " + tokyoIp + " (" + tokyoIp + ") 56(84) bytes of data.\n");
        for (int i = 1; i <= received; i++) {
            out.append("64 bytes from ")
                    .append(tokyoIp)
                    .append(": icmp_seq=")
                    .append(i)
                    .append(" ttl=127 time=33.")
                    .append(i)
                    .append(" ms\n");
        }
        out.append("\n--- ")
                .append(tokyoIp)
                .append(" ping statistics ---\n")
                .append(sent)
                .append(" packets transmitted, ")
                .append(received)
                .append(" received, ")
                .append((sent - received) * 100 / sent)
                .append("% packet loss, time 2003ms\n");
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String groupInstance() {
        return moto
                .clients()
                .build(AutoScalingClient.builder())
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0)
                .instances()
                .stream()
                .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .map(i -> i.instanceId())
                .sorted()
                .findFirst()
                .orElseThrow();
    }

    private static Ec2Client tokyo() {
        return moto.clients().inRegion(Region.of(PeeringIT.PEER)).build(Ec2Client.builder());
    }

    private static List<Filter> stackTag() {
        return List.of(Filter.builder().name("tag:Stack").values("demo").build());
    }
}
