package dev.scaleout.app.database;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On AWS the app logs in with the RDS-managed secret; DB_PASSWORD (here wrong) is not used. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@TestProfile(DatabaseSecretIT.WithSecret.class)
class DatabaseSecretIT {

    public static class WithSecret implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseSecretResource.class));
        }
    }

    @Test
    void logsInWithTheSecretFromSecretsManager() {
        // Readiness reports the background check: the first one runs as the app starts.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body("status", equalTo("UP"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/api/fleet").statusCode() == 200);
    }
}
