package dev.scaleout.infra;

import dev.scaleout.infra.peering.PeeringConnectionType;
import dev.scaleout.infra.waf.WebAclType;
import dev.scaleout.support.AwsCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.ClientVpnEndpoint;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * Whether a resource the Resource Groups Tagging API lists is in fact gone, by its own
 * service's describe: the tagging API keeps deleted resources (and their tags) listed for
 * a while, hours for some types, so a clean destroy must not count them. Each ARN is
 * confirmed with the describe of its type; an ARN of a type without a check here is not
 * gone (it is reported, and the user looks). EC2's are asked in the region the ARN names
 * (the stack's, or the VPC peering's second region).
 */
final class Gone {

    /** How AWS says "no such thing" beyond the codes {@link AwsCall#notFound} knows (IAM, RDS, ACM). */
    private static final Set<String> NOT_FOUND = Set.of(
            "NoSuchEntity",
            "DBSubnetGroupNotFoundFault",
            "DBInstanceNotFound",
            "DBSnapshotNotFound",
            "WAFNonexistentItemException");

    private Gone() {}

    /** The type of an ARN the way the checks are keyed: "ec2:vpc", "elasticloadbalancing:targetgroup", "rds:db". */
    static String kind(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return "";
        }
        String resource = parts[5];
        if (parts[2].equals("s3") && !resource.contains("/")) {
            return "s3:bucket"; // a bucket's ARN names no type: arn:aws:s3:::<bucket>
        }
        int end = resource.indexOf('/');
        int colon = resource.indexOf(':');
        if (end < 0 || (colon >= 0 && colon < end)) {
            end = colon;
        }
        return parts[2] + ":" + (end < 0 ? resource : resource.substring(0, end));
    }

    /** The last part of the ARN: the id or name its service's describe takes. */
    static String id(String arn) {
        String resource = arn.split(":", 6).length < 6 ? arn : arn.split(":", 6)[5];
        int cut = Math.max(resource.lastIndexOf('/'), resource.lastIndexOf(':'));
        return resource.substring(cut + 1);
    }

    /** Per type ("ec2:vpc"), whether the service's own describe says it is gone (or on its way out, as AWS finishes alone). */
    private static final Map<String, BiPredicate<Registry, String>> CHECKS = checks();

    private static Map<String, BiPredicate<Registry, String>> checks() {
        Map<String, BiPredicate<Registry, String>> checks = new LinkedHashMap<>();
        checks.put(
                "ec2:instance",
                (r, arn) -> every(
                        () -> r.ec2(arn).describeInstances(q -> q.instanceIds(id(arn))).reservations().stream()
                                .flatMap(x -> x.instances().stream())
                                .toList(),
                        (Instance i) -> Set.of("terminated", "shutting-down")
                                .contains(i.state().nameAsString())));
        checks.put(
                "ec2:volume",
                (r, arn) -> every(
                        () -> r.ec2(arn)
                                .describeVolumes(q -> q.volumeIds(id(arn)))
                                .volumes(),
                        (Volume v) -> v.stateAsString().startsWith("delet")));
        checks.put(
                "ec2:natgateway",
                (r, arn) -> every(
                        () -> r.ec2(arn)
                                .describeNatGateways(q -> q.natGatewayIds(id(arn)))
                                .natGateways(),
                        (NatGateway n) -> n.stateAsString().startsWith("delet")));
        checks.put(
                "ec2:vpc-peering-connection",
                (r, arn) -> every(
                        () -> r.ec2(arn)
                                .describeVpcPeeringConnections(q -> q.vpcPeeringConnectionIds(id(arn)))
                                .vpcPeeringConnections(),
                        (VpcPeeringConnection p) ->
                                PeeringConnectionType.OVER.contains(p.status().codeAsString())));
        checks.put(
                "ec2:client-vpn-endpoint",
                (r, arn) -> every(
                        () -> r.ec2(arn)
                                .describeClientVpnEndpoints(q -> q.clientVpnEndpointIds(id(arn)))
                                .clientVpnEndpoints(),
                        (ClientVpnEndpoint e) ->
                                e.status() != null && e.status().codeAsString().startsWith("delet")));
        checks.put(
                "ec2:flow-logs",
                (r, arn) -> none(() ->
                        r.ec2(arn).describeFlowLogs(q -> q.flowLogIds(id(arn))).flowLogs()));
        checks.put(
                "logs:log-group",
                (r, arn) -> none(() ->
                        r.logs().describeLogGroups(q -> q.logGroupNamePrefix(logGroupName(arn))).logGroups().stream()
                                .filter(g -> g.logGroupName().equals(logGroupName(arn)))
                                .toList()));
        checks.put(
                "ec2:vpc",
                (r, arn) -> none(
                        () -> r.ec2(arn).describeVpcs(q -> q.vpcIds(id(arn))).vpcs()));
        checks.put(
                "ec2:subnet",
                (r, arn) -> none(() ->
                        r.ec2(arn).describeSubnets(q -> q.subnetIds(id(arn))).subnets()));
        checks.put(
                "ec2:security-group",
                (r, arn) -> none(() -> r.ec2(arn)
                        .describeSecurityGroups(q -> q.groupIds(id(arn)))
                        .securityGroups()));
        checks.put(
                "ec2:internet-gateway",
                (r, arn) -> none(() -> r.ec2(arn)
                        .describeInternetGateways(q -> q.internetGatewayIds(id(arn)))
                        .internetGateways()));
        checks.put(
                "ec2:route-table",
                (r, arn) -> none(() -> r.ec2(arn)
                        .describeRouteTables(q -> q.routeTableIds(id(arn)))
                        .routeTables()));
        checks.put(
                "ec2:elastic-ip",
                (r, arn) -> none(() -> r.ec2(arn)
                        .describeAddresses(q -> q.allocationIds(id(arn)))
                        .addresses()));
        checks.put(
                "ec2:launch-template",
                (r, arn) -> none(() -> r.ec2(arn)
                        .describeLaunchTemplates(q -> q.launchTemplateIds(id(arn)))
                        .launchTemplates()));
        checks.put(
                "ec2:network-interface",
                (r, arn) -> none(() -> r.ec2(arn)
                        .describeNetworkInterfaces(q -> q.networkInterfaceIds(id(arn)))
                        .networkInterfaces()));
        checks.put(
                "ec2:snapshot",
                (r, arn) -> every(
                        () -> r.ec2(arn)
                                .describeSnapshots(q -> q.snapshotIds(id(arn)))
                                .snapshots(),
                        (Snapshot s) -> false));
        checks.put(
                "ec2:image",
                (r, arn) -> every(
                        () -> r.ec2(arn)
                                .describeImages(q -> q.imageIds(id(arn)))
                                .images(),
                        (Image i) -> "deregistered".equals(i.stateAsString())));
        checks.put(
                "elasticloadbalancing:loadbalancer",
                (r, arn) -> none(() -> r.elbv2()
                        .describeLoadBalancers(q -> q.loadBalancerArns(arn))
                        .loadBalancers()));
        checks.put(
                "elasticloadbalancing:targetgroup",
                (r, arn) -> none(() -> r.elbv2()
                        .describeTargetGroups(q -> q.targetGroupArns(arn))
                        .targetGroups()));
        checks.put(
                "elasticloadbalancing:listener",
                (r, arn) -> none(() ->
                        r.elbv2().describeListeners(q -> q.listenerArns(arn)).listeners()));
        checks.put(
                "rds:db",
                (r, arn) -> every(
                        () -> r.rds()
                                .describeDBInstances(q -> q.dbInstanceIdentifier(id(arn)))
                                .dbInstances(),
                        (DBInstance d) -> "deleting".equals(d.dbInstanceStatus())));
        checks.put(
                "rds:subgrp",
                (r, arn) -> none(() -> r.rds()
                        .describeDBSubnetGroups(q -> q.dbSubnetGroupName(id(arn)))
                        .dbSubnetGroups()));
        checks.put(
                "rds:snapshot",
                (r, arn) -> every(
                        () -> r.rds()
                                .describeDBSnapshots(q -> q.dbSnapshotIdentifier(id(arn)))
                                .dbSnapshots(),
                        (DBSnapshot s) -> "deleting".equals(s.status())));
        checks.put(
                "acm:certificate",
                (r, arn) -> none(() -> List.of(
                        r.acm().describeCertificate(q -> q.certificateArn(arn)).certificate())));
        checks.put(
                "autoscaling:autoScalingGroup",
                (r, arn) -> every(
                        () -> r.autoscaling()
                                .describeAutoScalingGroups(q -> q.autoScalingGroupNames(id(arn)))
                                .autoScalingGroups(),
                        (AutoScalingGroup g) -> "Delete in progress".equals(g.status())));
        checks.put(
                "s3:bucket",
                (r, arn) -> none(() -> {
                    try {
                        r.s3().headBucket(q -> q.bucket(id(arn)));
                        return List.of(arn);
                    } catch (S3Exception e) {
                        if (e.statusCode() == 404) {
                            return List.of(); // HeadBucket answers a bare 404: no code to go by
                        }
                        throw e;
                    }
                }));
        checks.put(
                "wafv2:regional",
                (r, arn) -> none(() -> List.of(r.wafv2()
                        .getWebACL(q -> q.scope(Scope.REGIONAL)
                                .name(WebAclType.nameAndId(arn)[0])
                                .id(WebAclType.nameAndId(arn)[1]))
                        .webACL())));
        checks.put(
                "iam:role",
                (r, arn) -> none(
                        () -> List.of(r.iam().getRole(q -> q.roleName(id(arn))).role())));
        checks.put(
                "iam:instance-profile",
                (r, arn) -> none(() -> List.of(r.iam()
                        .getInstanceProfile(q -> q.instanceProfileName(id(arn)))
                        .instanceProfile())));
        return checks;
    }

    /** A log group's name is a path ("/project/stack/name"): all of the ARN after "log-group:", less a ":*". */
    static String logGroupName(String arn) {
        String name = arn.substring(arn.indexOf(":log-group:") + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    /** Whether there is a check for the ARN's type. */
    static boolean checkable(String arn) {
        return CHECKS.containsKey(kind(arn));
    }

    /** Gone by its own describe; an ARN of a type without a check is not. */
    static boolean isGone(Registry registry, String arn) {
        BiPredicate<Registry, String> check = CHECKS.get(kind(arn));
        return check != null && check.test(registry, arn);
    }

    private static <T> boolean none(Supplier<List<T>> describe) {
        return every(describe, x -> false);
    }

    /** Gone when the describe says not found, finds nothing, or finds only what {@code leaving} accepts. */
    private static <T> boolean every(Supplier<List<T>> describe, Predicate<T> leaving) {
        List<T> found;
        try {
            found = describe.get();
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e) || NOT_FOUND.contains(AwsCall.code(e))) {
                return true;
            }
            throw e;
        }
        return found.stream().allMatch(leaving);
    }
}
