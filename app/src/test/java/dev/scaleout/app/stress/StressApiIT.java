package dev.scaleout.app.stress;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The API as a user drives it when enabled without a token. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@TestProfile(StressProfiles.Enabled.class)
class StressApiIT {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @AfterEach
    void stop() throws InterruptedException {
        given().delete("/api/stress").then().statusCode(200);
        assertThat(BurnThreads.endWithin(Duration.ofSeconds(2))).isTrue();
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/stress/cpu")
                .then();
    }

    @Test
    void startReportsTheBurnAndStateShowsIt() {
        post("{\"seconds\": 30, \"cores\": 1, \"load\": 20}")
                .statusCode(202)
                .body("state", equalTo("running"))
                .body("load", equalTo(20))
                .body("cores", equalTo(1))
                .body("seconds", equalTo(30));
        given().get("/api/stress")
                .then()
                .statusCode(200)
                .body("state", equalTo("running"))
                .body("load", equalTo(20))
                .body("cores", equalTo(1))
                .body("remainingSeconds", lessThanOrEqualTo(30))
                .body("endsAt", notNullValue());
        assertThat(BurnThreads.alive()).hasSize(1).allMatch(Thread::isDaemon);
    }

    @Test
    void idleStateWhenNothingRuns() {
        given().get("/api/stress")
                .then()
                .statusCode(200)
                .body("state", equalTo("idle"))
                .body("remainingSeconds", equalTo(0))
                .body("availableCores", equalTo(CORES));
    }

    @Test
    void noBodyMeansDefaults300SecondsAllCoresFullLoad() {
        given().post("/api/stress/cpu")
                .then()
                .statusCode(202)
                .body("seconds", equalTo(300))
                .body("cores", equalTo(CORES))
                .body("load", equalTo(100));
    }

    @Test
    void unknownFieldsAreRejectedNamingTheField() {
        // The typo: "percent" for "load" must not start 300 s at 100 % on every core.
        post("{\"seconds\": 1, \"percent\": 1000}")
                .statusCode(400)
                .body("field", equalTo("percent"))
                .body("error", containsString("seconds, cores, load"));
        post("{\"seconds\": 5, \"cores\": 1, \"load\": 5, \"nested\": {\"a\": [1]}}")
                .statusCode(400)
                .body("field", equalTo("nested"));
        given().get("/api/stress").then().body("state", equalTo("idle"));
    }

