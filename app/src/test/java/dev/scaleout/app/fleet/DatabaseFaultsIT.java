package dev.scaleout.app.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.app.testsupport.HeadlessChromium;
import dev.scaleout.app.testsupport.TestDatabase;
import dev.scaleout.app.testsupport.Toxiproxy;
import dev.scaleout.app.testsupport.ToxiproxyDatabaseResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The database slow, silent, refusing and frozen, with Toxiproxy between the app and it and
 * SIGSTOP of the server process: every database path gives up within database.timeout (1 s)
 * and answers 200 with the last read marked stale, or 503, never 500; readiness answers at
 * once and goes DOWN; the health page stays 200; every request served is written once the
 * database is back, exactly. One app start for all faults, one after the other.
 */
@QuarkusTest
@TestProfile(DatabaseFaultsIT.BehindToxiproxy.class)
class DatabaseFaultsIT {

    /** The app's database connection goes through Toxiproxy; no other database resource. */
    public static class BehindToxiproxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ToxiproxyDatabaseResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** database.timeout plus what a loaded 2-core CI machine adds to one local HTTP call. */
    private static final long PAGE_BOUND_MS = 1_500;

    private static final long READINESS_BOUND_MS = 1_000;

    @Inject
    RequestCounter counter;

    @TestHTTPResource("/")
    URL fleetPage;

    private final Map<String, List<String>> figures = new LinkedHashMap<>();
    private int served;

    @Test
    void everyFaultIsBoundedAnswered503OrStaleAndEveryRequestIsCounted() {
        Toxiproxy toxiproxy = ToxiproxyDatabaseResource.toxiproxy();
        TestDatabase database = DatabaseResource.database();
        String self = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> given().get("/api/fleet").then().extract().jsonPath(),
                        f -> f.getList("live.instanceId") != null
                                && f.getList("live.instanceId").contains(f.getString("servedBy")))
                .getString("servedBy");

        // Silent database (data held, never delivered), seen in a browser: the stale-data notice.
        toxiproxy.add("timeout", "{\"timeout\":0}");
        try {
            awaitReadinessDown("timeout");
            Document page = Jsoup.parse(HeadlessChromium.find().renderedDom(fleetPage.toString(), 2500));
            assertThat(page.selectFirst("#stale")).isNotNull();
            assertThat(page.selectFirst("#stale").hasAttr("hidden"))
                    .as("notice shown")
                    .isFalse();
            assertThat(page.selectFirst("#stale").text())
                    .startsWith("Database unreachable since")
                    .contains("showing data from");
            assertThat(page.select("#live tbody tr td:first-child").eachText()).contains(self);
        } finally {
            toxiproxy.remove("timeout");
        }
        awaitRecovered();

        // Quiet point: everything served so far is written, so the total read now is exact.
        await().atMost(Duration.ofSeconds(15)).until(() -> counter.unwritten() == 0);
        long writtenBefore = FleetRows.find(self).orElseThrow().requestsTotal;

        // A 3 s latency still lets a slow heartbeat through; the other faults let nothing through.
        fault(
                "latency 3 s",
                false,
                () -> toxiproxy.add("latency", "{\"latency\":3000}"),
                () -> toxiproxy.remove("latency"));
        fault("timeout", true, () -> toxiproxy.add("timeout", "{\"timeout\":0}"), () -> toxiproxy.remove("timeout"));
        fault(
                "reset",
                true,
                () -> toxiproxy.add("reset_peer", "{\"timeout\":0}"),
                () -> toxiproxy.remove("reset_peer"));
        if (database.canFreeze()) {
            fault("SIGSTOP", true, database::freeze, database::thaw);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> counter.unwritten() == 0);
        System.out.println("DatabaseFaultsIT: " + served + " requests served during the faults; " + figures);
        assertThat(FleetRows.find(self).orElseThrow().requestsTotal).isEqualTo(writtenBefore + served);
    }

    private void fault(String name, boolean nothingWritable, Runnable start, Runnable end) {
        start.run();
        try {
            awaitReadinessDown(name);
            long slowestFleet = 0;
            long slowestReady = 0;
            int stale = 0;
            for (int i = 0; i < 8; i++) {
                Response json = timed("/api/fleet");
                assertThat(json.statusCode()).as("%s: /api/fleet", name).isIn(200, 503);
                if (json.statusCode() == 200) {
                    assertThat(json.jsonPath().getString("databaseUnreachableSince"))
                            .as("%s: stale data marked", name)
                            .isNotNull();
                    stale++;
                } else {
                    assertThat(json.jsonPath().getString("error")).contains("unreachable");
                }
                slowestFleet = Math.max(slowestFleet, json.time());
                Response page = timed("/");
                assertThat(page.statusCode()).as("%s: /", name).isIn(200, 503);
                slowestFleet = Math.max(slowestFleet, page.time());
                Response health = timed("/ec2meta-webpage/index.php");
                assertThat(health.statusCode()).as("%s: health page", name).isEqualTo(200);
                Response ready = given().get("/q/health/ready");
                assertThat(ready.statusCode()).as("%s: readiness", name).isEqualTo(503);
                slowestReady = Math.max(slowestReady, ready.time());
            }
            figures.put(
                    name,
                    List.of(
                            "slowest fleet " + slowestFleet + " ms",
                            "slowest readiness " + slowestReady + " ms",
                            stale + "/8 stale JSON"));
            assertThat(slowestFleet)
                    .as("%s: fleet paths within database.timeout", name)
                    .isLessThan(PAGE_BOUND_MS);
            assertThat(slowestReady).as("%s: readiness at once", name).isLessThan(READINESS_BOUND_MS);
            if (nothingWritable) {
                // Checked before the database returns: the next heartbeat may write it all at once.
                assertThat(counter.unwritten())
                        .as("%s: requests served during the fault held in memory", name)
                        .isGreaterThanOrEqualTo(8 * 3);
            }
        } finally {
            end.run();
        }
        awaitRecovered();
    }

    private Response timed(String path) {
        served++; // counted whatever it answers
        return given().get(path).andReturn();
    }

    private static void awaitReadinessDown(String fault) {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/q/health/ready").statusCode() == 503);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("%s: readiness DOWN", fault)
                .isLessThan(Duration.ofSeconds(5));
    }

    private static void awaitRecovered() {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }
}
