package dev.scaleout.infra.vpn;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.engine.TaggedByStack;
import dev.scaleout.infra.network.Ec2Tags;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizationRule;
import software.amazon.awssdk.services.ec2.model.ClientVpnAuthenticationType;
import software.amazon.awssdk.services.ec2.model.ClientVpnEndpoint;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TargetNetwork;
import software.amazon.awssdk.services.ec2.model.TransportProtocol;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/**
 * "vpn-endpoint": an AWS Client VPN endpoint, the managed OpenVPN server that replaces the
 * course's OpenVPN Access Server instance. Mutual-TLS only ({@link VpnCertificateType}'s
 * import as server certificate and client root chain), UDP 443, connection logging off.
 *
 * <p>Settings. Replace: {@code certificate} (the authentication options cannot be modified),
 * {@code clientCidr}, {@code vpc}. In place: {@code securityGroups} (applied to the
 * associations), {@code splitTunnel} (ModifyClientVpnEndpoint), and its untagged sub-parts:
 * {@code subnets}, the target network associations (each billed by the hour), and
 * {@code authorizedCidrs}, the ingress authorisation rules (for all clients).
 *
 * <p>On create it exports the client configuration and writes the user's .ovpn file (named
 * after the endpoint, mode 0600) with the client certificate and key embedded: those made in
 * this run with the certificate, or the ones in the file an earlier run wrote for the same
 * CA. Delete disassociates every subnet and waits for it before deleting the endpoint, which
 * AWS requires.
 */
public final class ClientVpnEndpointType implements ManagedType {

