package dev.scaleout.infra.vpn;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import java.util.List;

/**
 * The course's OpenVPN (chapter 3.4) as AWS Client VPN: a server certificate in ACM and an
 * endpoint in the stack's VPC, associated with private app subnet a (one association: each
 * is billed by the hour), every client authorised to the VPC's CIDR, split tunnel so only
 * the VPC's traffic goes through it. The client file is {@code <prefix>-vpn.ovpn}.
 */
public final class VpnSpecs {

    private VpnSpecs() {}

    public static String endpointName(StackConfig c) {
        return c.prefix() + "-vpn";
    }

    public static String certificateName(StackConfig c) {
        return c.prefix() + "-vpn-server";
    }

    /** The server certificate's name, which clients check (verify-x509-name): never resolved, only compared. */
    public static String serverDomain(StackConfig c) {
        return "vpn." + c.stack() + "." + c.project() + ".internal";
    }

    private static boolean on(StackConfig c) {
        return c.vpn() != null && c.vpn().enabled();
    }

    public static List<Spec> certificate(StackConfig c) {
        if (!on(c)) {
            return List.of();
        }
        return List.of(VpnCertificateType.SCHEMA
                .spec(certificateName(c))
                .set(VpnCertificateType.DOMAIN, serverDomain(c))
                .set(VpnCertificateType.CLIENT_FILE, ClientVpnEndpointType.clientFile(endpointName(c)))
                .build());
    }

    public static List<Spec> endpoint(StackConfig c) {
        if (!on(c)) {
            return List.of();
        }
        String zone = c.zones().get(0);
        return List.of(ClientVpnEndpointType.SCHEMA
                .spec(endpointName(c))
                .set(ClientVpnEndpointType.CERTIFICATE, VpnCertificateType.SCHEMA.ref(certificateName(c)))
                .set(ClientVpnEndpointType.CLIENT_CIDR, c.vpn().clientCidr().trim())
                .set(ClientVpnEndpointType.VPC, NetworkSpecs.vpcRef(c))
                .set(ClientVpnEndpointType.SECURITY_GROUPS, SecurityGroupType.SCHEMA.ref(SecuritySpecs.vpnGroup(c)))
                .set(ClientVpnEndpointType.SPLIT_TUNNEL, "true")
                .set(
                        ClientVpnEndpointType.SUBNETS,
                        SubnetType.SCHEMA.ref(NetworkSpecs.subnetName(c, NetworkSpecs.Tier.APP, zone)))
                .set(ClientVpnEndpointType.AUTHORIZED_CIDRS, c.network().vpcCidr())
                .build());
    }
}
