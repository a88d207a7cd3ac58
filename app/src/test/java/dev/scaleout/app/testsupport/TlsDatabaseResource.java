package dev.scaleout.app.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The database as on AWS: an embedded MariaDB that requires TLS (require_secure_transport,
 * the RDS parameter group's setting) with a server certificate from a CA made for the test,
 * and the app told what infra's user data tells it: sslMode=VERIFY_IDENTITY against a PKCS12
 * trust store holding that CA (as the AMI holds the RDS CAs). Certificates by openssl and keytool.
 */
public class TlsDatabaseResource implements QuarkusTestResourceLifecycleManager {

    /** As the AMI's store (RdsTrustStore.PASSWORD in support). */
    public static final String TRUSTSTORE_PASSWORD = "rds-ca-public";

    private static EmbeddedMariaDb database;
    private static Path certs;

    public static synchronized TestDatabase database() {
        return database;
    }

    /** The trust store with the test CA, and one with another CA only. */
    public static Path trustStore() {
        return certs.resolve("trust.p12");
    }

    public static Path otherTrustStore() {
        return certs.resolve("other.p12");
    }

    /**
     * After the global DatabaseResource (order 0), which every app of this module also gets:
     * Quarkus merges the resources' settings in start order, so these DB_* win, every time.
     */
    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, String> start() {
        try {
            certs = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "tls-db-");
            caAndServerCertificates(certs);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not make the test certificates: " + e.getMessage(), e);
        }
        synchronized (TlsDatabaseResource.class) {
            database = EmbeddedMariaDb.start(
                    "test-mariadb-tls-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                    List.of(
                            "--ssl-ca=" + certs.resolve("ca.pem"),
                            "--ssl-cert=" + certs.resolve("server.pem"),
                            "--ssl-key=" + certs.resolve("server.key"),
                            "--require-secure-transport=ON"));
        }
        Map<String, String> env = new HashMap<>(database.appEnvironment());
        // The name in the certificate, as the RDS endpoint's name is in RDS's.
        env.put("DB_HOST", "localhost");
        env.put("DB_SSL_MODE", "VERIFY_IDENTITY");
        env.put("DB_TRUSTSTORE_URL", trustStore().toUri().toString());
        return env;
    }

    /** The same database, the app given a trust store without its CA: VERIFY_IDENTITY must refuse it. */
    public static class WrongCa extends TlsDatabaseResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> env = new HashMap<>(super.start());
            env.put("DB_TRUSTSTORE_URL", otherTrustStore().toUri().toString());
            return env;
        }
    }

    @Override
    public void stop() {
        synchronized (TlsDatabaseResource.class) {
            if (database != null) {
                database.close();
                database = null;
            }
        }
    }

    private static void caAndServerCertificates(Path dir) throws IOException, InterruptedException {
        Files.writeString(
                dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n", StandardCharsets.UTF_8);
        selfSignedCa(dir, "ca", "test-rds-ca");
        run(
                dir,
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost");
        run(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "san.ext");
        selfSignedCa(dir, "other", "some-other-ca");
        run(
                dir,
                "keytool",
                "-importcert",
                "-noprompt",
                "-storetype",
                "PKCS12",
                "-keystore",
                "trust.p12",
                "-storepass",
                TRUSTSTORE_PASSWORD,
                "-alias",
                "test-rds-ca",
                "-file",
                "ca.pem");
        run(
                dir,
                "keytool",
                "-importcert",
                "-noprompt",
                "-storetype",
                "PKCS12",
                "-keystore",
                "other.p12",
                "-storepass",
                TRUSTSTORE_PASSWORD,
                "-alias",
                "other",
                "-file",
                "other.pem");
    }

    /** A CA certificate {@code <name>.pem} with its key {@code <name>.key}, valid two days. */
    private static void selfSignedCa(Path dir, String name, String commonName)
            throws IOException, InterruptedException {
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".pem",
                "-days",
                "2",
                "-subj",
                "/CN=" + commonName);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
