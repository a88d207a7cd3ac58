package dev.scaleout.infra.peering;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnection;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionOptionsDescription;

/**
 * "vpc-peering": the course's {@code my-peer-tokyo-to-seoul}, requested from the peer
 * region's VPC ({@code vpc}, a "peer-vpc") to the stack's ({@code accepterVpc}) in the
 * stack's region ({@code accepterRegion}), all three replace; then accepted there.
 * {@code status} is wanted {@code active}: a found request still pending acceptance is an
 * update (accept it). {@code remoteDns} is DNS resolution of the other side's private names
 * across the peering, set on each side in its own region (AWS's rule for cross-region
 * peering). {@code accepterName}: the Name tag on the accepter's side, which AWS keeps apart
 * from the requester's tags for a cross-region peering (the course renames it there by hand).
 *
 * <p>Found on the requester's side, where its tags are set in the create call itself. A
 * cross-region request is "initiating-request" for a while before the accepter's region sees
 * it: accepting waits for it there with bounded polling.
 */
public final class PeeringConnectionType implements ManagedType {

    public static final String TYPE = "vpc-peering";
    public static final Setting VPC =
            Setting.reference("vpc", PeerTypes.VPC_TYPE).replaces();
    public static final Setting ACCEPTER_VPC =
            Setting.reference("accepterVpc", VpcType.TYPE).replaces();
    public static final Setting ACCEPTER_REGION =
            Setting.scalar("accepterRegion").replaces();
    public static final Setting STATUS = Setting.scalar("status");
    public static final Setting REMOTE_DNS = Setting.scalar("remoteDns");
    public static final Setting ACCEPTER_NAME = Setting.scalar("accepterName");
    public static final Schema SCHEMA =
            Schema.of(TYPE, VPC, ACCEPTER_VPC, ACCEPTER_REGION, STATUS, REMOTE_DNS, ACCEPTER_NAME);

    public static final String ACTIVE = "active";
    private static final String PENDING = "pending-acceptance";
    /** States of a peering that is over: AWS lists them for a while; a new one is requested instead. */
    public static final Set<String> OVER = Set.of("deleted", "deleting", "rejected", "failed", "expired");

    private static final Duration ACCEPT_TIMEOUT = Duration.ofMinutes(10);

    private final Ec2Client requester;
    private final Ec2Client accepter;
    private final Region requesterRegion;
    private final Poll poll;
    private final Progress progress;

