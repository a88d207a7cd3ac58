package dev.scaleout.app.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.app.stress.StressProfiles;
import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.support.testing.TestTools;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * schemathesis generates requests from the app's own OpenAPI document, valid and not, and
 * checks that none gets a 5xx. It sends the stress token, so the validation behind the
 * token is fuzzed too (any burn it starts is stopped afterwards).
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@TestProfile(StressProfiles.EnabledWithToken.class)
class OpenApiFuzzIT {

    @TestHTTPResource("/q/openapi")
    URL openApi;

    @Test
    void noGeneratedRequestGetsAServerError() throws IOException, InterruptedException {
        Path schemathesis = TestTools.require("SCHEMATHESIS", ".tools/venv/bin/st");
        Path log = Path.of("target", "schemathesis.log");
        Process run = new ProcessBuilder(
                        schemathesis.toString(),
                        "run",
                        openApi + "?format=json",
                        "--checks",
                        "not_a_server_error",
                        "--max-examples",
                        "40",
                        "--workers",
                        "1",
                        "--header",
                        "Authorization: Bearer " + StressProfiles.TOKEN,
                        "--report",
                        "junit",
                        "--report-junit-path",
                        "target/schemathesis-junit.xml")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = run.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished)
                .as("schemathesis finished within 8 minutes; see " + log)
                .isTrue();
        assertThat(run.exitValue())
                .as("schemathesis found a 5xx or failed:\n" + output)
                .isZero();
        assertThat(Files.readString(Path.of("target", "schemathesis-junit.xml"))) // it really exercised the app's API
                .contains("POST /api/stress/cpu", "GET /api/fleet", "GET /api/instance");
    }

    @AfterEach
    void stopAnyBurn() {
        given().header("Authorization", "Bearer " + StressProfiles.TOKEN).delete("/api/stress");
    }
}
