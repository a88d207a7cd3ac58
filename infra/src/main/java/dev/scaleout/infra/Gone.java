package dev.scaleout.infra;

import dev.scaleout.infra.peering.PeeringConnectionType;
import dev.scaleout.support.AwsCall;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Whether a resource the tagging API still lists is in fact gone: AWS (and moto) keep
 * terminated instances and deleted NAT gateways, with their tags, visible for a while, and
 * may list a volume deleted with its instance, and a deleted VPC peering.
 */
final class Gone {

    private Gone() {}

    /** {@code ec2}: the client of the region the ARN names. */
    static boolean isGone(Ec2Client ec2, String arn, String id) {
        try {
            if (arn.contains(":instance/")) {
                return ec2.describeInstances(r -> r.instanceIds(id)).reservations().stream()
                        .flatMap(r -> r.instances().stream())
                        .allMatch(i -> i.state().nameAsString().equals("terminated")
                                || i.state().nameAsString().equals("shutting-down"));
            }
            if (arn.contains(":volume/")) {
                return ec2.describeVolumes(r -> r.volumeIds(id)).volumes().stream()
                        .allMatch(v -> v.stateAsString().startsWith("delet"));
            }
            if (arn.contains(":vpc-peering-connection/")) {
                return ec2
                        .describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id))
                        .vpcPeeringConnections()
                        .stream()
                        .allMatch(p ->
                                PeeringConnectionType.OVER.contains(p.status().codeAsString()));
            }
            if (arn.contains(":natgateway/")) {
                return ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                        .allMatch(n -> n.stateAsString().startsWith("delet"));
            }
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e)) {
                return true;
            }
            throw e;
        }
        return false;
    }
}
