package dev.scaleout.app.stress;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Out of the box (no STRESS_ENABLED) the API refuses everything and burns nothing. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
class StressDisabledIT {

    @Test
    void startIsForbiddenAndNamesTheSwitch() {
        given().contentType(ContentType.JSON)
                .body("{\"seconds\": 5, \"cores\": 1, \"load\": 10}")
                .post("/api/stress/cpu")
                .then()
                .statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", containsString("STRESS_ENABLED"));
        assertThat(BurnThreads.alive()).isEmpty();
    }

    @Test
    void stateAndStopAreForbiddenToo() {
        given().get("/api/stress").then().statusCode(403).body("error", containsString("STRESS_ENABLED"));
        given().delete("/api/stress").then().statusCode(403).body("error", containsString("STRESS_ENABLED"));
    }
}
