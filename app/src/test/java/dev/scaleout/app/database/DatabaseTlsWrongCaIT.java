package dev.scaleout.app.database;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.scaleout.app.testsupport.TlsDatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The app reads DB_SSL_MODE and DB_TRUSTSTORE_URL: given a trust store without the server's CA,
 * it does not connect (so in DatabaseTlsIT it verified the server, not just encrypted).
 */
@QuarkusTest
@QuarkusTestResource(value = TlsDatabaseResource.WrongCa.class, restrictToAnnotatedClass = true)
class DatabaseTlsWrongCaIT {

    @Test
    void aServerItCannotVerifyIsNotReady() {
        // Several background checks have run by then, each refused by the TLS handshake.
        await().pollDelay(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 503);
        given().get("/q/health/ready").then().body("status", equalTo("DOWN"));
    }
}