    @Test
    void wrongTypesAreRejectedNamingTheField() {
        post("{\"seconds\": \"5\"}").statusCode(400).body("field", equalTo("seconds"));
        post("{\"load\": 2.5}").statusCode(400).body("field", equalTo("load"));
        post("{\"cores\": true}").statusCode(400).body("field", equalTo("cores"));
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("seconds", 0, "between 1 and 3600"),
                Arguments.of("seconds", 3601, "between 1 and 3600"),
                Arguments.of("seconds", -5, "between 1 and 3600"),
                Arguments.of("cores", 0, "between 1 and " + CORES),
                Arguments.of("cores", CORES + 1, "between 1 and " + CORES),
                Arguments.of("load", 0, "between 1 and 100"),
                Arguments.of("load", 101, "between 1 and 100"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("outOfRange")
    void outOfRangeIs400NamingFieldAndRange(String field, int value, String range) {
        post("{\"" + field + "\": " + value + "}")
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("field", equalTo(field))
                .body("error", containsString(field))
                .body("error", containsString(range));
        assertThat(BurnThreads.alive()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"seconds\": 99999999999999999999999999}",
                "{\"seconds\": -99999999999999999999999999}",
                "{\"seconds\": 2147483648}"
            })
    void hugeNumbersAre400NamingTheField(String body) {
        post(body)
                .statusCode(400)
                .body("field", equalTo("seconds"))
                .body("error", containsString("between 1 and 3600"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"cores\": \"1\"}",
                "{\"cores\": 1.5}",
                "{\"cores\": 1e0}",
                "{\"cores\": true}",
                "{\"cores\": null}",
                "{\"cores\": [1]}",
                "{\"cores\": {}}"
            })
    void wrongTypesAre400NamingTheField(String body) {
        post(body).statusCode(400).body("field", equalTo("cores")).body("error", containsString("integer"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"seconds\": }",
                "not json",
                "[]",
                "[1, 2]",
                "\"text\"",
                "42",
                "null",
                "{} {}",
                "{\"seconds\": 1,}"
            })
    void malformedBodiesAre400(String body) {
        post(body).statusCode(400).contentType(ContentType.JSON).body("error", notNullValue());
        assertThat(BurnThreads.alive()).isEmpty();
    }

    @Test
    void aSecondStartWhileRunningIs409AndLeavesTheFirstAlone() {
        post("{\"seconds\": 60, \"cores\": 1, \"load\": 10}").statusCode(202);
        post("{\"seconds\": 5, \"cores\": 1, \"load\": 90}").statusCode(409).body("error", containsString("DELETE"));
        given().get("/api/stress").then().body("load", equalTo(10)).body("seconds", equalTo(60));
        assertThat(BurnThreads.alive()).hasSize(1);
    }

    @Test
    void deleteStopsTheBurnAndAllowsANewOne() throws InterruptedException {
        post("{\"seconds\": 600, \"cores\": 1, \"load\": 100}").statusCode(202);
        given().delete("/api/stress").then().statusCode(200).body("state", equalTo("idle"));
        given().get("/api/stress").then().body("state", equalTo("idle"));
        assertThat(BurnThreads.endWithin(Duration.ofSeconds(2)))
                .as("burn threads end after DELETE")
                .isTrue();
        post("{\"seconds\": 5, \"cores\": 1, \"load\": 5}").statusCode(202);
    }

    @Test
    void deleteWhenIdleIsHarmless() {
        given().delete("/api/stress").then().statusCode(200).body("state", equalTo("idle"));
    }

    @Test
    void theBurnStopsByItselfAtTheDeadline() throws InterruptedException {
        post("{\"seconds\": 1, \"cores\": 1, \"load\": 100}")
                .statusCode(202)
                .body("state", equalTo("running"))
                .body("remainingSeconds", equalTo(1));
        // 1 s deadline; generous margin for a loaded build machine.
        assertThat(BurnThreads.endWithin(Duration.ofSeconds(6)))
                .as("burn threads end by themselves")
                .isTrue();
        given().get("/api/stress").then().body("state", equalTo("idle")).body("remainingSeconds", equalTo(0));
        post("{\"seconds\": 5, \"cores\": 1, \"load\": 5}").statusCode(202); // no 409 once it has ended
    }

    @Test
    void metricsShowTheActiveBurn() {
        assertThat(metrics()).contains("stress_active 0.0");
        post("{\"seconds\": 30, \"cores\": 1, \"load\": 40}").statusCode(202);
        assertThat(metrics()).contains("stress_active 1.0", "stress_target_load_percent 40.0", "stress_cores 1.0");
        given().delete("/api/stress");
        assertThat(metrics()).contains("stress_active 0.0", "stress_target_load_percent 0.0");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void openApiDocumentsRangesSecurityAndErrors() {
        String request = "components.schemas.StressRequest.properties";
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(request + ".seconds.minimum", equalTo(1))
                .body(request + ".seconds.maximum", equalTo(3600))
                .body(request + ".cores.minimum", equalTo(1))
                .body(request + ".cores.maximum", equalTo(CORES))
                .body(request + ".load.minimum", equalTo(1))
                .body(request + ".load.maximum", equalTo(100))
                .body("components.securitySchemes.stressToken.type", equalTo("http"))
                .body("components.securitySchemes.stressToken.scheme", equalTo("bearer"))
                .body(
                        "paths.'/api/stress/cpu'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/StressRequest"))
                .body("paths.'/api/stress/cpu'.post.security[0]", hasKey("stressToken"))
                .body("paths.'/api/stress/cpu'.post.responses", hasKey("202"))
                .body("paths.'/api/stress/cpu'.post.responses", hasKey("400"))
                .body("paths.'/api/stress/cpu'.post.responses", hasKey("401"))
                .body("paths.'/api/stress/cpu'.post.responses", hasKey("403"))
                .body("paths.'/api/stress/cpu'.post.responses", hasKey("409"))
                .body("paths.'/api/stress'.get.responses", hasKey("401"))
                .body("paths.'/api/stress'.delete.responses", hasKey("403"));
    }
}
