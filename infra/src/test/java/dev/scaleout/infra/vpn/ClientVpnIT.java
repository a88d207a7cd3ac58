package dev.scaleout.infra.vpn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.scaleout.infra.Registry;
import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.StackSpecs;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Applier;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Destroyer;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.QuickRetry;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The course's chapter 3.3 and 3.4 under the engine: my-private-ec2 with my-private-ec2-sg,
 * and the Client VPN (certificate in ACM, endpoint, association, authorisation, the user's
 * .ovpn file). Client VPN is not in moto: {@link ClientVpnEmulator} answers its calls at the
 * EC2 HTTP boundary, written from the EC2 API reference, and WireMock proxies every other call
 * (VPC, subnets, groups, instances, ACM's import, IAM, SSM) to moto, as the instance-refresh
 * tests do. What this cannot show: AWS's real timings (an association takes minutes), its
 * exact refusal codes where the reference names none, and that AWS accepts the imported
 * certificate for an endpoint (moto checks neither key nor chain); the OpenVPN handshake at
 * the end proves that what ACM received and what the user's file holds belong together.
 */
@ExtendWith(MotoExtension.class)
class ClientVpnIT {

    /** The types this part of the stack needs, in the stack's order. */
    static final Set<String> TYPES = Set.of(
            "vpc",
            "internet-gateway",
            "subnet",
            "elastic-ip",
            "nat-gateway",
            "route-table",
            "security-group",
            "iam-role",
            "instance",
            VpnCertificateType.TYPE,
            ClientVpnEndpointType.TYPE);

    static MotoServer moto;
    static WireMockServer wireMock;
    static ClientVpnEmulator vpn;
    static Ec2Client ec2;
    static AcmClient acm;

    final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    final Progress progress = new Progress(quiet, Clock.systemUTC(), false);
    final StackScope scope = new StackScope("scaleout-kit", "demo", Region.of(MotoServer.REGION));
    AwsClients clients;

    @TempDir
    Path dir;

    @BeforeAll
    static void servers(MotoServer server) {
        moto = server;
        ec2 = moto.clients().build(Ec2Client.builder());
        acm = moto.clients().build(AcmClient.builder());
        vpn = new ClientVpnEmulator(ec2, acm, MotoServer.REGION);
        wireMock = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(vpn));
        wireMock.start();
    }

    @AfterAll
    static void stop() {
        wireMock.stop();
    }

    @BeforeEach
    void reset() {
        moto.reset();
        vpn.reset();
        wireMock.resetAll();
        wireMock.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        wireMock.stubFor(post(urlEqualTo("/"))
                .atPriority(1)
                .withRequestBody(matching("(?s).*Action=[A-Za-z]*ClientVpn[A-Za-z]*(&.*)?"))
                .willReturn(aResponse().withTransformers(ClientVpnEmulator.NAME)));
        wireMock.stubFor(post(urlEqualTo("/"))
                .atPriority(1)
                .withHeader("X-Amz-Target", equalTo("ResourceGroupsTaggingAPI_20170126.GetResources"))
                .withRequestBody(containing(ClientVpnEndpointType.TAGGING_TYPE))
                .willReturn(aResponse().withTransformers(ClientVpnEmulator.NAME)));
        wireMock.stubFor(post(urlEqualTo("/"))
                .atPriority(1)
                .withHeader("X-Amz-Target", equalTo("CertificateManager.DeleteCertificate"))
                .willReturn(aResponse().withTransformers(ClientVpnEmulator.NAME)));
        clients = throughWireMock();
    }

    /** Clients of their own (an interceptor added to one stays with it). */
    static AwsClients throughWireMock() {
        return new AwsClients(
                Region.of(MotoServer.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                Optional.of(URI.create(wireMock.baseUrl())));
    }

    static StackConfig config() {
        StackConfig d = StackConfig.defaults();
        return new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                MotoServer.REGION,
                d.network(),
                new StackConfig.Security("203.0.113.7/32"),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                d.instances(),
                d.autoScaling(),
                d.rollout(),
                d.peering(),
                new StackConfig.PrivateInstance(true),
                new StackConfig.Vpn(true, "172.16.0.0/22"));
    }

    Map<String, ManagedType> types() {
        return types(clients);
    }

    Map<String, ManagedType> types(AwsClients through) {
        Map<String, ManagedType> types = new LinkedHashMap<>();
        new Registry(through, progress, config(), QuickRetry.of(progress), new VpnClientFiles(dir))
                .types()
                .forEach((word, type) -> {
                    if (TYPES.contains(word)) {
                        types.put(word, type);
                    }
                });
        return types;
    }

    static List<Spec> specs() {
        return StackSpecs.specs(config()).stream()
                .filter(s -> TYPES.contains(s.type()))
                .toList();
    }

    Plan plan() {
        return Planner.plan(specs(), Discovery.discover(types(), scope));
    }

    void apply() {
        apply(clients);
    }

    void apply(AwsClients through) {
        Map<String, ManagedType> types = types(through);
        Discovery.Found found = Discovery.discover(types, scope);
        new Applier(types, scope, progress, quiet).apply(Planner.plan(specs(), found), found);
    }

    @Test
    void applyMakesThePrivateInstanceAndTheVpnThenChangesNothingThenDestroyLeavesNothing() throws Exception {
        apply();

        String vpcId = id("vpc", "my-vpc");
        String appSubnetA = id("subnet", "my-private-subnet-app-a");
        String vpnGroup = groupId("my-vpn-sg");
        String adminGroup = groupId("my-admin-sg");

        // my-private-ec2: private app subnet a, no public address, IMDSv2, its own group only
        Instance instance = instance("my-private-ec2");
        assertThat(instance.subnetId()).isEqualTo(appSubnetA);
        assertThat(instance.publicIpAddress()).isNull();
        assertThat(instance.securityGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.groupName()).isEqualTo("my-private-ec2-sg"));
        // its own role, SSM's core policy only (Session Manager, Run Command): not the app's secret or token
        assertThat(instance.iamInstanceProfile().arn()).endsWith("/my-private-ec2-role");
        var iam = moto.clients().build(software.amazon.awssdk.services.iam.IamClient.builder());
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("my-private-ec2-role"))
                        .attachedPolicies())
                .extracting(p -> p.policyArn())
                .containsExactly("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        assertThat(iam.listRolePolicies(r -> r.roleName("my-private-ec2-role")).policyNames())
                .isEmpty();
        // SSH from the admin (bastion) group and the VPN's group, nothing from any address
        SecurityGroup privateGroup = group("my-private-ec2-sg");
        assertThat(privateGroup.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.fromPort()).isEqualTo(22);
            assertThat(p.toPort()).isEqualTo(22);
            assertThat(p.ipRanges()).isEmpty();
            assertThat(p.userIdGroupPairs())
                    .extracting(pair -> pair.groupId())
                    .containsExactlyInAnyOrder(adminGroup, vpnGroup);
        });
        // the endpoint's group: no inbound, out into the VPC only
        SecurityGroup endpointGroup = group("my-vpn-sg");
        assertThat(endpointGroup.ipPermissions()).isEmpty();
        assertThat(endpointGroup.ipPermissionsEgress())
                .singleElement()
                .satisfies(p -> assertThat(p.ipRanges())
                        .singleElement()
                        .satisfies(r -> assertThat(r.cidrIp()).isEqualTo("10.1.0.0/16")));

        // ACM holds the server certificate only, tagged with the stack
        List<CertificateSummary> certificates = acm.listCertificates().certificateSummaryList();
        assertThat(certificates)
                .singleElement()
                .satisfies(c -> assertThat(c.domainName()).isEqualTo("vpn.demo.scaleout-kit.internal"));
        String certificateArn = certificates.get(0).certificateArn();
        assertThat(acm.listTagsForCertificate(r -> r.certificateArn(certificateArn))
                        .tags())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("Stack=demo"));

        // the endpoint as the API reference's parameters make it
        Map<String, String> create = only("CreateClientVpnEndpoint");
        assertThat(create)
                .containsEntry("ClientCidrBlock", "172.16.0.0/22")
                .containsEntry("ServerCertificateArn", certificateArn)
                .containsEntry("Authentication.1.Type", "certificate-authentication")
                .containsEntry("Authentication.1.MutualAuthentication.ClientRootCertificateChainArn", certificateArn)
                .containsEntry("ConnectionLogOptions.Enabled", "false")
                .containsEntry("SplitTunnel", "true")
                .containsEntry("TransportProtocol", "udp")
                .containsEntry("VpnPort", "443")
                .containsEntry("VpcId", vpcId)
                .containsEntry("SecurityGroupId.1", vpnGroup)
                .containsEntry("TagSpecification.1.ResourceType", "client-vpn-endpoint")
                .containsKey("ClientToken");
        assertThat(only("AssociateClientVpnTargetNetwork")).containsEntry("SubnetId", appSubnetA);
        assertThat(only("AuthorizeClientVpnIngress"))
                .containsEntry("TargetNetworkCidr", "10.1.0.0/16")
                .containsEntry("AuthorizeAllGroups", "true");
        ClientVpnEmulator.Endpoint endpoint =
                vpn.endpoints().values().iterator().next();
        // apply waited for the association: clients can connect when it returns
        assertThat(endpoint.associations.values())
                .singleElement()
                .satisfies(a -> assertThat(a.status).isEqualTo("associated"));
        assertThat(endpoint.status).isEqualTo("available");

        // the user's file: the export, with the client's certificate and key, for the owner only
        Path file = dir.resolve("my-vpn.ovpn");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String text = Files.readString(file);
        // checked without printing the file: it holds the client's key
        assertThat(text.contains(
                        "remote " + endpoint.id + ".prod.clientvpn." + MotoServer.REGION + ".amazonaws.com 443"))
                .as("the export's remote line")
                .isTrue();
        assertThat(text.contains("verify-x509-name vpn.demo.scaleout-kit.internal name"))
                .as("verify-x509-name")
                .isTrue();
        assertThat(Pattern.compile(
                                "(?s)<cert>\\s*-----BEGIN CERTIFICATE-----.*</cert>\\s*<key>\\s*-----BEGIN (RSA )?PRIVATE KEY-----.*</key>")
                        .matcher(text)
                        .find())
                .as("<cert> and <key> blocks")
                .isTrue();
        assertThat(ClientConfigFile.holdsClientOf(
                        file,
                        VpnCertificateType.firstPem(acm.getCertificate(r -> r.certificateArn(certificateArn))
                                .certificateChain())))
                .isTrue();

        // a second apply plans nothing and makes no mutating call, Client VPN's and moto's alike
        assertThat(plan().changes())
                .allSatisfy(c -> assertThat(c.action()).as(c.key()).isEqualTo(Change.Action.NOOP));
        AwsClients counting = throughWireMock();
        int emulated = vpn.requests().size();
        apply(counting);
        assertThat(counting.calls().mutating())
                .as(counting.calls().byOperation().toString())
                .isZero();
        assertThat(vpn.requests().subList(emulated, vpn.requests().size()))
                .extracting(r -> r.get("Action"))
                .allMatch(a -> a.startsWith("Describe"));

        // destroy: associations, then the endpoint, then the certificate; the teardown check finds nothing
        Map<String, ManagedType> types = types();
        List<Actual> left =
                new Destroyer(types, scope, progress, quiet).destroy(Discovery.discover(types, scope), specs());
        assertThat(left).isEmpty();
        List<String> actions = vpn.actions();
        assertThat(actions.indexOf("DisassociateClientVpnTargetNetwork"))
                .isNotNegative()
                .isLessThan(actions.indexOf("DeleteClientVpnEndpoint"));
        assertThat(actions.indexOf("acm:DeleteCertificate")).isGreaterThan(actions.indexOf("DeleteClientVpnEndpoint"));
        assertThat(acm.listCertificates().certificateSummaryList()).isEmpty();
        assertThat(vpn.endpoints().values())
                .allSatisfy(e -> assertThat(e.status).isEqualTo("deleted"));
        assertThat(ec2.describeSecurityGroups(r -> r.filters(stack())).securityGroups())
                .isEmpty();
        assertThat(ec2.describeInstances(r -> r.filters(
                                stack(),
                                Filter.builder()
                                        .name("instance-state-name")
                                        .values("pending", "running", "stopping", "stopped")
                                        .build()))
                        .reservations())
                .isEmpty();
        // the deleted endpoint the tagging API still lists is not found again
        assertThat(Discovery.discover(types(), scope).all()).isEmpty();
    }

    @Test
    void aMissingClientFileReplacesTheCertificateAndTheEndpointAndAnAssociationRemovedByHandComesBack()
            throws Exception {
        apply();
        String firstEndpoint = vpn.endpoints().keySet().iterator().next();

        // drift: the association removed in the console is an update that puts it back
        vpn.dropAssociations(firstEndpoint);
        Plan drift = plan();
        assertThat(drift.changes())
                .filteredOn(c -> c.action() != Change.Action.NOOP)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.key()).isEqualTo("vpn-endpoint/my-vpn");
                    assertThat(c.action()).isEqualTo(Change.Action.UPDATE);
                });
        apply();
        assertThat(vpn.endpoints().get(firstEndpoint).associations).hasSize(1);

        // the client's key exists only in the file: without it the plan says so and makes both anew
        String firstCertificate =
                acm.listCertificates().certificateSummaryList().get(0).certificateArn();
        Files.delete(dir.resolve("my-vpn.ovpn"));
        Plan replace = plan();
        assertThat(replace.changes())
                .filteredOn(c -> c.action() != Change.Action.NOOP)
                .extracting(Change::key, Change::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("vpn-certificate/my-vpn-server", Change.Action.REPLACE),
                        org.assertj.core.groups.Tuple.tuple("vpn-endpoint/my-vpn", Change.Action.REPLACE));
        assertThat(replace.changes().stream()
                        .filter(c -> c.type().equals(VpnCertificateType.TYPE))
                        .findFirst()
                        .orElseThrow()
                        .reason())
                .contains("clientFile");
        apply();

        assertThat(acm.listCertificates().certificateSummaryList())
                .singleElement()
                .satisfies(c -> assertThat(c.certificateArn()).isNotEqualTo(firstCertificate));
        assertThat(vpn.endpoints().get(firstEndpoint).status).isEqualTo("deleted");
        assertThat(Files.exists(dir.resolve("my-vpn.ovpn"))).isTrue();
        assertThat(plan().changes()).allSatisfy(c -> assertThat(c.action()).isEqualTo(Change.Action.NOOP));
    }

    /**
     * The whole stack with both options, through the commands' own path (StackRun): apply, a
     * plan with nothing to do, destroy, and the teardown check (every type again, then the
     * tagging API for anything tagged with the stack) finds nothing. The emulator answers the
     * tagging API only for Client VPN endpoints; the unfiltered search of the check is moto's.
     */
    @Test
    void theWholeStackWithBothOptionsLeavesNothingAfterDestroy() {
        vpn.instant();
        StackConfig d = config();
        StackConfig config = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                new StackConfig.Instances(
                        d.instances().amiParameter(),
                        "ami-1e749f67", // an image moto knows in every region
                        d.instances().instanceType(),
                        d.instances().rootVolumeGb(),
                        null),
                d.autoScaling(),
                d.rollout(),
                d.peering(),
                d.privateInstance(),
                d.vpn());
        StackRun run = new StackRun(config, clients, quiet, progress, QuickRetry.of(progress), new VpnClientFiles(dir));
        Discovery.Found found = run.discover();
        run.apply(run.plan(found), found);
        assertThat(Files.exists(dir.resolve("my-vpn.ovpn"))).isTrue();

        StackRun again = new StackRun(
                config, throughWireMock(), quiet, progress, QuickRetry.of(progress), new VpnClientFiles(dir));
        assertThat(again.plan(again.discover()).isEmpty()).isTrue();

        String endpointId = vpn.endpoints().keySet().iterator().next();
        StackRun destroy = new StackRun(
                config, throughWireMock(), quiet, progress, QuickRetry.of(progress), new VpnClientFiles(dir));
        assertThat(destroy.destroy(destroy.discover())).isEmpty();
        // the client file went with its endpoint: it could connect nowhere and holds the client's key
        assertThat(dir.resolve("my-vpn.ovpn")).doesNotExist();
        assertThat(destroy.notes())
                .singleElement()
                .satisfies(n -> assertThat(n).startsWith("vpn: deleted ").endsWith(endpointId));
        assertThat(vpn.endpoints().values())
                .singleElement()
                .satisfies(e -> assertThat(e.status).isEqualTo("deleted"));
        assertThat(acm.listCertificates().certificateSummaryList()).isEmpty();
    }

    /** Enough of the stack for the VPN alone: what the cut runs below go over. */
    static final Set<String> VPN_TYPES =
            Set.of("vpc", "subnet", "security-group", VpnCertificateType.TYPE, ClientVpnEndpointType.TYPE);

    /**
     * An apply cut before each of the VPN's mutating calls, and one that loses the answer of
     * each (the call reached AWS, the run never saw its id), then run again: one certificate,
     * one endpoint with one association and one rule, a file that fits them, and a plan with
     * nothing left to do. The network under it is made once; each round removes the VPN again.
     */
    @Test
    void anApplyCutAtAnyVpnCallConvergesOnTheNextRun() throws Exception {
        vpn.instant(); // the waits are the first test's; here each round would sleep through them
        applyOnly(clients, VPN_TYPES, Set.of("vpc", "subnet", "security-group"));
        List<String> calls = new java.util.ArrayList<>();
        applyOnly(throughWireMock().intercept(new CutAfter(Integer.MAX_VALUE, false, calls)), VPN_TYPES, VPN_TYPES);
        assertThat(calls)
                .containsExactly(
                        "ImportCertificate",
                        "CreateClientVpnEndpoint",
                        "AssociateClientVpnTargetNetwork",
                        "AuthorizeClientVpnIngress");
        removeVpn();
        for (boolean answerLost : List.of(false, true)) {
            for (int k = answerLost ? 1 : 0; k <= calls.size() - (answerLost ? 0 : 1); k++) {
                String round = (answerLost ? "answer of call " : "cut before call ") + (answerLost ? k : k + 1);
                try {
                    applyOnly(
                            throughWireMock().intercept(new CutAfter(k, answerLost, new java.util.ArrayList<>())),
                            VPN_TYPES,
                            VPN_TYPES);
                    throw new AssertionError(round + ": the run was not cut");
                } catch (RuntimeException cut) {
                    assertThat(causes(cut)).as(round).anyMatch(t -> t instanceof Cut);
                }
                applyOnly(clients, VPN_TYPES, VPN_TYPES);

                assertThat(Planner.plan(specsOf(VPN_TYPES), Discovery.discover(typesOf(clients, VPN_TYPES), scope))
                                .changes())
                        .as(round)
                        .allSatisfy(c ->
                                assertThat(c.action()).as(round + " " + c.key()).isEqualTo(Change.Action.NOOP));
                List<CertificateSummary> certificates = acm.listCertificates().certificateSummaryList();
                assertThat(certificates).as(round).hasSize(1);
                List<ClientVpnEmulator.Endpoint> live = vpn.endpoints().values().stream()
                        .filter(e -> !"deleted".equals(e.status))
                        .toList();
                assertThat(live).as(round).singleElement().satisfies(e -> {
                    assertThat(e.serverCertificate)
                            .isEqualTo(certificates.get(0).certificateArn());
                    assertThat(e.associations).hasSize(1);
                    assertThat(e.rules).containsOnlyKeys("10.1.0.0/16");
                });
                assertThat(ClientConfigFile.holdsClientOf(
                                dir.resolve("my-vpn.ovpn"),
                                VpnCertificateType.firstPem(acm.getCertificate(r -> r.certificateArn(
                                                certificates.get(0).certificateArn()))
                                        .certificateChain())))
                        .as(round + ": the file fits the certificate")
                        .isTrue();
                removeVpn();
            }
        }
    }

    private void removeVpn() throws Exception {
        Set<String> vpnOnly = Set.of(VpnCertificateType.TYPE, ClientVpnEndpointType.TYPE);
        Map<String, ManagedType> types = typesOf(clients, vpnOnly);
        assertThat(new Destroyer(types, scope, progress, quiet)
                        .destroy(Discovery.discover(types, scope), specsOf(vpnOnly)))
                .isEmpty();
        Files.deleteIfExists(dir.resolve("my-vpn.ovpn"));
    }

    private void applyOnly(AwsClients through, Set<String> typeWords, Set<String> specWords) {
        Map<String, ManagedType> types = typesOf(through, typeWords);
        Discovery.Found found = Discovery.discover(types, scope);
        new Applier(types, scope, progress, quiet).apply(Planner.plan(specsOf(specWords), found), found);
    }

    private Map<String, ManagedType> typesOf(AwsClients through, Set<String> words) {
        Map<String, ManagedType> types = new LinkedHashMap<>();
        types(through).forEach((word, type) -> {
            if (words.contains(word)) {
                types.put(word, type);
            }
        });
        return types;
    }

    private static List<Spec> specsOf(Set<String> words) {
        return specs().stream().filter(s -> words.contains(s.type())).toList();
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    static final class Cut extends RuntimeException {
        Cut(String message) {
            super(message);
        }
    }

    /** Lets {@code allowed} mutating calls through, then fails the next call, or loses the answer of the last. */
    static final class CutAfter implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private final int allowed;
        private final boolean answerLost;
        private final List<String> seen;
        private int mutating;

        CutAfter(int allowed, boolean answerLost, List<String> seen) {
            this.allowed = allowed;
            this.answerLost = answerLost;
            this.seen = seen;
        }

        private static String operation(software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            return attributes.getAttribute(
                    software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
        }

        @Override
        public synchronized void beforeExecution(
                software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            String operation = operation(attributes);
            if (dev.scaleout.support.CallCounter.isRead(operation)) {
                return;
            }
            if (!answerLost && mutating >= allowed) {
                throw new Cut("cut before " + operation);
            }
            mutating++;
            seen.add(operation);
        }

        @Override
        public synchronized void afterExecution(
                software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (answerLost && !dev.scaleout.support.CallCounter.isRead(operation(attributes)) && mutating == allowed) {
                throw new Cut("answer of " + operation(attributes) + " lost");
            }
        }
    }

    /**
     * The whole way a user's file goes, against a real OpenVPN 2.6 server on loopback holding
     * the certificate and key exactly as ImportCertificate sent them to ACM (read from the
     * request WireMock saw): the file apply wrote completes the mutual-TLS handshake. The
     * export's remote line points at that server instead of AWS's DNS name; with --dev null
     * neither side needs a tun device.
     */
    @Test
    void theWrittenFileConnectsToAServerWithWhatAcmReceived() throws Exception {
        Path openvpn = TestTools.require("OPENVPN", "/usr/sbin/openvpn");
        int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        vpn.exportRemote("127.0.0.1", port);
        apply();

        JsonNode imported = importRequest();
        Path ca = secret("ca.pem", decode(imported, "CertificateChain"));
        Path cert = secret("server.pem", decode(imported, "Certificate"));
        Path key = secret("server.key", decode(imported, "PrivateKey"));
        try (OpenVpnProcess server = OpenVpnProcess.tlsServer(openvpn, dir, port, ca, cert, key);
                OpenVpnProcess client = OpenVpnProcess.start(
                        openvpn, dir, "--config", dir.resolve("my-vpn.ovpn").toString(), "--dev", "null")) {
            client.awaitLine("Initialization Sequence Completed");
            server.awaitLine("Peer Connection Initiated");
            assertThat(client.output()).contains("VERIFY X509NAME OK: CN=vpn.demo.scaleout-kit.internal");
            assertThat(server.output()).contains("VERIFY OK: depth=0, CN=my-vpn-client");
        }
    }

    private JsonNode importRequest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (ServeEvent e : wireMock.getAllServeEvents()) {
            String target = e.getRequest().getHeader("X-Amz-Target");
            if ("CertificateManager.ImportCertificate".equals(target)) {
                return json.readTree(e.getRequest().getBodyAsString());
            }
        }
        throw new AssertionError("no ImportCertificate request");
    }

    private static String decode(JsonNode request, String field) {
        return new String(
                Base64.getDecoder().decode(request.path(field).asText()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private Path secret(String name, String pem) throws Exception {
        Path file = Files.createFile(
                dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, pem);
    }

    private Map<String, String> only(String action) {
        List<Map<String, String>> matching = vpn.requests().stream()
                .filter(r -> action.equals(r.get("Action")))
                .toList();
        assertThat(matching).as(action).hasSize(1);
        return matching.get(0);
    }

    private String id(String type, String name) {
        return Discovery.discover(types(), scope).refs().id(type, name);
    }

    private String groupId(String name) {
        return group(name).groupId();
    }

    private SecurityGroup group(String name) {
        return ec2.describeSecurityGroups(r -> r.filters(
                        stack(),
                        Filter.builder().name("group-name").values(name).build()))
                .securityGroups()
                .get(0);
    }

    private Instance instance(String name) {
        return ec2.describeInstances(r -> r.filters(
                        stack(),
                        Filter.builder().name("tag:Name").values(name).build(),
                        Filter.builder()
                                .name("instance-state-name")
                                .values("running", "pending")
                                .build()))
                .reservations()
                .get(0)
                .instances()
                .get(0);
    }

    private static Filter stack() {
        return Filter.builder().name("tag:Stack").values("demo").build();
    }
}
