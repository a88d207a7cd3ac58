package dev.scaleout.infra.vpn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.testing.TestTools;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificates and the client file against a real OpenVPN 2.6 on loopback. The server is
 * a plain OpenVPN TLS server standing in for the Client VPN endpoint, with the server
 * certificate and key that would go to ACM. The client runs the file ClientConfigFile writes
 * from an export-shaped configuration, as a user would, with one change: {@code --dev null}
 * on the command line, so neither side needs a tun device here.
 */
class OpenVpnHandshakeIT {

    private static final String SERVER_DOMAIN = TestCertificates.SERVER_DOMAIN;
    private static Path openvpn;
    private static VpnCertificates certificates;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        openvpn = TestTools.require("OPENVPN", "/usr/sbin/openvpn");
        certificates = TestCertificates.endpoint();
    }

    @Test
    void theGeneratedFileCompletesAMutualTlsHandshakeWithTheGeneratedServer() throws Exception {
        int port = freeUdpPort();
        Path file = ClientConfigFile.fromExport(ExportedConfigurations.export("127.0.0.1", port, certificates))
                .write(dir.resolve("my-vpn.ovpn"), certificates);

        try (OpenVpnProcess server = startServer(port);
                OpenVpnProcess client =
                        OpenVpnProcess.start(openvpn, dir, "--config", file.toString(), "--dev", "null")) {
            client.awaitLine("Initialization Sequence Completed");
            server.awaitLine("Peer Connection Initiated");

            // each side checked the other's certificate the way Client VPN and its clients do
            assertThat(client.output())
                    .contains(
                            "VERIFY EKU OK",
                            "VERIFY X509NAME OK: CN=" + SERVER_DOMAIN,
                            "VERIFY OK: depth=0, CN=" + SERVER_DOMAIN)
                    .contains("peer certificate: 2048 bits RSA");
            assertThat(server.output())
                    .contains(
                            "VERIFY EKU OK",
                            "VERIFY OK: depth=0, CN=my-vpn-client",
                            "[my-vpn-client] Peer Connection Initiated");
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        int port = freeUdpPort();
        // the right CA to trust the server, but a certificate and key that another CA signed
        VpnCertificates stranger = TestCertificates.stranger();
        Path file = dir.resolve("stranger.ovpn");
        Files.writeString(
                file,
                ClientConfigFile.fromExport(ExportedConfigurations.export("127.0.0.1", port, certificates))
                        .withCredentials(stranger));

        try (OpenVpnProcess server = startServer(port);
                OpenVpnProcess client =
                        OpenVpnProcess.start(openvpn, dir, "--config", file.toString(), "--dev", "null")) {
            server.awaitLine("TLS Error: TLS handshake failed");

            assertThat(server.output())
                    .contains("VERIFY ERROR: depth=0")
                    .contains("CN=my-vpn-client")
                    .doesNotContain("Peer Connection Initiated");
            assertThat(client.output())
                    .doesNotContain("Peer Connection Initiated", "Initialization Sequence Completed");
        }
    }

    private OpenVpnProcess startServer(int port) throws IOException {
        Path ca = write("ca.pem", certificates.caCertificatePem());
        Path cert = write("server.pem", certificates.serverCertificatePem());
        Path key = write("server.key", certificates.serverPrivateKeyPem());
        return OpenVpnProcess.tlsServer(openvpn, dir, port, ca, cert, key, "--hand-window", "5");
    }

    private Path write(String name, String pem) throws IOException {
        Path file =
                Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(ClientConfigFile.OWNER_ONLY));
        return Files.writeString(file, pem);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
