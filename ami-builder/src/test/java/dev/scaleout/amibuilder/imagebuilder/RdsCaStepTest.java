package dev.scaleout.amibuilder.imagebuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.RdsTrustStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InstallRdsCaBundle step's commands run here with bash, curl and keytool as on the build
 * instance, against a bundle of two CA certificates made for the test (file:// instead of
 * AWS's URL, which this machine cannot reach): the store the app reads holds both.
 */
class RdsCaStepTest {

    @TempDir
    Path dir;

    @Test
    void everyCertificateOfTheBundleEndsUpInThePkcs12Store() throws Exception {
        Path bundle = dir.resolve("global-bundle.pem");
        Files.writeString(bundle, selfSigned("rds-ca-one") + selfSigned("rds-ca-two"));
        Path store = dir.resolve("rds-ca.p12");

        Result r = run(ComponentDocument.rdsCaLines(bundle.toUri().toString(), store.toString()));

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("RDS CA trust store: 2 certificates");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, RdsTrustStore.PASSWORD.toCharArray());
        }
        List<String> subjects = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            assertThat(ks.isCertificateEntry(alias)).as(alias).isTrue();
            subjects.add(((X509Certificate) ks.getCertificate(alias))
                    .getSubjectX500Principal()
                    .getName());
        }
        assertThat(subjects).containsExactlyInAnyOrder("CN=rds-ca-one", "CN=rds-ca-two");
    }

    @Test
    void aBundleWithoutCertificatesFailsTheBuildAndLeavesNoStore() throws Exception {
        Path bundle = dir.resolve("global-bundle.pem");
        Files.writeString(bundle, "<html>captive portal</html>\n");
        Path store = dir.resolve("rds-ca.p12");

        Result r = run(ComponentDocument.rdsCaLines(bundle.toUri().toString(), store.toString()));

        assertThat(r.exit()).isNotZero();
        assertThat(store).doesNotExist();
    }

    record Result(int exit, String output) {}

    private Result run(List<String> lines) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", String.join("\n", lines))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** A CA certificate in PEM, made by keytool (in every JDK) in a throwaway store. */
    private String selfSigned(String cn) throws Exception {
        Path ks = dir.resolve(cn + ".p12");
        Path pem = dir.resolve(cn + ".pem");
        exec(
                "keytool",
                "-genkeypair",
                "-keyalg",
                "EC",
                "-alias",
                cn,
                "-dname",
                "CN=" + cn,
                "-ext",
                "bc:c",
                "-storetype",
                "PKCS12",
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit",
                "-validity",
                "2");
        exec(
                "keytool",
                "-exportcert",
                "-rfc",
                "-alias",
                cn,
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit",
                "-file",
                pem.toString());
        return Files.readString(pem);
    }

    private static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}
