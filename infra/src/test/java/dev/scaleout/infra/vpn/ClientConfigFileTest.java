package dev.scaleout.infra.vpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigFileTest {

    private final VpnCertificates certificates = TestCertificates.endpoint();
    private final VpnCertificates otherCa = TestCertificates.stranger();

    @TempDir
    Path dir;

    @Test
    void writesTheExportWithTheClientCertificateAndKeyEmbeddedReadableByItsOwnerOnly() throws Exception {
        String export = ExportedConfigurations.export(certificates);
        Path file =
                ClientConfigFile.fromExport(export).write(dir.resolve(ClientConfigFile.fileName("my")), certificates);

        assertThat(file).isEqualTo(dir.resolve("my-vpn.ovpn"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        String text = Files.readString(file);
        assertThat(text).startsWith(export);
        assertThat(block(text, "ca")).isEqualTo(certificate(certificates.caCertificatePem()));
        assertThat(block(text, "cert")).isEqualTo(certificates.client());
        String key = text.substring(text.indexOf("<key>\n") + 6, text.indexOf("</key>"));
        assertThat(VpnCertificatesTest.signsFor(VpnCertificatesTest.privateKey(key), certificates.client()))
                .isTrue();
        assertThat(text).containsOnlyOnce("<cert>").containsOnlyOnce("<key>").containsOnlyOnce("<ca>");
        assertThat(text).doesNotContain(certificates.serverPrivateKeyPem());
        assertThat(dir)
                .isDirectoryContaining(p -> p.equals(file))
                .isDirectoryNotContaining(p -> p.toString().endsWith(".tmp"));
    }

    @Test
    void tellsAFileThatCanConnectToThisCaFromOneThatCannot() throws Exception {
        Path file = ClientConfigFile.fromExport(ExportedConfigurations.export(certificates))
                .write(dir.resolve("my-vpn.ovpn"), certificates);

        assertThat(ClientConfigFile.holdsClientOf(file, certificates.caCertificatePem()))
                .isTrue();
        assertThat(ClientConfigFile.holdsClientOf(file, otherCa.caCertificatePem()))
                .isFalse();
        assertThat(ClientConfigFile.holdsClientOf(dir.resolve("missing.ovpn"), certificates.caCertificatePem()))
                .isFalse();
        Path withoutKey = Files.writeString(
                dir.resolve("no-key.ovpn"), Files.readString(file).replaceAll("(?s)<key>.*</key>", ""));
        assertThat(ClientConfigFile.holdsClientOf(withoutKey, certificates.caCertificatePem()))
                .isFalse();
    }

    @Test
    void aNewExportOfTheSameCaKeepsTheKeyTheEarlierFileHolds() throws Exception {
        Path file = ClientConfigFile.fromExport(ExportedConfigurations.export(certificates))
                .write(dir.resolve("my-vpn.ovpn"), certificates);
        String before = Files.readString(file);
        String newEndpoint = ExportedConfigurations.export(
                "cvpn-endpoint-0fedcba9876543210.prod.clientvpn.eu-west-1.amazonaws.com", 443, certificates);

        ClientConfigFile.fromExport(newEndpoint).writeKeepingCredentialsOf(file, file);

        String after = Files.readString(file);
        assertThat(after).startsWith(newEndpoint);
        assertThat(block(after, "cert")).isEqualTo(certificates.client());
        assertThat(after.substring(after.indexOf("<key>"))).isEqualTo(before.substring(before.indexOf("<key>")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        // a file of another CA cannot be carried over to this endpoint
        Path stranger = dir.resolve("stranger.ovpn");
        Files.writeString(stranger, ClientConfigFile.fromExport(newEndpoint).withCredentials(otherCa));
        assertThatThrownBy(() -> ClientConfigFile.fromExport(newEndpoint)
                        .writeKeepingCredentialsOf(dir.resolve("x.ovpn"), stranger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not signed by the CA");
    }

    @Test
    void replacesAnOlderFileAndTightensItsMode() throws Exception {
        Path file = dir.resolve("my-vpn.ovpn");
        Files.writeString(file, "an older file");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ClientConfigFile.fromExport(ExportedConfigurations.export(certificates)).write(file, certificates);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain("an older file").contains("<key>");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void refusesCertificatesFromAnotherCaThanTheEndpointsAndWritesNothing() {
        ClientConfigFile config = ClientConfigFile.fromExport(ExportedConfigurations.export(certificates));

        assertThatThrownBy(() -> config.write(dir.resolve("my-vpn.ovpn"), otherCa))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "client certificate my-vpn-client is not signed by the CA in the exported configuration");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void knowsTheEndpointAndNeverShowsTheKeyAsText() {
        ClientConfigFile config = ClientConfigFile.fromExport(ExportedConfigurations.export(certificates));

        assertThat(config.remoteHost())
                .isEqualTo("cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com");
        assertThat(config.toString()).contains(config.remoteHost()).doesNotContain("BEGIN");
    }

    @Test
    void refusesTextThatIsNotAnExportedConfiguration() {
        String export = ExportedConfigurations.export(certificates);
        assertThatThrownBy(() -> ClientConfigFile.fromExport(""))
                .hasMessage("the exported Client VPN configuration is empty");
        assertThatThrownBy(() -> ClientConfigFile.fromExport(export.replace("client\n", "")))
                .hasMessageContaining("no 'client' line");
        assertThatThrownBy(() -> ClientConfigFile.fromExport(export.replaceAll("remote .*\n", "")))
                .hasMessageContaining("no 'remote HOST PORT' line");
        assertThatThrownBy(() -> ClientConfigFile.fromExport(export.replaceAll("(?s)<ca>.*</ca>", "")))
                .hasMessageContaining("no <ca> block");
        assertThatThrownBy(() -> ClientConfigFile.fromExport(export + "<key>\nx\n</key>\n"))
                .hasMessageContaining("already has a <key> block");
        assertThatThrownBy(() ->
                        ClientConfigFile.fromExport(export.replaceAll("(?s)(-----BEGIN CERTIFICATE-----\n)\\S", "$1x")))
                .hasMessageContaining("<ca> block of the exported Client VPN configuration is not a certificate");
    }

    private static X509Certificate block(String text, String tag) throws Exception {
        Matcher block =
                Pattern.compile("(?s)<" + tag + ">\n(.*?)</" + tag + ">").matcher(text);
        assertThat(block.find()).as("<%s> block", tag).isTrue();
        return certificate(block.group(1));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
