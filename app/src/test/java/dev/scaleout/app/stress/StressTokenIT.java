package dev.scaleout.app.stress;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With STRESS_TOKEN set, only requests bearing it get through. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@TestProfile(StressProfiles.EnabledWithToken.class)
class StressTokenIT {

    private static final String GOOD = "Bearer " + StressProfiles.TOKEN;

    @AfterEach
    void stop() {
        given().header("Authorization", GOOD).delete("/api/stress");
    }

    @Test
    void noTokenIs401WithAChallenge() {
        given().get("/api/stress")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", containsString("Authorization: Bearer"));
        given().delete("/api/stress").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{\"seconds\": 1}")
                .post("/api/stress/cpu")
                .then()
                .statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer wrong",
                "Bearer " + StressProfiles.TOKEN + "x",
                "Bearer",
                "Basic dDBrZW4tZm9yLXRlc3Rz",
                StressProfiles.TOKEN
            })
    void wrongTokenIs401AndIsNotEchoed(String authorization) {
        given().header("Authorization", authorization)
                .contentType(ContentType.JSON)
                .body("{\"seconds\": 1}")
                .post("/api/stress/cpu")
                .then()
                .statusCode(401)
                .body(not(containsString(StressProfiles.TOKEN)));
        given().header("Authorization", GOOD).get("/api/stress").then().body("state", equalTo("idle"));
    }

    @Test
    void authorizationComesBeforeValidation() {
        given().contentType(ContentType.JSON)
                .body("{\"seconds\": 0}")
                .post("/api/stress/cpu")
                .then()
                .statusCode(401);
    }

    @Test
    void theRightTokenWorksWhateverTheSchemeCase() {
        given().header("Authorization", GOOD)
                .get("/api/stress")
                .then()
                .statusCode(200)
                .body("state", equalTo("idle"));
        given().header("Authorization", "bearer " + StressProfiles.TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"seconds\": 5, \"cores\": 1, \"load\": 5}")
                .post("/api/stress/cpu")
                .then()
                .statusCode(202)
                .body("state", equalTo("running"));
        given().header("Authorization", GOOD)
                .delete("/api/stress")
                .then()
                .statusCode(200)
                .body("state", equalTo("idle"));
    }
}
