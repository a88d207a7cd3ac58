package dev.scaleout.app.database;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.scaleout.app.testsupport.TlsDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The app against a database that requires TLS, configured as infra's user data configures it
 * on AWS (sslMode=VERIFY_IDENTITY, the CA trust store): it works; and the server really refuses
 * plain connections and the wrong CA is really refused, so the first result means verified TLS.
 */
@QuarkusTest
@QuarkusTestResource(value = TlsDatabaseResource.class, restrictToAnnotatedClass = true)
class DatabaseTlsIT {

    @Test
    void theAppConnectsOverVerifiedTls() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/api/fleet").statusCode() == 200);
    }

    @Test
    void theServerRefusesPlainConnections() {
        assertThatThrownBy(() -> connect("DISABLED", null).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("secure transport");
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> connect("VERIFY_IDENTITY", TlsDatabaseResource.otherTrustStore())
                        .close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void withTheCaTheSessionIsEncrypted() throws Exception {
        try (Connection c = connect("VERIFY_IDENTITY", TlsDatabaseResource.trustStore());
                ResultSet rs = c.createStatement().executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).startsWith("TLSv1.");
        }
    }

    private static Connection connect(String sslMode, Path trustStore) throws SQLException {
        var db = TlsDatabaseResource.database();
        String url = "jdbc:mysql://localhost:" + db.port() + "/scaleout?connectTimeout=5000&sslMode=" + sslMode
                + (trustStore == null
                        ? ""
                        : "&trustCertificateKeyStoreUrl=" + trustStore.toUri()
                                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword="
                                + TlsDatabaseResource.TRUSTSTORE_PASSWORD);
        return DriverManager.getConnection(url, db.user(), db.password());
    }
}