    /** {@code requester}: the peer region's EC2; {@code accepter}: the stack region's. */
    public PeeringConnectionType(
            Ec2Client requester, Region requesterRegion, Ec2Client accepter, Poll poll, Progress progress) {
        this.requester = requester;
        this.requesterRegion = requesterRegion;
        this.accepter = accepter;
        this.poll = poll;
        this.progress = progress;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public String region() {
        return requesterRegion.id();
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        // Tag filters as AWS applies them, and again here: moto ignores filters on this call.
        List<VpcPeeringConnection> found = requester
                .describeVpcPeeringConnectionsPaginator(r -> r.filters(Ec2Tags.stackFilters(scope)))
                .vpcPeeringConnections()
                .stream()
                .filter(p -> Ec2Tags.inStack(p.tags(), scope))
                .filter(p -> p.requesterVpcInfo() != null
                        && requesterRegion.id().equals(p.requesterVpcInfo().region()))
                .filter(p -> !OVER.contains(p.status().codeAsString()))
                .toList();
        if (found.isEmpty()) {
            return List.of();
        }
        Map<String, String> accepterNames = new HashMap<>();
        for (VpcPeeringConnection p : accepter.describeVpcPeeringConnectionsPaginator(
                        r -> r.filters(Ec2Tags.stackFilters(scope)))
                .vpcPeeringConnections()) {
            Ec2Tags.tag(p.tags(), "Name").ifPresent(n -> accepterNames.put(p.vpcPeeringConnectionId(), n));
        }
        return found.stream()
                .map(p -> Actual.of(
                        type(),
                        Ec2Tags.name(p.tags()),
                        p.vpcPeeringConnectionId(),
                        Map.of(
                                VPC.key(), p.requesterVpcInfo().vpcId(),
                                ACCEPTER_VPC.key(), p.accepterVpcInfo().vpcId(),
                                ACCEPTER_REGION.key(),
                                        String.valueOf(p.accepterVpcInfo().region()),
                                STATUS.key(), p.status().codeAsString(),
                                REMOTE_DNS.key(), String.valueOf(remoteDns(p)),
                                ACCEPTER_NAME.key(), accepterNames.getOrDefault(p.vpcPeeringConnectionId(), "")),
                        p.status().codeAsString()))
                .toList();
    }

    /** On only when each side resolves the other's private names. */
    private static boolean remoteDns(VpcPeeringConnection p) {
        return dns(p.requesterVpcInfo().peeringOptions())
                && dns(p.accepterVpcInfo().peeringOptions());
    }

    private static boolean dns(VpcPeeringConnectionOptionsDescription o) {
        return o != null && Boolean.TRUE.equals(o.allowDnsResolutionFromRemoteVpc());
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String id = requester
                .createVpcPeeringConnection(r -> r.vpcId(refs.resolve(spec.setting(VPC)))
                        .peerVpcId(refs.resolve(spec.setting(ACCEPTER_VPC)))
                        .peerRegion(spec.setting(ACCEPTER_REGION))
                        .tagSpecifications(Ec2Tags.spec(ResourceType.VPC_PEERING_CONNECTION, scope, spec.name())))
                .vpcPeeringConnection()
                .vpcPeeringConnectionId();
        settle(id, spec, scope);
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        settle(actual.id(), spec, scope);
    }

    /**
     * Brings a requested peering to what the spec wants, each step only when needed: seen
     * by the accepter's region, named there, accepted, active, DNS resolution on both sides.
     */
    private void settle(String id, Spec spec, StackScope scope) {
        VpcPeeringConnection seen = poll.until(
                "peering " + spec.name() + " (" + id + ") reaching " + spec.setting(ACCEPTER_REGION),
                ACCEPT_TIMEOUT,
                () -> onAccepterSide(id).orElse(null),
                p -> p == null ? "not visible there yet" : p.status().codeAsString(),
                p -> p != null && !"initiating-request".equals(p.status().codeAsString()),
                progress);
        failIfOver(seen, spec);
        if (!spec.name().equals(Ec2Tags.name(seen.tags()))) {
            accepter.createTags(r -> r.resources(id).tags(Ec2Tags.tags(scope, spec.name())));
        }
        if (PENDING.equals(seen.status().codeAsString()) && ACTIVE.equals(spec.setting(STATUS))) {
            accepter.acceptVpcPeeringConnection(r -> r.vpcPeeringConnectionId(id));
        }
        VpcPeeringConnection active = poll.until(
                "peering " + spec.name() + " (" + id + ")",
                ACCEPT_TIMEOUT,
                () -> onAccepterSide(id).orElse(seen),
                p -> p.status().codeAsString(),
                p -> ACTIVE.equals(p.status().codeAsString())
                        || OVER.contains(p.status().codeAsString()),
                progress);
        failIfOver(active, spec);
        boolean dns = Boolean.parseBoolean(spec.setting(REMOTE_DNS));
        // Cross-region: each side's option is changed in that side's region.
        if (dns != dns(active.requesterVpcInfo().peeringOptions())) {
            requester.modifyVpcPeeringConnectionOptions(r -> r.vpcPeeringConnectionId(id)
                    .requesterPeeringConnectionOptions(o -> o.allowDnsResolutionFromRemoteVpc(dns)));
        }
        if (dns != dns(active.accepterVpcInfo().peeringOptions())) {
            accepter.modifyVpcPeeringConnectionOptions(r -> r.vpcPeeringConnectionId(id)
                    .accepterPeeringConnectionOptions(o -> o.allowDnsResolutionFromRemoteVpc(dns)));
        }
    }

    private static void failIfOver(VpcPeeringConnection p, Spec spec) {
        String code = p.status().codeAsString();
        if (OVER.contains(code)) {
            throw ExitException.failure("peering " + spec.name() + " (" + p.vpcPeeringConnectionId() + ") is " + code
                    + ": " + p.status().message() + "; run apply again to request a new one");
        }
    }

    /** The peering as the accepter's region sees it; empty while the request has not reached it. */
    private Optional<VpcPeeringConnection> onAccepterSide(String id) {
        try {
            return accepter
                    .describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(id))
                    .vpcPeeringConnections()
                    .stream()
                    .findFirst();
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        // Either side may delete it; the requester's region is where it was found.
        AwsCall.ignoreNotFound(() -> requester.deleteVpcPeeringConnection(r -> r.vpcPeeringConnectionId(actual.id())));
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        poll.until(
                "deletion of peering " + actual.name() + " (" + actual.id() + ")",
                ACCEPT_TIMEOUT,
                () -> {
                    try {
                        return requester
                                .describeVpcPeeringConnections(r -> r.vpcPeeringConnectionIds(actual.id()))
                                .vpcPeeringConnections()
                                .stream()
                                .findFirst()
                                .map(p -> p.status().codeAsString())
                                .orElse("deleted");
                    } catch (AwsServiceException e) {
                        if (AwsCall.notFound(e)) {
                            return "deleted";
                        }
                        throw e;
                    }
                },
                s -> s,
                "deleted"::equals,
                progress);
    }
}
