package dev.scaleout.infra.vpn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;

class VpnCertificatesTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final Instant NOW = TestCertificates.MADE_AT;
    private final VpnCertificates certificates = TestCertificates.endpoint();

    @Test
    void everyKeyIsRsa2048AsClientVpnAndAcmAccept() {
        for (X509Certificate certificate : List.of(certificates.ca(), certificates.server(), certificates.client())) {
            assertThat(certificate.getPublicKey()).isInstanceOf(RSAPublicKey.class);
            assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength())
                    .isEqualTo(2048);
            assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
            assertThat(certificate.getVersion()).isEqualTo(3);
        }
    }

    @Test
    void theServerCertificateIsForTlsServersWithItsDomainAsCnAndSan() throws Exception {
        X509Certificate server = certificates.server();
        assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=vpn.demo.scaleout-kit.internal");
        assertThat(server.getSubjectAlternativeNames()).containsExactly(List.of(2, "vpn.demo.scaleout-kit.internal"));
        assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(server.getCriticalExtensionOIDs()).contains("2.5.29.15"); // key usage
        assertThat(keyUsages(server)).containsExactlyInAnyOrder("digitalSignature", "keyEncipherment");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificates.serverDomain()).isEqualTo("vpn.demo.scaleout-kit.internal");
    }

    @Test
    void theClientCertificateIsForTlsClientsWithACommonName() throws Exception {
        X509Certificate client = certificates.client();
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=my-vpn-client");
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(keyUsages(client)).containsExactly("digitalSignature");
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void theCaSignsCertificatesAndNothingElse() {
        X509Certificate ca = certificates.ca();
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        assertThat(keyUsages(ca)).containsExactlyInAnyOrder("keyCertSign", "cRLSign");
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getSubjectX500Principal().getName()).doesNotContain("my-vpn-client");
    }

    @Test
    void serverAndClientChainToTheCaUnderPkixRules() throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(certificates.ca(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        for (X509Certificate leaf : List.of(certificates.server(), certificates.client())) {
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
        }
        assertThatThrownBy(() -> CertPathValidator.getInstance("PKIX")
                        .validate(
                                factory.generateCertPath(
                                        List.of(TestCertificates.stranger().client())),
                                parameters))
                .hasMessageContaining("Path does not chain");
    }

    @Test
    void validityIsStatedAndStartsAnHourEarlyForClockSkew() {
        // X.509 keeps whole seconds
        Instant now = NOW.truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(Duration.ofHours(1));
        assertThat(certificates.ca().getNotBefore().toInstant()).isEqualTo(notBefore);
        assertThat(certificates.ca().getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(3650)));
        for (X509Certificate leaf : List.of(certificates.server(), certificates.client())) {
            assertThat(leaf.getNotBefore().toInstant()).isEqualTo(notBefore);
            assertThat(leaf.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(825)));
        }
        assertThat(certificates.serverNotAfter()).isEqualTo(now.plus(Duration.ofDays(825)));
    }

    @Test
    void theAcmImportPartsAreSeparatePemsWithAnUnencryptedKeyOfTheServerCertificate() throws Exception {
        assertThat(parse(certificates.serverImportRequest().certificate().asUtf8String()))
                .containsExactly(certificates.server());
        // ACM: the chain must not hold the certificate itself; here it is the CA alone
        assertThat(parse(certificates.serverImportRequest().certificateChain().asUtf8String()))
                .containsExactly(certificates.ca());
        String keyPem = certificates.serverPrivateKeyPem();
        assertThat(keyPem).startsWith("-----BEGIN RSA PRIVATE KEY-----").doesNotContain("ENCRYPTED");
        assertThat(keyPem.getBytes(StandardCharsets.US_ASCII).length).isLessThan(5120); // ACM's limit for a key
        assertThat(signsFor(privateKey(keyPem), certificates.server())).isTrue();
        assertThat(signsFor(privateKey(keyPem), certificates.client())).isFalse();
        assertThat(certificates.serverImportRequest().privateKey().asUtf8String())
                .isEqualTo(keyPem);
        assertThat(certificates.serverImportRequest().toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void textNeverShowsAKey() {
        assertThat(certificates.toString())
                .contains("vpn.demo.scaleout-kit.internal", "my-vpn-client")
                .doesNotContain("PRIVATE", "BEGIN");
    }

    @Test
    void namesThatAcmOrClientVpnWouldRefuseAreRefusedFirst() {
        assertThatThrownBy(() -> VpnCertificates.generate("server", "client", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'server' is not a fully qualified domain name");
        assertThatThrownBy(() -> VpnCertificates.generate("vpn..example.internal", "client", NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VpnCertificates.generate("vpn.example.internal", "", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client name ''");
        assertThatThrownBy(() -> VpnCertificates.generate("vpn.example.internal", "a b", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<String> keyUsages(X509Certificate certificate) {
        String[] names = {
            "digitalSignature",
            "nonRepudiation",
            "keyEncipherment",
            "dataEncipherment",
            "keyAgreement",
            "keyCertSign",
            "cRLSign",
            "encipherOnly",
            "decipherOnly"
        };
        boolean[] bits = certificate.getKeyUsage();
        return IntStream.range(0, names.length)
                .filter(i -> i < bits.length && bits[i])
                .mapToObj(i -> names[i])
                .toList();
    }

    static PrivateKey privateKey(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            KeyPair pair = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
            return pair.getPrivate();
        }
    }

    static boolean signsFor(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] data = "proof of possession".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    @SuppressWarnings("unchecked")
    private static Collection<X509Certificate> parse(String pem) throws Exception {
        return (Collection<X509Certificate>) CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