    public static final String TYPE = "vpn-endpoint";
    public static final Setting CERTIFICATE =
            Setting.reference("certificate", VpnCertificateType.TYPE).replaces();
    public static final Setting CLIENT_CIDR = Setting.scalar("clientCidr").replaces();
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE).replaces();
    public static final Setting SECURITY_GROUPS = Setting.references("securityGroups", SecurityGroupType.TYPE);
    public static final Setting SPLIT_TUNNEL = Setting.scalar("splitTunnel");
    public static final Setting SUBNETS = Setting.references("subnets", SubnetType.TYPE);
    public static final Setting AUTHORIZED_CIDRS = Setting.set("authorizedCidrs");
    public static final Schema SCHEMA =
            Schema.of(TYPE, CERTIFICATE, CLIENT_CIDR, VPC, SECURITY_GROUPS, SPLIT_TUNNEL, SUBNETS, AUTHORIZED_CIDRS);

    public static final int PORT = 443;
    /** Associating a subnet takes AWS a few minutes (the endpoint is "pending-associate" meanwhile). */
    static final Duration ASSOCIATE_TIMEOUT = Duration.ofMinutes(20);

    static final Set<String> GONE_ENDPOINT = Set.of("deleting", "deleted");
    static final Set<String> GONE_ASSOCIATION = Set.of("disassociating", "disassociated", "association-failed");
    static final Set<String> GONE_RULE = Set.of("revoking", "failed");

    /** The endpoints' resource type in the Resource Groups Tagging API (ARN ...:client-vpn-endpoint/cvpn-endpoint-...). */
    static final String TAGGING_TYPE = "ec2:client-vpn-endpoint";

    private final Ec2Client ec2;
    private final ResourceGroupsTaggingApiClient tagging;
    private final VpnClientFiles files;
    private final Poll poll;
    private final Progress progress;

    public ClientVpnEndpointType(
            Ec2Client ec2, ResourceGroupsTaggingApiClient tagging, VpnClientFiles files, Poll poll, Progress progress) {
        this.ec2 = ec2;
        this.tagging = tagging;
        this.files = files;
        this.poll = poll;
        this.progress = progress;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    /** The file a user connects with: the endpoint's name, {@code my-vpn.ovpn}. */
    public static String clientFile(String endpointName) {
        return endpointName + ".ovpn";
    }

    /**
     * DescribeClientVpnEndpoints has no tag filters: the Resource Groups Tagging API names the
     * stack's endpoints (one call, nothing more when there are none, the usual case), then one
     * describe reads them by id. Endpoints being deleted are left out.
     */
    @Override
    public List<Actual> discover(StackScope scope) {
        List<String> ids = TaggedByStack.find(tagging, TAGGING_TYPE, scope).stream()
                .map(m -> m.resourceARN().substring(m.resourceARN().lastIndexOf('/') + 1))
                .distinct()
                .toList();
        List<Actual> found = new ArrayList<>();
        for (String id : ids) {
            List<ClientVpnEndpoint> described;
            try {
                described = ec2.describeClientVpnEndpoints(r -> r.clientVpnEndpointIds(id))
                        .clientVpnEndpoints();
            } catch (AwsServiceException e) {
                if (AwsCall.notFound(e)) {
                    continue; // the tagging API lists a deleted endpoint for a while
                }
                throw e;
            }
            for (ClientVpnEndpoint e : described) {
                String status = e.status() == null ? "" : e.status().codeAsString();
                if (!Ec2Tags.inStack(e.tags(), scope) || GONE_ENDPOINT.contains(status)) {
                    continue;
                }
                found.add(actual(e, status));
            }
        }
        return found;
    }

    private Actual actual(ClientVpnEndpoint e, String status) {
        Map<String, String> s = new TreeMap<>();
        s.put(CERTIFICATE.key(), Objects.toString(e.serverCertificateArn(), ""));
        s.put(CLIENT_CIDR.key(), Objects.toString(e.clientCidrBlock(), ""));
        s.put(VPC.key(), Objects.toString(e.vpcId(), ""));
        s.put(SECURITY_GROUPS.key(), String.join(",", new TreeSet<>(e.securityGroupIds())));
        s.put(SPLIT_TUNNEL.key(), String.valueOf(Boolean.TRUE.equals(e.splitTunnel())));
        s.put(
                SUBNETS.key(),
                String.join(
                        ",", new TreeSet<>(associations(e.clientVpnEndpointId()).keySet())));
        s.put(AUTHORIZED_CIDRS.key(), String.join(",", rules(e.clientVpnEndpointId())));
        return Actual.of(type(), Ec2Tags.name(e.tags()), e.clientVpnEndpointId(), s, status);
    }

    /** Subnet id → association id, of the associations not being removed. */
    private Map<String, String> associations(String endpointId) {
        Map<String, String> bySubnet = new TreeMap<>();
        for (TargetNetwork t : ec2.describeClientVpnTargetNetworksPaginator(
                        r -> r.clientVpnEndpointId(endpointId).maxResults(50))
                .clientVpnTargetNetworks()) {
            String status = t.status() == null ? "" : t.status().codeAsString();
            if (!GONE_ASSOCIATION.contains(status)) {
                bySubnet.put(t.targetNetworkId(), t.associationId());
            }
        }
        return bySubnet;
    }

    private TreeSet<String> rules(String endpointId) {
        TreeSet<String> cidrs = new TreeSet<>();
        for (AuthorizationRule rule : ec2.describeClientVpnAuthorizationRulesPaginator(
                        r -> r.clientVpnEndpointId(endpointId).maxResults(50))
                .authorizationRules()) {
            String status = rule.status() == null ? "" : rule.status().codeAsString();
            if (!GONE_RULE.contains(status)) {
                cidrs.add(rule.destinationCidr());
            }
        }
        return cidrs;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String certificate = refs.resolve(spec.setting(CERTIFICATE));
        String id = ec2.createClientVpnEndpoint(r -> r.clientCidrBlock(spec.setting(CLIENT_CIDR))
                        .serverCertificateArn(certificate)
                        .authenticationOptions(a -> a.type(ClientVpnAuthenticationType.CERTIFICATE_AUTHENTICATION)
                                .mutualAuthentication(m -> m.clientRootCertificateChainArn(certificate)))
                        .connectionLogOptions(l -> l.enabled(false))
                        .transportProtocol(TransportProtocol.UDP)
                        .vpnPort(PORT)
                        .splitTunnel(Boolean.parseBoolean(spec.setting(SPLIT_TUNNEL)))
                        .vpcId(refs.resolve(spec.setting(VPC)))
                        .securityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS)))
                        .description(spec.name() + ": mutual TLS, split tunnel")
                        // the same token returns the same endpoint, should a retry follow a lost answer
                        .clientToken(scope.stack() + "-" + spec.name() + "-" + certificate.hashCode())
                        .tagSpecifications(Ec2Tags.spec(ResourceType.CLIENT_VPN_ENDPOINT, scope, spec.name())))
                .clientVpnEndpointId();
        reconcile(id, spec, Map.of(), Set.of(), refs);
        writeClientFile(id, spec, certificate);
        return id;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        if (!Objects.equals(
                set(spec.setting(SECURITY_GROUPS)), set(actual.settings().get(SECURITY_GROUPS.key())))) {
            ec2.applySecurityGroupsToClientVpnTargetNetwork(r -> r.clientVpnEndpointId(actual.id())
                    .vpcId(refs.resolve(spec.setting(VPC)))
                    .securityGroupIds(refs.resolveAll(spec.setting(SECURITY_GROUPS))));
        }
        if (!Objects.equals(spec.setting(SPLIT_TUNNEL), actual.settings().get(SPLIT_TUNNEL.key()))) {
            ec2.modifyClientVpnEndpoint(r ->
                    r.clientVpnEndpointId(actual.id()).splitTunnel(Boolean.parseBoolean(spec.setting(SPLIT_TUNNEL))));
        }
        reconcile(actual.id(), spec, associations(actual.id()), rules(actual.id()), refs);
    }

    /** Associates and authorises what the spec has and AWS does not; removes what AWS has and the spec does not. */
    private void reconcile(String id, Spec spec, Map<String, String> associated, Set<String> authorized, Refs refs) {
        Set<String> wantSubnets = new TreeSet<>(refs.resolveAll(spec.setting(SUBNETS)));
        for (String subnet : wantSubnets) {
            if (!associated.containsKey(subnet)) {
                ec2.associateClientVpnTargetNetwork(
                        r -> r.clientVpnEndpointId(id).subnetId(subnet).clientToken(id + "-" + subnet));
            }
        }
        associated.forEach((subnet, association) -> {
            if (!wantSubnets.contains(subnet)) {
                AwsCall.ignoreNotFound(() -> ec2.disassociateClientVpnTargetNetwork(
                        r -> r.clientVpnEndpointId(id).associationId(association)));
            }
        });
        Set<String> wantCidrs = set(spec.setting(AUTHORIZED_CIDRS));
        for (String cidr : wantCidrs) {
            if (!authorized.contains(cidr)) {
                ec2.authorizeClientVpnIngress(r -> r.clientVpnEndpointId(id)
                        .targetNetworkCidr(cidr)
                        .authorizeAllGroups(true)
                        .description("all clients to " + cidr)
                        .clientToken(id + "-" + cidr));
            }
        }
        for (String cidr : authorized) {
            if (!wantCidrs.contains(cidr)) {
                ec2.revokeClientVpnIngress(
                        r -> r.clientVpnEndpointId(id).targetNetworkCidr(cidr).revokeAllGroups(true));
            }
        }
    }

    /**
     * The exported configuration with the client's certificate and key, written to the user's
     * directory. An endpoint made anew for a certificate of an earlier run keeps the key the
     * file already holds (the certificate's discovery found that file, or it would have been
     * replaced with this endpoint).
     */
    private void writeClientFile(String id, Spec spec, String certificateArn) {
        String exported = ec2.exportClientVpnClientConfiguration(r -> r.clientVpnEndpointId(id))
                .clientConfiguration();
        ClientConfigFile config = ClientConfigFile.fromExport(exported);
        Path file = files.file(clientFile(spec.name()));
        try {
            var made = files.madeFor(certificateArn);
            if (made.isPresent()) {
                config.write(file, made.get());
            } else {
                config.writeKeepingCredentialsOf(file, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    /** Until every wanted subnet's association is "associated": before that no client can connect. */
    @Override
    public void awaitReady(String id, Spec spec, Progress progress) {
        poll.until(
                "Client VPN " + spec.name() + " association",
                ASSOCIATE_TIMEOUT,
                () -> associationStates(id),
                states -> states.isEmpty() ? "no association" : String.join(", ", states.values()),
                states -> !states.isEmpty() && states.values().stream().allMatch("associated"::equals),
                progress);
    }

    private Map<String, String> associationStates(String id) {
        Map<String, String> states = new TreeMap<>();
        for (TargetNetwork t : ec2.describeClientVpnTargetNetworksPaginator(
                        r -> r.clientVpnEndpointId(id).maxResults(50))
                .clientVpnTargetNetworks()) {
            String status = t.status() == null ? "" : t.status().codeAsString();
            if (!GONE_ASSOCIATION.contains(status)) {
                states.put(t.targetNetworkId(), status);
            }
        }
        return states;
    }

    /** AWS deletes no endpoint with a subnet still associated: disassociate, wait, then delete. */
    @Override
    public void delete(Actual actual, StackScope scope) {
        Map<String, String> associated;
        try {
            associated = associations(actual.id());
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e)) {
                return;
            }
            throw e;
        }
        associated
                .values()
                .forEach(association -> AwsCall.ignoreNotFound(() -> ec2.disassociateClientVpnTargetNetwork(
                        r -> r.clientVpnEndpointId(actual.id()).associationId(association))));
        if (!associated.isEmpty()) {
            poll.until(
                    "Client VPN " + actual.name() + " disassociation",
                    ASSOCIATE_TIMEOUT,
                    () -> anyAssociation(actual.id()),
                    states -> states.isEmpty() ? "disassociated" : String.join(", ", states),
                    List::isEmpty,
                    progress);
        }
        AwsCall.ignoreNotFound(() -> ec2.deleteClientVpnEndpoint(r -> r.clientVpnEndpointId(actual.id())));
    }

    /** The states of associations not yet gone ("disassociating" included: the delete would be refused). */
    private List<String> anyAssociation(String id) {
        List<String> states = new ArrayList<>();
        try {
            for (TargetNetwork t : ec2.describeClientVpnTargetNetworksPaginator(
                            r -> r.clientVpnEndpointId(id).maxResults(50))
                    .clientVpnTargetNetworks()) {
                String status = t.status() == null ? "" : t.status().codeAsString();
                if (!"disassociated".equals(status)) {
                    states.add(status);
                }
            }
        } catch (AwsServiceException e) {
            if (!AwsCall.notFound(e)) {
                throw e;
            }
        }
        return states;
    }

    @Override
    public void awaitDeleted(Actual actual, Progress progress) {
        poll.until(
                "Client VPN " + actual.name() + " deletion",
                ASSOCIATE_TIMEOUT,
                () -> endpointStatus(actual.id()),
                s -> s,
                s -> s.equals("deleted"),
                progress);
    }

    private String endpointStatus(String id) {
        try {
            List<ClientVpnEndpoint> endpoints = ec2.describeClientVpnEndpoints(r -> r.clientVpnEndpointIds(id))
                    .clientVpnEndpoints();
            return endpoints.isEmpty() || endpoints.get(0).status() == null
                    ? "deleted"
                    : endpoints.get(0).status().codeAsString();
        } catch (AwsServiceException e) {
            if (AwsCall.notFound(e)) {
                return "deleted";
            }
            throw e;
        }
    }

    private static Set<String> set(String value) {
        Set<String> out = new TreeSet<>();
        if (value != null && !value.isBlank()) {
            Arrays.stream(value.split(",")).map(String::trim).forEach(out::add);
        }
        return out;
    }
}
