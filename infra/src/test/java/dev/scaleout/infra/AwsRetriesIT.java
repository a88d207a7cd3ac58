package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.QuickRetry;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * What real AWS answers for a while where moto answers at once, made to happen against moto
 * ({@link AwsAnswers}: the documented error first, then the call goes through): eventual
 * consistency right after creates and deletes refused until something lets go. Apply and
 * destroy must get through with a progress line per wait, make nothing twice, and fail at
 * once, naming the call, on an error that waiting cannot clear. The retries' clock is a
 * test clock, so minutes of backoff take no time.
 *
 * <p>The codes, statuses and messages are the ones the EC2, IAM, ELB, Auto Scaling and ACM API
 * references document for these calls (UnsupportedCertificate is not in the ELB model; it is
 * the code the HTTPS listener is reported to answer while a new certificate propagates). How
 * long AWS keeps answering them is not something moto or this test can show.
 */
@ExtendWith(MotoExtension.class)
class AwsRetriesIT {

    static MotoServer moto;
    static String zone;

    static final String PROFILE_MESSAGE =
            "Value (my-app-role) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name";

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
        zone = moto.clients()
                .build(Route53Client.builder())
                .createHostedZone(r -> r.name("example.com").callerReference("retries-" + System.nanoTime()))
                .hostedZone()
                .id();
    }

    /** A stack with everything a retry guards: HTTPS (certificate, listener, alias) and the bastion. */
    static StackConfig config(String stack) {
        StackConfig d = TestStacks.config(stack, stack);
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                d.security(),
                new StackConfig.Bastion(true, "t3.micro"),
                d.database(),
                d.loadBalancer(),
                new StackConfig.Dns("example.com", zone, stack + "-app"),
                d.instances(),
                d.autoScaling());
    }

    final MutableClock clock = new MutableClock();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    final Progress progress = new Progress(out, clock, false);
    /**
     * Each pause moves the test clock on by its length (the progress lines show AWS's times),
     * and takes a hundredth of it in real time: moto's ACM issues the certificate a few real
     * seconds after the request, which the certificate's wait must see.
     */
    final Retry retry = new Retry(progress, clock, d -> {
        clock.advance(d);
        QuickRetry.sleep(d);
    });

    StackRun run(StackConfig config, AwsClients clients) {
        return new StackRun(config, clients, out, progress, retry);
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void applyAndDestroyWaitOutWhatAwsAnswersRightAfterCreatesAndWhileDeletesAreRefused() {
        StackConfig config = config("settle");
        String prefix = config.prefix();
        try (AwsAnswers aws = new AwsAnswers()) {
            aws.answer("ModifyVpcAttribute", 2, 400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")
                    .answer("CreateSubnet", 2, 400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")
                    .answer("CreateRouteTable", 1, 400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")
                    .answer("CreateSecurityGroup", 1, 400, "InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist")
                    .answer(
                            "AttachInternetGateway",
                            1,
                            400,
                            "InvalidInternetGatewayID.NotFound",
                            "The internetGateway ID 'igw-1' does not exist")
                    .answer(
                            "CreateRoute",
                            2,
                            400,
                            "InvalidRouteTableID.NotFound",
                            "The routeTable ID 'rtb-1' does not exist")
                    .answer(
                            "AssociateRouteTable",
                            1,
                            400,
                            "InvalidSubnetID.NotFound",
                            "The subnet ID 'subnet-1' does not exist")
                    .answer(
                            "AuthorizeSecurityGroupIngress",
                            2,
                            400,
                            "InvalidGroup.NotFound",
                            "The security group 'sg-1' does not exist")
                    .answer(
                            "AddRoleToInstanceProfile",
                            2,
                            404,
                            "NoSuchEntity",
                            "The role with name " + prefix + "-app-role cannot be found.")
                    .answer(
                            "AttachRolePolicy",
                            1,
                            404,
                            "NoSuchEntity",
                            "The role with name " + prefix + "-app-role cannot be found.")
                    .answer("CreateLaunchTemplate", 2, 400, "InvalidParameterValue", PROFILE_MESSAGE)
                    .answer("RunInstances", 2, 400, "InvalidParameterValue", PROFILE_MESSAGE)
                    .answer(
                            "DescribeInstances",
                            r -> !((DescribeInstancesRequest) r).instanceIds().isEmpty(),
                            1,
                            400,
                            "InvalidInstanceID.NotFound",
                            "The instance ID 'i-1' does not exist")
                    .answer(
                            "CreateAutoScalingGroup",
                            2,
                            400,
                            "ValidationError",
                            "You must use a valid fully-formed launch template. " + PROFILE_MESSAGE)
                    .answer(
                            "CreateListener",
                            r -> "HTTPS".equals(((CreateListenerRequest) r).protocolAsString()),
                            1,
                            400,
                            "CertificateNotFound",
                            "Certificate 'arn:aws:acm:eu-west-1:123456789012:certificate/1' not found")
                    .answer(
                            "CreateListener",
                            r -> "HTTPS".equals(((CreateListenerRequest) r).protocolAsString()),
                            1,
                            400,
                            "UnsupportedCertificate",
                            "The certificate 'arn:aws:acm:eu-west-1:123456789012:certificate/1' must have a"
                                    + " fully-qualified domain name, a supported signature, and a supported key size.");
            AwsClients clients = moto.clients().intercept(aws);
            Instant start = clock.instant();
            StackRun apply = run(config, clients);
            TestStacks.apply(apply);

            assertThat(aws.pending()).as("every answer was given").isEmpty();
            assertThat(printed())
                    .contains("ModifyVpcAttribute ")
                    .containsPattern("CreateSubnet " + prefix
                            + "-\\S+: refused with InvalidVpcID.NotFound \\(not visible yet\\)")
                    .containsPattern("CreateRouteTable " + prefix
                            + "-\\S+: refused with InvalidVpcID.NotFound \\(not visible yet\\)")
                    .containsPattern("CreateSecurityGroup " + prefix
                            + "-\\S+: refused with InvalidVpcID.NotFound \\(not visible yet\\)")
                    .contains(": refused with InvalidVpcID.NotFound (not visible yet)")
                    .contains(": refused with InvalidInternetGatewayID.NotFound (not visible yet)")
                    .contains(": refused with InvalidSubnetID.NotFound (not visible yet)")
                    .contains(": refused with InvalidRouteTableID.NotFound (not visible yet)")
                    .contains(": refused with InvalidGroup.NotFound (not visible yet)")
                    .contains("AddRoleToInstanceProfile " + prefix + "-app-role: refused with NoSuchEntity")
                    .contains("CreateLaunchTemplate " + prefix + "-asg-lt: refused with InvalidParameterValue")
                    .contains("RunInstances " + prefix
                            + "-bastion-host: refused with InvalidParameterValue (instance profile not visible yet)")
                    .contains("CreateAutoScalingGroup " + prefix + "-asg-ec2: refused with ValidationError")
                    .contains(": refused with CertificateNotFound (certificate not visible yet)")
                    .contains(": refused with UnsupportedCertificate (certificate not visible yet)")
                    .contains(": done (");
            assertThat(printed()).contains("bastion " + prefix + "-bastion-host: not visible yet");
            assertThat(clock.instant())
                    .as("the retries waited on the test clock")
                    .isAfter(start);

            // Nothing was made twice by the calls asked again: a fresh look plans nothing.
            StackRun again = TestStacks.run(config, moto.clients());
            Plan plan = again.plan(again.discover());
            assertThat(plan.changes().stream().filter(Change::mutates).toList())
                    .as(PlanPrinter.render(plan))
                    .isEmpty();
        }

        printed.reset();
        try (AwsAnswers aws = new AwsAnswers()) {
            aws.answer(
                            "DeleteTargetGroup",
                            2,
                            400,
                            "ResourceInUse",
                            "Target group 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/1'"
                                    + " is currently in use by a listener or a rule")
                    .answer(
                            "DeleteCertificate",
                            2,
                            400,
                            "ResourceInUseException",
                            "Certificate arn:aws:acm:eu-west-1:123456789012:certificate/1 in account 123456789012"
                                    + " is in use.")
                    .answer(
                            "ReleaseAddress",
                            1,
                            400,
                            "InvalidNetworkInterfaceID.NotFound",
                            "The networkInterface ID 'eni-1' does not exist")
                    .answer(
                            "ReleaseAddress",
                            1,
                            400,
                            "AuthFailure",
                            "You do not have permission to access the specified resource.")
                    .answer(
                            "DeleteSecurityGroup",
                            1,
                            400,
                            "DependencyViolation",
                            "resource sg-1 has a dependent object");
            StackRun destroy = run(config, moto.clients().intercept(aws));
            assertThat(destroy.destroy(destroy.discover())).as("left over").isEmpty();

            assertThat(aws.pending()).as("every answer was given").isEmpty();
            assertThat(printed())
                    .contains("delete target-group/")
                    .contains(": refused with ResourceInUse (still in use)")
                    .contains("delete certificate/")
                    .contains(": refused with ResourceInUseException (still in use)")
                    .contains("release elastic-ip/")
                    .contains(": refused with InvalidNetworkInterfaceID.NotFound (address still held)")
                    .contains(": refused with AuthFailure (address still held)")
                    .contains(": refused with DependencyViolation (still in use)");
            StackRun after = TestStacks.run(config, moto.clients());
            assertThat(after.discover().all())
                    .as("nothing of the stack is left")
                    .isEmpty();
        }
    }

    /**
     * A changed launch template is a new version, and the group is moved to it at once: Auto
     * Scaling refuses a version made a moment ago with the ValidationError it gives for a
     * template that is not fully formed, then takes it. The apply waits that out.
     */
    @Test
    void theGroupMovesToANewTemplateVersionAutoScalingDoesNotKnowYet() {
        StackConfig first = TestStacks.config("version", "version");
        TestStacks.apply(run(first, moto.clients()));
        StackConfig bigger = new StackConfig(
                first.project(),
                first.stack(),
                first.prefix(),
                first.region(),
                first.network(),
                first.security(),
                first.bastion(),
                first.database(),
                first.loadBalancer(),
                first.dns(),
                new StackConfig.Instances(
                        first.instances().amiParameter(),
                        first.instances().amiId(),
                        "t3.small",
                        first.instances().rootVolumeGb(),
                        first.instances().stressTokenParameter()),
                first.autoScaling());
        try (AwsAnswers aws = new AwsAnswers()) {
            aws.answer(
                    "UpdateAutoScalingGroup",
                    2,
                    400,
                    "ValidationError",
                    "You must use a valid fully-formed launch template. The launch template version 2 does not exist");
            AwsClients clients = moto.clients().intercept(aws);

            TestStacks.apply(run(bigger, clients));

            assertThat(aws.pending()).as("every answer was given").isEmpty();
            assertThat(printed())
                    .contains("UpdateAutoScalingGroup version-asg-ec2: refused with ValidationError"
                            + " (launch template version not usable yet)");
            assertThat(clients.calls().byOperation()).containsEntry("AutoScaling:UpdateAutoScalingGroup", 3);
            var group = moto.clients()
                    .build(software.amazon.awssdk.services.autoscaling.AutoScalingClient.builder())
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames("version-asg-ec2"))
                    .autoScalingGroups()
                    .get(0);
            assertThat(group.launchTemplate().version()).isEqualTo("2");
        }
        StackRun cleanup = TestStacks.run(first, moto.clients());
        assertThat(cleanup.destroy(cleanup.discover())).isEmpty();
    }

    /** An error AWS does not take back by waiting (here: no permission) fails the first time, named. */
    @Test
    void anErrorWaitingCannotClearFailsAtOnceNamingTheCallAndTheCode() {
        StackConfig config = config("denied");
        try (AwsAnswers aws = new AwsAnswers()) {
            aws.answer(
                    "CreateRoute",
                    1,
                    403,
                    "UnauthorizedOperation",
                    "You are not authorized to perform this operation.");
            AwsClients clients = moto.clients().intercept(aws);
            Instant before = clock.instant();

            Throwable thrown = catchThrowable(() -> TestStacks.apply(run(config, clients)));

            assertThat(thrown)
                    .isInstanceOf(ExitException.class)
                    .hasMessageMatching("create route-table/denied-\\S+: UnauthorizedOperation: You are not"
                            + " authorized to perform this operation\\.");
            assertThat(((ExitException) thrown).code()).isEqualTo(ExitException.AWS_FAILURE);
            assertThat(clients.calls().byOperation()).containsEntry("Ec2:CreateRoute", 1);
            assertThat(clock.instant()).as("no wait").isEqualTo(before);
            assertThat(printed()).doesNotContain("refused with");
        }
        StackRun cleanup = TestStacks.run(config, moto.clients());
        assertThat(cleanup.destroy(cleanup.discover())).isEmpty();
    }
}
