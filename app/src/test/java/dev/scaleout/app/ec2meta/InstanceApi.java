package dev.scaleout.app.ec2meta;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;

/** What tests read from {@code GET /api/instance}. */
final class InstanceApi {

    private InstanceApi() {}

    /** Polls until the first IMDS read has ended (location no longer PROBING). */
    static JsonPath awaitFirstRead() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonPath json = get();
            if (!"PROBING".equals(json.getString("location")) || System.nanoTime() > deadline) {
                return json;
            }
            ImdsEmulator.sleep(20);
        }
    }

    static JsonPath get() {
        return given().get("/api/instance").then().statusCode(200).extract().jsonPath();
    }

    /** From the app's start to the end of its first IMDS read, as the app reports them. */
    static Duration firstReadAfterStart(JsonPath json) {
        return Duration.between(
                Instant.parse(json.getString("startedAt")), Instant.parse(json.getString("metadataReadAt")));
    }
}
