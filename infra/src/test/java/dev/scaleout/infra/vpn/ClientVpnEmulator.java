package dev.scaleout.infra.vpn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * AWS Client VPN, which moto does not implement, played at the EC2 HTTP boundary from the EC2
 * API reference (Query protocol, the response elements the reference and the SDK's model
 * name), on top of moto's VPCs, subnets and ACM certificates, which it reads to check what a
 * request names exists, as AWS does. Also the two neighbours the endpoint's life touches: the
 * Resource Groups Tagging API's GetResources for {@code ec2:client-vpn-endpoint} (moto's does
 * not know these endpoints), and ACM's DeleteCertificate, refused with ResourceInUseException
 * while an endpoint that is not deleted uses the certificate (then passed to moto).
 *
 * <p>Time, as AWS takes it: an association is "associating" for the first describe after it
 * is made and "associated" after; a disassociation is "disassociating" once, then gone; a
 * deleted endpoint is "deleted" and still listed (also by the tagging API). The endpoint is
 * "pending-associate" until a subnet is associated, "available" after. Deleting an endpoint
 * with an association left is refused: the admin guide says to disassociate every target
 * network first (the exact error code is not documented; "IncorrectState" here).
 *
 * <p>Every Client VPN request's form parameters are kept, in order, for the tests to check.
 */
public final class ClientVpnEmulator implements ResponseTransformerV2 {

    public static final String NAME = "client-vpn";
    static final String ACCOUNT = "123456789012";
    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One endpoint as AWS holds it. */
    static final class Endpoint {
        String id;
        String token;
        String cidr;
        String serverCertificate;
        String rootChain;
        String vpc;
        List<String> groups = new ArrayList<>();
        boolean splitTunnel;
        String transport;
        int port;
        Map<String, String> tags = new LinkedHashMap<>();
        String status = "pending-associate";
        final Map<String, Association> associations = new LinkedHashMap<>();
        final Map<String, String> rules = new TreeMap<>(); // cidr -> status
    }

    static final class Association {
        String id;
        String subnet;
        String status = "associating";
        int describes;
    }

    private final Ec2Client motoEc2;
    private final AcmClient motoAcm;
    private final String region;
    private final Map<String, Endpoint> endpoints = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger(0x1000);
    private volatile boolean instant;
    private volatile String remoteHost;
    private volatile int remotePort = 443;

    public ClientVpnEmulator(Ec2Client motoEc2, AcmClient motoAcm, String region) {
        this.motoEc2 = motoEc2;
        this.motoAcm = motoAcm;
        this.region = region;
    }

    public void reset() {
        instant = false;
        endpoints.clear();
        requests.clear();
        remoteHost = null;
        remotePort = 443;
    }

    /** Associations and disassociations done by the time the call returns: for tests about something else than waits. */
    public void instant() {
        instant = true;
    }

    /** The remote line exports carry: AWS's endpoint DNS name and 443 unless a test points it at a local server. */
    public void exportRemote(String host, int port) {
        remoteHost = host;
        remotePort = port;
    }

