package dev.scaleout.infra;

import dev.scaleout.support.AwsCall;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Whether a resource the tagging API still lists is in fact gone: AWS (and moto) keep
 * terminated instances and deleted NAT gateways, with their tags, visible for a while, and
 * may list a volume deleted with its instance, and Client VPN endpoints deleted a moment ago.
 */
final class Gone {

    private Gone() {}

    static boolean isGone(Registry registry, String arn, String id) {
        try {
            if (arn.contains(":instance/")) {
                return registry.ec2().describeInstances(r -> r.instanceIds(id)).reservations().stream()
                        .flatMap(r -> r.instances().stream())
                        .allMatch(i -> i.state().nameAsString().equals("terminated")
                                || i.state().nameAsString().equals("shutting-down"));
            }
            if (arn.contains(":volume/")) {
                return registry.ec2().describeVolumes(r -> r.volumeIds(id)).volumes().stream()
                        .allMatch(v -> v.stateAsString().startsWith("delet"));
            }
            if (arn.contains(":natgateway/")) {
                return registry.ec2().describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                        .allMatch(n -> n.stateAsString().startsWith("delet"));
            }
            if (arn.contains(":client-vpn-endpoint/")) {
                return registry
                        .ec2()
                        .describeClientVpnEndpoints(r -> r.clientVpnEndpointIds(id))
                        .clientVpnEndpoints()
                        .stream()
                        .allMatch(e ->
                                e.status() != null && e.status().codeAsString().startsWith("delet"));
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
