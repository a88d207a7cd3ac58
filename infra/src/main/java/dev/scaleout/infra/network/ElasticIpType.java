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
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/** An Elastic IP (for a NAT gateway or the bastion); its id is the allocation id. Setting {@code domain}. */
public final class ElasticIpType implements ManagedType {

    public static final String TYPE = "elastic-ip";
    public static final Setting DOMAIN = Setting.scalar("domain").replaces();
    public static final Schema SCHEMA = Schema.of(TYPE, DOMAIN);

    private final Ec2Client ec2;
    private final Retry retry;

    public ElasticIpType(Ec2Client ec2, Retry retry) {
        this.ec2 = ec2;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return ec2.describeAddresses(r -> r.filters(Ec2Tags.stackFilters(scope))).addresses().stream()
                .map(a -> Actual.of(
                        type(),
                        Ec2Tags.name(a.tags()),
                        a.allocationId(),
                        Map.of(DOMAIN.key(), a.domainAsString()),
                        null))
                .toList();
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        return ec2.allocateAddress(r -> r.domain(DomainType.fromValue(spec.setting(DOMAIN)))
                        .tagSpecifications(Ec2Tags.spec(ResourceType.ELASTIC_IP, scope, spec.name())))
                .allocationId();
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        // domain is the only setting and forces a replacement.
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        // A NAT gateway lets go of its address only once it is deleted; the bastion's goes with the instance.
        retry.run("release " + actual.key(), Retry.ADDRESS_HELD, () -> release(actual.id()));
    }

    /**
     * Only the address's own NotFound means an earlier run released it: right after its NAT
     * gateway is deleted, EC2 answers InvalidNetworkInterfaceID.NotFound for the NAT's interface
     * while the address is still held, which is waited out.
     */
    private void release(String allocationId) {
        try {
            ec2.releaseAddress(r -> r.allocationId(allocationId));
        } catch (AwsServiceException e) {
            if (!"InvalidAllocationID.NotFound".equals(AwsCall.code(e))) {
                throw e;
            }
        }
    }
}
