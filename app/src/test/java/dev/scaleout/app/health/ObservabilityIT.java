package dev.scaleout.app.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
class ObservabilityIT {

    @Test
    void metricsArePrometheusTextWithHttpAndFleetFigures() {
        given().get("/api/fleet").then().statusCode(200);
        given().accept("text/plain")
                .get("/q/metrics")
                .then()
                .statusCode(200) // as Prometheus scrapes
                .contentType(containsString("text/plain"))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("fleet_requests_unwritten"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("\"/api/fleet\""))
                .body(containsString("\"/api/stress/cpu\""));
    }
}
