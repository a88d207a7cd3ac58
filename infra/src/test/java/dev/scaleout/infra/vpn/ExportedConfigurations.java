package dev.scaleout.infra.vpn;

/**
 * Text shaped like ExportClientVpnClientConfiguration's answer for an endpoint with mutual-TLS
 * authentication: the EC2 API reference's sample response and the files the Client VPN admin
 * guide shows (AES-256-GCM, reneg-sec 0 and verify-x509-name with the server certificate's CN,
 * as endpoints export them today), with the endpoint's remote line given by the test.
 */
final class ExportedConfigurations {

    private ExportedConfigurations() {}

    static String export(String remoteHost, int port, VpnCertificates certificates) {
        return "client\n"
                + "dev tun\n"
                + "proto udp\n"
                + "remote " + remoteHost + " " + port + "\n"
                + "remote-random-hostname\n"
                + "resolv-retry infinite\n"
                + "nobind\n"
                + "remote-cert-tls server\n"
                + "cipher AES-256-GCM\n"
                + "verb 3\n"
                + "<ca>\n"
                + certificates.caCertificatePem()
                + "</ca>\n"
                + "\n"
                + "\n"
                + "reneg-sec 0\n"
                + "\n"
                + "verify-x509-name " + certificates.serverDomain() + " name\n";
    }

    static String export(VpnCertificates certificates) {
        return export("cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com", 443, certificates);
    }
}
