package dev.scaleout.infra.peering;

import dev.scaleout.infra.compute.ComputeSpecs;
import dev.scaleout.infra.config.Cidr;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * {@code infra check peering}: the course's ping test. {@code ping -c 3} from the stack's
 * private instance ({@code my-private-ec2} when there is one, else an InService instance of
 * the Auto Scaling group) to {@code my-tokyo-private-ec2}, run by SSM Run Command (no SSH,
 * no inbound rule on the stack's side). Exit 0 only when every reply came back; otherwise
 * it reads from AWS what is in the way: the peering's state, the route on each side, the
 * test instance's ICMP rule, or an SSM agent that never ran the command.
 */
public final class PeeringCheck {

    /** GetCommandInvocation's final states (the others: Pending, InProgress, Delayed, Cancelling). */
    private static final Set<String> FINAL = Set.of("Success", "Failed", "TimedOut", "Cancelled");
    /** Status details that say the command never reached or never ran on the instance. */
    private static final Set<String> NEVER_RAN = Set.of("DeliveryTimedOut", "Undeliverable", "Terminated");

    private static final Pattern REPLIES = Pattern.compile("(\\d+) packets transmitted, (\\d+) (packets )?received");
    /** Run Command's own limits: AWS gives up delivering after this, and the whole wait stays bounded. */
    static final int DELIVERY_TIMEOUT_SECONDS = 60;

    private static final Duration WAIT = Duration.ofMinutes(4);

    private final StackConfig config;
    private final StackScope scope;
    private final Ec2Client ec2;
    private final AutoScalingClient autoscaling;
    private final SsmClient ssm;
    private final Ec2Client peerEc2;
    private final Poll poll;
    private final Progress progress;

    /** {@code ec2}, {@code autoscaling}, {@code ssm}: the stack region's; {@code peerEc2}: the peer region's. */
    public PeeringCheck(
            StackConfig config,
            StackScope scope,
            Ec2Client ec2,
            AutoScalingClient autoscaling,
            SsmClient ssm,
            Ec2Client peerEc2,
            Poll poll,
            Progress progress) {
        this.config = config;
        this.scope = scope;
        this.ec2 = ec2;
        this.autoscaling = autoscaling;
        this.ssm = ssm;
        this.peerEc2 = peerEc2;
        this.poll = poll;
        this.progress = progress;
    }

    /** Returns 0 when every reply came back; otherwise prints what is wrong and fails with exit 1. */
    public int run(PrintWriter out) {
        requireConfigured(config);
        String region = config.peering().region();
        Instance target = running(peerEc2, PeeringSpecs.instanceName(config))
                .orElseThrow(() -> ExitException.failure(PeeringSpecs.instanceName(config) + " is not running in "
                        + region + ": run infra apply (peering.testInstance: true)"));
        Instance source = source();
        String ip = target.privateIpAddress();
        out.println("ping -c 3 " + ip + " (" + PeeringSpecs.instanceName(config) + ", " + region + ") from "
                + source.instanceId() + " (" + Ec2Tags.name(source.tags()) + ", "
                + scope.region().id()
                + ") through SSM Run Command");
        out.flush();
        GetCommandInvocationResponse result = ping(source.instanceId(), ip);
        out.print(result.standardOutputContent() == null ? "" : result.standardOutputContent());
        if (result.standardErrorContent() != null
                && !result.standardErrorContent().isBlank()) {
            out.print(result.standardErrorContent());
        }
        String details = String.valueOf(result.statusDetails()).replace(" ", "");
        if (NEVER_RAN.contains(details)
                || (!"Success".equals(result.statusAsString())
                        && Integer.valueOf(-1).equals(result.responseCode()))) {
            throw ExitException.failure("the ping never ran on " + source.instanceId() + ": SSM says "
                    + result.statusAsString() + " (" + result.statusDetails() + "); is its SSM agent online? "
                    + "(aws ssm describe-instance-information --region "
                    + scope.region().id() + "; the instance "
                    + "needs the AmazonSSMManagedInstanceCore role and a way out through the NAT)");
        }
        Matcher m = REPLIES.matcher(String.valueOf(result.standardOutputContent()));
        int sent = 0;
        int received = 0;
        if (m.find()) {
            sent = Integer.parseInt(m.group(1));
            received = Integer.parseInt(m.group(2));
        }
        if ("Success".equals(result.statusAsString()) && sent > 0 && received == sent) {
            out.println("peering works: " + received + " of " + sent + " replies from " + ip);
            return 0;
        }
        out.println("only " + received + " of " + sent + " replies came back; what AWS says:");
        List<String> problems = diagnose(source, target);
        if (problems.isEmpty()) {
            out.println("  peering, routes and the ICMP rule look right: a network ACL or the instance's own "
                    + "firewall may drop ICMP, or replies were lost on the way: run the check again");
        }
        problems.forEach(p -> out.println("  - " + p));
        out.flush();
        throw ExitException.failure(
                "the ping from " + source.instanceId() + " to " + ip + " got " + received + " of " + sent + " replies");
    }

    /** Exit 2 before any AWS call when the config has nothing to ping. */
    public static void requireConfigured(StackConfig config) {
        if (!config.peering().enabled()) {
            throw ExitException.userError(
                    "peering.enabled: peering is off in the config: set peering.enabled: true and run infra apply first");
        }
        if (!config.peering().testInstance()) {
            throw ExitException.userError("peering.testInstance: there is no test instance to ping: set "
                    + "peering.testInstance: true and run infra apply first");
        }
    }

    /** {@code my-private-ec2} when it runs, else the first InService instance of the group. */
    private Instance source() {
        Optional<Instance> privateInstance = running(ec2, config.prefix() + "-private-ec2");
        if (privateInstance.isPresent()) {
            return privateInstance.get();
        }
        String group = ComputeSpecs.groupName(config);
        String id =
                autoscaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups().stream()
                        .flatMap(g -> g.instances().stream())
                        .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                        .map(i -> i.instanceId())
                        .sorted()
                        .findFirst()
                        .orElseThrow(() -> ExitException.failure("no InService instance in " + group
                                + " to ping from: run infra apply, and infra status to see the group"));
        return ec2.describeInstances(r -> r.instanceIds(id))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    private Optional<Instance> running(Ec2Client client, String name) {
        List<Filter> filters = new ArrayList<>(Ec2Tags.stackFilters(scope));
        filters.add(Filter.builder().name("tag:Name").values(name).build());
        filters.add(
                Filter.builder().name("instance-state-name").values("running").build());
        return client.describeInstancesPaginator(r -> r.filters(filters)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .findFirst();
    }

    private GetCommandInvocationResponse ping(String instanceId, String ip) {
        String commandId = ssm.sendCommand(r -> r.instanceIds(instanceId)
                        .documentName("AWS-RunShellScript")
                        .comment("infra check peering")
                        .timeoutSeconds(DELIVERY_TIMEOUT_SECONDS)
                        .parameters(
                                Map.of("commands", List.of("ping -c 3 -W 2 " + ip), "executionTimeout", List.of("30"))))
                .command()
                .commandId();
        return poll.until(
                "ping from " + instanceId + " (command " + commandId + ")",
                WAIT,
                () -> invocation(commandId, instanceId),
                i -> i == null ? "sent" : i.statusAsString(),
                i -> i != null && FINAL.contains(i.statusAsString()),
                progress);
    }

    /** Null right after SendCommand: the invocation is not there yet (InvocationDoesNotExist). */
    private GetCommandInvocationResponse invocation(String commandId, String instanceId) {
        try {
            return ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId));
        } catch (AwsServiceException e) {
            if ("InvocationDoesNotExist".equals(AwsCall.code(e))) {
                return null;
            }
            throw e;
        }
    }

    /** What stands between the two instances, read from AWS; empty when nothing does. */
    List<String> diagnose(Instance source, Instance target) {
        List<String> problems = new ArrayList<>();
        String name = PeeringSpecs.peeringName(config);
        Optional<VpcPeeringConnection> peering = peerEc2
                .describeVpcPeeringConnectionsPaginator(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .vpcPeeringConnections()
                .stream()
                .filter(p -> Ec2Tags.inStack(p.tags(), scope) && name.equals(Ec2Tags.name(p.tags())))
                .filter(p -> !PeeringConnectionType.OVER.contains(p.status().codeAsString()))
                .findFirst();
        if (peering.isEmpty()) {
            problems.add(
                    "peering " + name + " does not exist in " + config.peering().region() + ": run infra apply");
            return problems;
        }
        String pcx = peering.get().vpcPeeringConnectionId();
        String status = peering.get().status().codeAsString();
        if (!PeeringConnectionType.ACTIVE.equals(status)) {
            problems.add("peering " + name + " (" + pcx + ") is " + status + ", not active: run infra apply "
                    + "(it accepts the request in " + scope.region().id() + ")");
        }
        route(ec2, source.subnetId(), config.peering().vpcCidr(), pcx, "the stack's")
                .ifPresent(problems::add);
        route(peerEc2, target.subnetId(), config.network().vpcCidr(), pcx, "the peer's")
                .ifPresent(problems::add);
        if (!allowsIcmp(target, source.privateIpAddress())) {
            problems.add("no rule of " + PeeringSpecs.instanceName(config) + "'s security groups lets ICMP in from "
                    + source.privateIpAddress() + ": run infra apply (it allows all ICMP from "
                    + config.network().vpcCidr() + ")");
        }
        return problems;
    }

    /** A problem when the subnet's route table sends {@code cidr} anywhere but {@code pcx}, or nowhere. */
    private static Optional<String> route(Ec2Client client, String subnet, String cidr, String pcx, String side) {
        List<RouteTable> tables = client.describeRouteTables(r -> r.filters(Filter.builder()
                        .name("association.subnet-id")
                        .values(subnet)
                        .build()))
                .routeTables();
        String table = tables.isEmpty()
                ? "the main route table"
                : Optional.ofNullable(Ec2Tags.name(tables.get(0).tags()))
                        .orElse(tables.get(0).routeTableId());
        boolean ok = tables.stream()
                .flatMap(t -> t.routes().stream())
                .anyMatch(r -> cidr.equals(r.destinationCidrBlock())
                        && pcx.equals(r.vpcPeeringConnectionId())
                        && !"blackhole".equals(r.stateAsString()));
        return ok
                ? Optional.empty()
                : Optional.of("no route to " + cidr + " through " + pcx + " in " + side + " route table " + table
                        + " (subnet " + subnet + "): run infra apply");
    }

    private boolean allowsIcmp(Instance target, String sourceIp) {
        List<String> groups =
                target.securityGroups().stream().map(g -> g.groupId()).toList();
        if (groups.isEmpty()) {
            return false;
        }
        Cidr from = Cidr.parse(sourceIp + "/32").orElseThrow();
        for (var g : peerEc2.describeSecurityGroups(r -> r.groupIds(groups)).securityGroups()) {
            for (IpPermission p : g.ipPermissions()) {
                boolean icmp =
                        "icmp".equals(p.ipProtocol()) || "1".equals(p.ipProtocol()) || "-1".equals(p.ipProtocol());
                if (icmp
                        && p.ipRanges().stream()
                                .anyMatch(r -> Cidr.parse(r.cidrIp())
                                        .map(c -> c.contains(from))
                                        .orElse(false))) {
                    return true;
                }
            }
        }
        return false;
    }
}