    public List<Map<String, String>> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<String> actions() {
        return requests().stream().map(r -> r.get("Action")).toList();
    }

    Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    /** Drift by hand: the association removed in the console. */
    public void dropAssociations(String endpointId) {
        Endpoint e = endpoints.get(endpointId);
        e.associations.clear();
        e.status = "pending-associate";
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
        String target = event.getRequest().getHeader("X-Amz-Target");
        try {
            if (target != null && target.endsWith(".GetResources")) {
                return json(
                        response,
                        200,
                        getResources(JSON.readTree(event.getRequest().getBodyAsString())));
            }
            if (target != null && target.endsWith(".DeleteCertificate")) {
                return deleteCertificate(
                        response, JSON.readTree(event.getRequest().getBodyAsString()));
            }
            Map<String, String> form = form(event.getRequest().getBodyAsString());
            requests.add(form);
            synchronized (endpoints) {
                return xml(response, 200, ec2(form));
            }
        } catch (Refusal r) {
            return xml(
                    response,
                    400,
                    "<Response><Errors><Error><Code>" + r.code + "</Code><Message>" + esc(r.getMessage())
                            + "</Message></Error></Errors><RequestID>" + requestId() + "</RequestID></Response>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String ec2(Map<String, String> f) {
        String action = f.get("Action");
        return switch (action) {
            case "CreateClientVpnEndpoint" -> create(f);
            case "DescribeClientVpnEndpoints" -> describeEndpoints(f);
            case "AssociateClientVpnTargetNetwork" -> associate(f);
            case "DescribeClientVpnTargetNetworks" -> describeTargetNetworks(f);
            case "DisassociateClientVpnTargetNetwork" -> disassociate(f);
            case "AuthorizeClientVpnIngress" -> authorize(f);
            case "RevokeClientVpnIngress" -> revoke(f);
            case "DescribeClientVpnAuthorizationRules" -> describeRules(f);
            case "ExportClientVpnClientConfiguration" -> export(f);
            case "ApplySecurityGroupsToClientVpnTargetNetwork" -> applyGroups(f);
            case "ModifyClientVpnEndpoint" -> modify(f);
            case "DeleteClientVpnEndpoint" -> delete(f);
            default -> throw new Refusal("InvalidAction", "the emulator does not know " + action);
        };
    }

    private String create(Map<String, String> f) {
        for (String required : List.of(
                "ClientCidrBlock", "ServerCertificateArn", "Authentication.1.Type", "ConnectionLogOptions.Enabled")) {
            if (!f.containsKey(required)) {
                throw new Refusal("MissingParameter", "The request must contain the parameter " + required);
            }
        }
        String token = f.get("ClientToken");
        if (token != null) {
            for (Endpoint e : endpoints.values()) {
                if (token.equals(e.token)) {
                    return response(
                            "CreateClientVpnEndpoint",
                            "<clientVpnEndpointId>" + e.id
                                    + "</clientVpnEndpointId><status><code>" + e.status + "</code></status><dnsName>"
                                    + dns(e) + "</dnsName>");
                }
            }
        }
        certificateMustExist(f.get("ServerCertificateArn"));
        String rootChain = f.get("Authentication.1.MutualAuthentication.ClientRootCertificateChainArn");
        if ("certificate-authentication".equals(f.get("Authentication.1.Type"))) {
            if (rootChain == null) {
                throw new Refusal("MissingParameter", "mutual authentication needs ClientRootCertificateChainArn");
            }
            certificateMustExist(rootChain);
        }
        String vpc = f.get("VpcId");
        List<String> groups = indexed(f, "SecurityGroupId");
        if (!groups.isEmpty() && vpc == null) {
            throw new Refusal("InvalidParameterValue", "VpcId is required with SecurityGroupIds");
        }
        if (vpc != null) {
            motoEc2.describeVpcs(r -> r.vpcIds(vpc)); // not found -> the SDK error, as AWS would answer
            for (String g : groups) {
                String groupVpc = motoEc2.describeSecurityGroups(r -> r.groupIds(g))
                        .securityGroups()
                        .get(0)
                        .vpcId();
                if (!vpc.equals(groupVpc)) {
                    throw new Refusal("InvalidParameterValue", g + " is not in " + vpc);
                }
            }
        }
        Endpoint e = new Endpoint();
        e.id = "cvpn-endpoint-" + String.format("%017x", ids.incrementAndGet());
        e.token = token;
        e.cidr = f.get("ClientCidrBlock");
        e.serverCertificate = f.get("ServerCertificateArn");
        e.rootChain = rootChain;
        e.vpc = vpc;
        e.groups = groups;
        e.splitTunnel = Boolean.parseBoolean(f.getOrDefault("SplitTunnel", "false"));
        e.transport = f.getOrDefault("TransportProtocol", "udp");
        e.port = Integer.parseInt(f.getOrDefault("VpnPort", "443"));
        for (int i = 1; f.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
            if (!"client-vpn-endpoint".equals(f.get("TagSpecification." + i + ".ResourceType"))) {
                throw new Refusal("InvalidParameterValue", "tags for a resource type other than client-vpn-endpoint");
            }
            for (int t = 1; f.containsKey("TagSpecification." + i + ".Tag." + t + ".Key"); t++) {
                e.tags.put(
                        f.get("TagSpecification." + i + ".Tag." + t + ".Key"),
                        f.get("TagSpecification." + i + ".Tag." + t + ".Value"));
            }
        }
        endpoints.put(e.id, e);
        return response(
                "CreateClientVpnEndpoint",
                "<clientVpnEndpointId>" + e.id
                        + "</clientVpnEndpointId><status><code>" + e.status + "</code></status><dnsName>" + dns(e)
                        + "</dnsName>");
    }

    private void certificateMustExist(String arn) {
        try {
            motoAcm.describeCertificate(r -> r.certificateArn(arn));
        } catch (software.amazon.awssdk.services.acm.model.ResourceNotFoundException gone) {
            throw new Refusal("InvalidParameterValue", "Certificate " + arn + " does not exist");
        }
    }

    private String describeEndpoints(Map<String, String> f) {
        List<String> wanted = indexed(f, "ClientVpnEndpointId");
        StringBuilder items = new StringBuilder();
        for (String id : wanted) {
            if (!endpoints.containsKey(id)) {
                throw new Refusal(
                        "InvalidClientVpnEndpointId.NotFound", "The Client VPN endpoint " + id + " does not exist");
            }
        }
        for (Endpoint e : endpoints.values()) {
            if (!wanted.isEmpty() && !wanted.contains(e.id)) {
                continue;
            }
            items.append("<item><clientVpnEndpointId>")
                    .append(e.id)
                    .append("</clientVpnEndpointId>")
                    .append("<description>endpoint</description>")
                    .append("<status><code>")
                    .append(e.status)
                    .append("</code></status>")
                    .append("<creationTime>2026-12-01 23:00:00</creationTime>")
                    .append("<dnsName>")
                    .append(dns(e))
                    .append("</dnsName>")
                    .append("<clientCidrBlock>")
                    .append(e.cidr)
                    .append("</clientCidrBlock>")
                    .append("<splitTunnel>")
                    .append(e.splitTunnel)
                    .append("</splitTunnel>")
                    .append("<vpnProtocol>openvpn</vpnProtocol>")
                    .append("<transportProtocol>")
                    .append(e.transport)
                    .append("</transportProtocol>")
                    .append("<vpnPort>")
                    .append(e.port)
                    .append("</vpnPort>")
                    .append("<serverCertificateArn>")
                    .append(e.serverCertificate)
                    .append("</serverCertificateArn>")
                    .append("<authenticationOptions><item><type>certificate-authentication</type>")
                    .append("<mutualAuthentication><clientRootCertificateChain>")
                    .append(e.rootChain)
                    .append("</clientRootCertificateChain></mutualAuthentication></item></authenticationOptions>")
                    .append("<connectionLogOptions><enabled>false</enabled></connectionLogOptions>")
                    .append("<securityGroupIdSet>");
            e.groups.forEach(g -> items.append("<item>").append(g).append("</item>"));
            items.append("</securityGroupIdSet>");
            if (e.vpc != null) {
                items.append("<vpcId>").append(e.vpc).append("</vpcId>");
            }
            items.append("<tagSet>");
            e.tags.forEach((k, v) -> items.append("<item><key>")
                    .append(esc(k))
                    .append("</key><value>")
                    .append(esc(v))
                    .append("</value></item>"));
            items.append("</tagSet></item>");
        }
        return response("DescribeClientVpnEndpoints", "<clientVpnEndpoint>" + items + "</clientVpnEndpoint>");
    }

    private Endpoint endpoint(Map<String, String> f) {
        String id = f.get("ClientVpnEndpointId");
        Endpoint e = endpoints.get(id);
        if (e == null || "deleted".equals(e.status)) {
            throw new Refusal(
                    "InvalidClientVpnEndpointId.NotFound", "The Client VPN endpoint " + id + " does not exist");
        }
        return e;
    }

    private String associate(Map<String, String> f) {
        Endpoint e = endpoint(f);
        String subnet = f.get("SubnetId");
        var found = motoEc2.describeSubnets(r -> r.subnetIds(subnet)).subnets().get(0);
        if (!found.vpcId().equals(e.vpc)) {
            throw new Refusal("InvalidParameterValue", subnet + " is not in the endpoint's VPC " + e.vpc);
        }
        for (Association a : e.associations.values()) {
            if (a.subnet.equals(subnet)) {
                return response(
                        "AssociateClientVpnTargetNetwork",
                        "<associationId>" + a.id + "</associationId><status><code>" + a.status + "</code></status>");
            }
        }
        Association a = new Association();
        a.id = "cvpn-assoc-" + String.format("%017x", ids.incrementAndGet());
        a.subnet = subnet;
        if (instant) {
            a.status = "associated";
            e.status = "available";
        }
        e.associations.put(a.id, a);
        return response(
                "AssociateClientVpnTargetNetwork",
                "<associationId>" + a.id + "</associationId><status><code>associating</code></status>");
    }

    private String describeTargetNetworks(Map<String, String> f) {
        Endpoint e = endpoint(f);
        StringBuilder items = new StringBuilder();
        for (var it = e.associations.values().iterator(); it.hasNext(); ) {
            Association a = it.next();
            a.describes++;
            items.append("<item><associationId>")
                    .append(a.id)
                    .append("</associationId>")
                    .append("<vpcId>")
                    .append(e.vpc)
                    .append("</vpcId>")
                    .append("<targetNetworkId>")
                    .append(a.subnet)
                    .append("</targetNetworkId>")
                    .append("<clientVpnEndpointId>")
                    .append(e.id)
                    .append("</clientVpnEndpointId>")
                    .append("<status><code>")
                    .append(a.status)
                    .append("</code></status><securityGroups>");
            e.groups.forEach(g -> items.append("<item>").append(g).append("</item>"));
            items.append("</securityGroups></item>");
            // AWS finishes in minutes what the emulator finishes by the next look
            if ("associating".equals(a.status)) {
                a.status = "associated";
                e.status = "available";
            } else if ("disassociating".equals(a.status)) {
                it.remove();
            }
        }
        if (e.associations.isEmpty() && "available".equals(e.status)) {
            e.status = "pending-associate";
        }
        return response(
                "DescribeClientVpnTargetNetworks", "<clientVpnTargetNetworks>" + items + "</clientVpnTargetNetworks>");
    }

    private String disassociate(Map<String, String> f) {
        Endpoint e = endpoint(f);
        Association a = e.associations.get(f.get("AssociationId"));
        if (a == null) {
            throw new Refusal(
                    "InvalidClientVpnAssociationId.NotFound",
                    "The association " + f.get("AssociationId") + " does not exist");
        }
        a.status = "disassociating";
        if (instant) {
            e.associations.remove(a.id);
            if (e.associations.isEmpty()) {
                e.status = "pending-associate";
            }
        }
        return response(
                "DisassociateClientVpnTargetNetwork",
                "<associationId>" + a.id + "</associationId><status><code>disassociating</code></status>");
    }

    private String authorize(Map<String, String> f) {
        Endpoint e = endpoint(f);
        String cidr = f.get("TargetNetworkCidr");
        if (cidr == null || !("true".equals(f.get("AuthorizeAllGroups")) || f.containsKey("AccessGroupId"))) {
            throw new Refusal("MissingParameter", "TargetNetworkCidr and AuthorizeAllGroups or AccessGroupId");
        }
        if (e.rules.containsKey(cidr)) {
            throw new Refusal("InvalidClientVpnDuplicateAuthorizationRule", "the rule for " + cidr + " exists");
        }
        e.rules.put(cidr, "active");
        return response("AuthorizeClientVpnIngress", "<status><code>authorizing</code></status>");
    }

    private String revoke(Map<String, String> f) {
        Endpoint e = endpoint(f);
        if (e.rules.remove(f.get("TargetNetworkCidr")) == null) {
            throw new Refusal("InvalidClientVpnEndpointAuthorizationRuleNotFound", "no such rule");
        }
        return response("RevokeClientVpnIngress", "<status><code>revoking</code></status>");
    }

    private String describeRules(Map<String, String> f) {
        Endpoint e = endpoint(f);
        StringBuilder items = new StringBuilder();
        e.rules.forEach((cidr, status) -> items.append("<item><clientVpnEndpointId>")
                .append(e.id)
                .append("</clientVpnEndpointId><description>rule</description><accessAll>true</accessAll>")
                .append("<destinationCidr>")
                .append(cidr)
                .append("</destinationCidr><status><code>")
                .append(status)
                .append("</code></status></item>"));
        return response("DescribeClientVpnAuthorizationRules", "<authorizationRule>" + items + "</authorizationRule>");
    }

    /** As endpoints export it today: AES-256-GCM, the CA of the server certificate, verify-x509-name. */
    private String export(Map<String, String> f) {
        Endpoint e = endpoint(f);
        String chain = motoAcm.getCertificate(r -> r.certificateArn(e.serverCertificate))
                .certificateChain();
        String domain = motoAcm.describeCertificate(r -> r.certificateArn(e.serverCertificate))
                .certificate()
                .domainName();
        String host = remoteHost == null ? e.id + ".prod.clientvpn." + region + ".amazonaws.com" : remoteHost;
        String text = "client\ndev tun\nproto " + e.transport + "\nremote " + host + " "
                + (remoteHost == null ? e.port : remotePort) + "\nremote-random-hostname\nresolv-retry infinite\n"
                + "nobind\nremote-cert-tls server\ncipher AES-256-GCM\nverb 3\n<ca>\n"
                + VpnCertificateType.firstPem(chain).strip() + "\n</ca>\n\n\nreneg-sec 0\n\nverify-x509-name "
                + domain + " name\n";
        return response(
                "ExportClientVpnClientConfiguration", "<clientConfiguration>" + esc(text) + "</clientConfiguration>");
    }

    private String applyGroups(Map<String, String> f) {
        Endpoint e = endpoint(f);
        e.groups = indexed(f, "SecurityGroupId");
        StringBuilder items = new StringBuilder();
        e.groups.forEach(g -> items.append("<item>").append(g).append("</item>"));
        return response(
                "ApplySecurityGroupsToClientVpnTargetNetwork", "<securityGroupIds>" + items + "</securityGroupIds>");
    }

    private String modify(Map<String, String> f) {
        Endpoint e = endpoint(f);
        if (f.containsKey("SplitTunnel")) {
            e.splitTunnel = Boolean.parseBoolean(f.get("SplitTunnel"));
        }
        return response("ModifyClientVpnEndpoint", "<return>true</return>");
    }

    private String delete(Map<String, String> f) {
        Endpoint e = endpoint(f);
        if (!e.associations.isEmpty()) {
            throw new Refusal(
                    "IncorrectState",
                    "Client VPN endpoint " + e.id + " has target networks associated: disassociate them first");
        }
        e.status = "deleted";
        return response("DeleteClientVpnEndpoint", "<status><code>deleting</code></status>");
    }

    private ObjectNode getResources(JsonNode request) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        request.path("TagFilters").forEach(t -> {
            List<String> values = new ArrayList<>();
            t.path("Values").forEach(v -> values.add(v.asText()));
            wanted.put(t.path("Key").asText(), values);
        });
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("ResourceTagMappingList");
        for (Endpoint e : endpoints.values()) {
            boolean match = wanted.entrySet().stream()
                    .allMatch(w -> e.tags.containsKey(w.getKey())
                            && (w.getValue().isEmpty() || w.getValue().contains(e.tags.get(w.getKey()))));
            if (!match) {
                continue;
            }
            ObjectNode m = list.addObject();
            m.put("ResourceARN", "arn:aws:ec2:" + region + ":" + ACCOUNT + ":client-vpn-endpoint/" + e.id);
            ArrayNode tags = m.putArray("Tags");
            e.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
        }
        return out;
    }

    private Response deleteCertificate(Response response, JsonNode request) {
        String arn = request.path("CertificateArn").asText();
        synchronized (endpoints) {
            for (Endpoint e : endpoints.values()) {
                if (!"deleted".equals(e.status) && (arn.equals(e.serverCertificate) || arn.equals(e.rootChain))) {
                    ObjectNode error = JSON.createObjectNode()
                            .put("__type", "ResourceInUseException")
                            .put("message", "Certificate " + arn + " is in use by " + e.id);
                    return json(response, 400, error);
                }
            }
        }
        requests.add(Map.of("Action", "acm:DeleteCertificate", "CertificateArn", arn));
        motoAcm.deleteCertificate(r -> r.certificateArn(arn));
        return json(response, 200, JSON.createObjectNode());
    }

    private String dns(Endpoint e) {
        return "*." + e.id + ".prod.clientvpn." + region + ".amazonaws.com";
    }

    private static List<String> indexed(Map<String, String> f, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; f.containsKey(name + "." + i); i++) {
            out.add(f.get(name + "." + i));
        }
        return out;
    }

    private static String response(String action, String body) {
        return "<" + action + "Response xmlns=\"" + NS + "\"><requestId>" + requestId() + "</requestId>" + body + "</"
                + action + "Response>";
    }

    private static String requestId() {
        return java.util.UUID.randomUUID().toString();
    }

    private static Response xml(Response like, int status, String body) {
        return Response.Builder.like(like)
                .but()
                .status(status)
                .headers(new HttpHeaders(new HttpHeader("Content-Type", "text/xml;charset=UTF-8")))
                .body(body)
                .build();
    }

    private static Response json(Response like, int status, JsonNode body) {
        return Response.Builder.like(like)
                .but()
                .status(status)
                .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/x-amz-json-1.1")))
                .body(body.toString())
                .build();
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** An error AWS answers with its code. */
    private static final class Refusal extends RuntimeException {
        final String code;

        Refusal(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
