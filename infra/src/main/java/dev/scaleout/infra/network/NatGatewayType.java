package dev.scaleout.infra.network;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * A NAT gateway: {@code subnet} and {@code eip} (both replace). It takes minutes to become
 * available and to go away, so create and delete wait, with progress. Filtering is done
 * here too: moto's DescribeNatGateways ignores tag filters and lists deleted gateways.
 */
public final class NatGatewayType implements ManagedType {

    public static final String TYPE = "nat-gateway";
    public static final Setting SUBNET =
            Setting.reference("subnet", SubnetType.TYPE).replaces();
    public static final Setting EIP =
            Setting.reference("eip", ElasticIpType.TYPE).replaces();
    public static final Schema SCHEMA = Schema.of(TYPE, SUBNET, EIP);

    private static final Set<String> GONE = Set.of("deleted", "deleting", "failed");

    private final Ec2Client ec2;
    private final Poll poll;
    private final Retry retry;

    public NatGatewayType(Ec2Client ec2, Poll poll, Retry retry) {
        this.ec2 = ec2;
        this.poll = poll;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return ec2.describeNatGatewaysPaginator(r -> r.filter(Ec2Tags.stackFilters(scope))).natGateways().stream()
                .filter(n -> Ec2Tags.inStack(n.tags(), scope) && !GONE.contains(n.stateAsString()))
                .map(n -> Actual.of(
                        type(),
                        Ec2Tags.name(n.tags()),
                        n.natGatewayId(),
                        Map.of(
                                SUBNET.key(), n.subnetId(),
                                EIP.key(),
                                        n.natGatewayAddresses().stream()
                                                .map(NatGatewayAddress::allocationId)
                                                .findFirst()
                                                .orElse("")),
                        n.stateAsString()))
                .toList();
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        // Right after its subnet and address are made, EC2 may not see them yet (InvalidSubnetID.NotFound,
        // InvalidAllocationID.NotFound); a refused create made nothing, so asking again is safe.
        return retry.call(
                "CreateNatGateway " + spec.name(),
                Retry.NOT_VISIBLE_YET,
                () -> ec2.createNatGateway(r -> r.subnetId(refs.resolve(spec.setting(SUBNET)))
                                .allocationId(refs.resolve(spec.setting(EIP)))
                                .tagSpecifications(Ec2Tags.spec(ResourceType.NATGATEWAY, scope, spec.name())))
                        .natGateway()
                        .natGatewayId());
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        // subnet and eip force a replacement; nothing changes in place.
    }

    @Override
    public void awaitReady(String id, Spec spec, Progress progress) {
        NatGateway nat = poll.until(
                "NAT gateway " + spec.name(),
                Duration.ofMinutes(10),
                () -> find(id).orElse(null),
                n -> n == null ? "not visible yet" : n.stateAsString(),
                n -> n != null && !"pending".equals(n.stateAsString()),
                progress);
        if (!"available".equals(nat.stateAsString())) {
            throw ExitException.failure("NAT gateway " + spec.name() + " (" + id + ") is " + nat.stateAsString() + ": "
                    + nat.failureCode() + " " + nat.failureMessage());
        }
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        AwsCall.ignoreNotFound(() -> ec2.deleteNatGateway(r -> r.natGatewayId(actual.id())));
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        poll.until(
                "NAT gateway " + actual.name() + " deletion",
                Duration.ofMinutes(10),
                () -> find(actual.id()).map(NatGateway::stateAsString).orElse("deleted"),
                s -> s,
                "deleted"::equals,
                progress);
    }

    private Optional<NatGateway> find(String id) {
        try {
            return ec2.describeNatGateways(r -> r.natGatewayIds(id)).natGateways().stream()
                    .findFirst();
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
