package dev.scaleout.infra.peering;

import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.support.ExitException;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;

/**
 * Whether a run must look in the peer region although {@code peering.enabled} is false: a
 * peering into the stack's VPC from there is still alive (peering was on before, or an
 * apply stopped half-way), so the plan can take it and the peer's VPC away and destroy can
 * find them. Asked in the stack's own region with the VPC ids discovery found (one read),
 * so a stack that never peered never calls another region (an account may forbid it). A peering of this stack from a region other
 * than {@code peering.region} is refused (exit 2): this run could not reach it.
 */
public final class PeerRegionInUse {

    private PeerRegionInUse() {}

    /** {@code stackVpcs}: the ids of the stack's VPCs, as discovery found them (one read here, none without a VPC). */
    public static boolean check(Ec2Client stackEc2, StackScope scope, String peerRegion, List<String> stackVpcs) {
        Set<String> vpcs = Set.copyOf(stackVpcs);
        if (vpcs.isEmpty()) {
            return false;
        }
        // Filtered by AWS, and again here: moto ignores filters on this call.
        List<VpcPeeringConnection> into = stackEc2
                .describeVpcPeeringConnectionsPaginator(r -> r.filters(Filter.builder()
                        .name("accepter-vpc-info.vpc-id")
                        .values(vpcs)
                        .build()))
                .vpcPeeringConnections()
                .stream()
                .filter(p -> p.accepterVpcInfo() != null
                        && vpcs.contains(p.accepterVpcInfo().vpcId()))
                .filter(p -> !PeeringConnectionType.OVER.contains(p.status().codeAsString()))
                .toList();
        boolean inUse = false;
        for (VpcPeeringConnection p : into) {
            String from = p.requesterVpcInfo().region();
            if (peerRegion.equals(from)) {
                inUse = true;
            } else if (Ec2Tags.inStack(p.tags(), scope)) {
                throw ExitException.userError("peering.region: this stack's peering "
                        + Ec2Tags.name(p.tags()) + " (" + p.vpcPeeringConnectionId() + ") comes from " + from
                        + ", not " + peerRegion + ": set peering.region back to " + from
                        + " and apply with peering.enabled: false (or destroy) to remove it, then change the region");
            }
        }
        return inUse;
    }
}
