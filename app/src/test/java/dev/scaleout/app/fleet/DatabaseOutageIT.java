package dev.scaleout.app.fleet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.notNullValue;

import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.app.testsupport.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The database goes away mid-test, as RDS does during a failover: the shallow health check
 * keeps answering (so the ALB replaces nobody), readiness goes down, and every request
 * served meanwhile is written once the database is back.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
class DatabaseOutageIT {

    @Inject
    RequestCounter counter;

    @Test
    void shallowCheckStaysUpReadinessGoesDownAndNoCountIsLost() {
        TestDatabase database = DatabaseResource.database();
        Assumptions.assumeTrue(database.canSimulateOutage(), "the database from TEST_DB_JDBC_URL cannot be stopped");
        // A first read slower than database.timeout (a loaded machine: schema, pool) answers 503 without "live": not
        // yet.
        String self = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> given().get("/api/fleet").then().extract().jsonPath(),
                        f -> f.getList("live.instanceId") != null
                                && f.getList("live.instanceId").contains(f.getString("servedBy")))
                .getString("servedBy");
        // Quiet point: everything served so far is written, so the total read now is exact.
        await().atMost(Duration.ofSeconds(10)).until(() -> counter.unwritten() == 0);
        long writtenBefore = FleetRows.find(self).orElseThrow().requestsTotal;

        database.stop();
        int served = 0;
        try {
            long stoppedAt = System.nanoTime();
            while (given().get("/q/health/ready").statusCode() != 503) { // /q is not counted
                assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
                given().get("/ec2meta-webpage/index.php").then().statusCode(200);
                served++;
            }
            for (int i = 0; i < 20; i++) {
                given().get("/ec2meta-webpage/index.php").then().statusCode(200);
                served++;
            }
            // The last read, marked stale: the page shows it with a notice.
            given().get("/api/fleet").then().statusCode(200).body("databaseUnreachableSince", notNullValue());
            served++;
            assertThat(counter.unwritten()).isEqualTo(served);
        } finally {
            database.restart();
        }

        await().atMost(Duration.ofSeconds(15))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(15)).until(() -> counter.unwritten() == 0);
        assertThat(FleetRows.find(self).orElseThrow().requestsTotal).isEqualTo(writtenBefore + served);
    }
}
