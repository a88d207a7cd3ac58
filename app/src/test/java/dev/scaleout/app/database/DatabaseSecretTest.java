package dev.scaleout.app.database;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On AWS the app logs in with the RDS-managed secret; DB_PASSWORD (here wrong) is not used. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@TestProfile(DatabaseSecretTest.WithSecret.class)
class DatabaseSecretTest {

    public static class WithSecret implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseSecretResource.class));
        }
    }

    @Test
    void logsInWithTheSecretFromSecretsManager() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/fleet").then().statusCode(200);
    }
}
