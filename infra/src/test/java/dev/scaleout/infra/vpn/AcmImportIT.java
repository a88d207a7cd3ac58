package dev.scaleout.infra.vpn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.CertificateType;
import software.amazon.awssdk.services.acm.model.KeyAlgorithm;

/**
 * The server certificate's import into ACM through moto, which parses the certificate and
 * reads its domain, key algorithm and validity from it as ACM does. moto does not check that
 * the key belongs to the certificate (nor ACM's other import rules): the OpenVPN handshake
 * (OpenVpnHandshakeIT) proves the key and certificate go together; the rest stays unverified
 * until a run against real ACM.
 */
@ExtendWith(MotoExtension.class)
class AcmImportIT {

    private static AcmClient acm;
    private static VpnCertificates certificates;

    @BeforeAll
    static void setUp(MotoServer moto) {
        acm = moto.clients().build(AcmClient.builder());
        certificates = TestCertificates.endpoint();
    }

    @Test
    void acmTakesTheServerCertificateWithItsChainAndKey() {
        String arn = acm.importCertificate(certificates.serverImportRequest()).certificateArn();

        CertificateDetail imported =
                acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        assertThat(imported.type()).isEqualTo(CertificateType.IMPORTED);
        assertThat(imported.status()).isEqualTo(CertificateStatus.ISSUED);
        assertThat(imported.domainName()).isEqualTo(TestCertificates.SERVER_DOMAIN);
        assertThat(imported.keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA_2048);
        assertThat(imported.notAfter()).isEqualTo(certificates.serverNotAfter());
        // moto puts its own root after the chain it was given
        assertThat(acm.getCertificate(r -> r.certificateArn(arn))
                        .certificateChain()
                        .strip())
                .startsWith(certificates.caCertificatePem().strip());
    }
}
