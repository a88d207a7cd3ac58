package dev.scaleout.app.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
class FleetIT {

    @Inject
    RequestCounter counter;

    @Test
    void thisInstanceRegistersItselfAndIsLive() {
        JsonPath fleet = await().atMost(Duration.ofSeconds(10))
                .until(this::fleet, f -> f.getList("live.instanceId").contains(f.getString("servedBy")));
        String self = fleet.getString("servedBy");
        assertThat(self).startsWith("local-");
        assertThat(fleet.getBoolean("live.find { it.instanceId == '" + self + "' }.self"))
                .isTrue();
        assertThat(fleet.getString("live.find { it.instanceId == '" + self + "' }.appVersion"))
                .isNotBlank();
    }

    @Test
    void requestsAreWrittenWithTheHeartbeatNotPerRequest() {
        String self = await().atMost(Duration.ofSeconds(10))
                .until(this::fleet, f -> f.getList("live.instanceId").contains(f.getString("servedBy")))
                .getString("servedBy");
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.unwritten() == 0);
        long before = FleetRows.find(self).orElseThrow().requestsTotal;

        int served = 25;
        for (int i = 0; i < served; i++) {
            given().get("/api/fleet").then().statusCode(200);
        }
        // Counted in memory at once, in the database only when the next beat runs.
        assertThat(counter.unwritten()).isBetween(1L, (long) served);
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.unwritten() == 0);
        assertThat(FleetRows.find(self).orElseThrow().requestsTotal).isEqualTo(before + served);
    }

    @Test
    void otherInstancesAreListedLiveOrGoneByLastHeartbeat() {
        Instant now = Instant.now();
        FleetRows.put("i-0aaaaaaaaaaaaaaa1", now.minusSeconds(600), now.minusSeconds(2), 1234);
        FleetRows.put("i-0bbbbbbbbbbbbbbb2", now.minusSeconds(900), now.minusSeconds(120), 77);
        FleetRows.put("i-0ccccccccccccccc3", now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(2)), 5);

        JsonPath fleet = fleet();
        assertThat(fleet.getList("live.instanceId", String.class))
                .contains("i-0aaaaaaaaaaaaaaa1")
                .doesNotContain("i-0bbbbbbbbbbbbbbb2", "i-0ccccccccccccccc3");
        assertThat(fleet.getList("gone.instanceId", String.class))
                .contains("i-0bbbbbbbbbbbbbbb2")
                .doesNotContain("i-0ccccccccccccccc3"); // older than the gone window
        assertThat(fleet.getLong("live.find { it.instanceId == 'i-0aaaaaaaaaaaaaaa1' }.requestsTotal"))
                .isEqualTo(1234);
        assertThat(fleet.getString("live.find { it.instanceId == 'i-0aaaaaaaaaaaaaaa1' }.availabilityZone"))
                .isEqualTo("ap-northeast-2c");
    }

    @Test
    void liveInstancesAreListedOldestFirstSoNewOnesAppearAtTheBottom() {
        Instant now = Instant.now();
        FleetRows.put("i-0ddddddddddddddd4", now.minusSeconds(30), now, 0);
        FleetRows.put("i-0eeeeeeeeeeeeeee5", now.minusSeconds(3600), now, 0);

        List<String> live = fleet().getList("live.instanceId", String.class);
        assertThat(live.indexOf("i-0eeeeeeeeeeeeeee5")).isLessThan(live.indexOf("i-0ddddddddddddddd4"));
    }

    @Test
    void pageShowsTheFleetAndEscapesWhatItShows() {
        Instant now = Instant.now();
        FleetRows.put("<b>i-bold</b>", now.minusSeconds(10), now, 3);

        String html = given().accept("text/html")
                .get("/")
                .then()
                .statusCode(200)
                .contentType("text/html")
                .extract()
                .asString();
        assertThat(html)
                .contains("i-0", "Live instances")
                .contains("&lt;b&gt;i-bold&lt;/b&gt;")
                .doesNotContain("<b>i-bold</b>");
    }

    private JsonPath fleet() {
        return given().get("/api/fleet").then().statusCode(200).extract().jsonPath();
    }
}
