package dev.scaleout.app.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.app.testsupport.HeadlessChromium;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** What a person watching the fleet page during a demo sees, in a real browser. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
class FleetPageBrowserIT {

    @TestHTTPResource("/")
    URL fleetPage;

    @Test
    void showsARowPerLiveInstanceAndRedrawsItselfFromTheApi() {
        String self = await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions() // 503 until the first heartbeat migrated the schema
                .until(
                        () -> given().get("/api/fleet").then().extract().jsonPath(),
                        f -> f.getList("live.instanceId").contains(f.getString("servedBy")))
                .getString("servedBy");
        Instant now = Instant.now();
        FleetRows.put("i-0feedfacecafe0001", now, now.plusSeconds(30), 0); // another instance scaled out
        HeadlessChromium chromium = HeadlessChromium.find();

        // 3 s of the page's time: its refresh (every 2 s) has fetched /api/fleet and redrawn.
        Document page = Jsoup.parse(chromium.renderedDom(fleetPage.toString(), 3000));
        assertThat(page.body().attr("data-refreshed-at"))
                .as("redrawn by the page's refresh")
                .isNotBlank();
        assertThat(page.select("#live tbody tr td:first-child").eachText()).contains(self, "i-0feedfacecafe0001");
        assertThat(page.select("#live tbody tr.self td:first-child").eachText()).containsExactly(self);
        assertThat(page.title()).matches("Fleet: \\d+ live");

        chromium.screenshot(fleetPage.toString(), Path.of("target", "fleet-page.png"));
    }
}
