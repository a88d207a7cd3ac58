package dev.scaleout.app.ec2meta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.scaleout.app.testsupport.DatabaseResource;
import dev.scaleout.app.testsupport.HeadlessChromium;
import dev.scaleout.app.testsupport.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app on an "instance" served by AWS's IMDS emulator in IMDSv2-only mode. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
// One app for this class and DemoPagesBrowserIT (same resources, same arguments): each app is a Quarkus build and
// start.
@WithTestResource(value = ImdsEmulatorResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class Ec2MetaOnEc2IT {

    @BeforeEach
    void firstReadDone() {
        assertThat(InstanceApi.awaitFirstRead().getString("location")).isEqualTo("ON_EC2");
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void aPersonSeesTheInstanceOnBothPagesInABrowser() {
        HeadlessChromium chromium = HeadlessChromium.find();
        Document page = Jsoup.parse(chromium.renderedDom(root + "ec2meta-webpage/index.php", 500));
        assertThat(page.body().text())
                .contains("i-1234567890abcdef0", "us-east-1a", "ami-0a887e401f7654935", "ura-launch-wizard-harry-1");

        // On EC2 the heartbeat registers under the instance id IMDS gave.
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> given().get("/api/fleet")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("live.instanceId")
                        .contains("i-1234567890abcdef0"));
        Document fleet = Jsoup.parse(chromium.renderedDom(root.toString(), 500));
        assertThat(fleet.select("#live tbody tr.self td").eachText())
                .contains("i-1234567890abcdef0", "us-east-1a", "ami-0a887e401f7654935", "172.16.34.43");
    }

    @Test
    void emulatorRefusesRequestsWithoutToken() throws Exception {
        // Guards the claim below: this emulator answers IMDSv1 (no token) with 401.
        HttpResponse<String> v1 = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        ImdsEmulatorResource.running().endpoint() + "/latest/meta-data/instance-id"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(v1.statusCode()).isEqualTo(401);
    }

    @Test
    void apiShowsTheInstanceReadThroughImdsV2() {
        // The emulator runs with -I (IMDSv2 only), so these values could only be read with a session token.
        JsonPath json = InstanceApi.get();
        assertThat(json.getString("instanceId")).isEqualTo("i-1234567890abcdef0");
        assertThat(json.getString("instanceType")).isEqualTo("m4.xlarge");
        assertThat(json.getString("amiId")).isEqualTo("ami-0a887e401f7654935");
        assertThat(json.getString("region")).isEqualTo("us-east-1");
        assertThat(json.getString("availabilityZone")).isEqualTo("us-east-1a");
        assertThat(json.getString("privateIpv4")).isEqualTo("172.16.34.43");
        assertThat(json.getString("privateHostname")).isEqualTo("ip-172-16-34-43.ec2.internal");
        assertThat(json.getString("publicIpv4")).isEqualTo("192.0.2.54");
        assertThat(json.getString("publicHostname")).isEqualTo("ec2-192-0-2-54.compute-1.amazonaws.com");
        assertThat(json.getList("securityGroups", String.class)).containsExactly("ura-launch-wizard-harry-1");
        assertThat(json.getBoolean("metadataStale")).isFalse();
        assertThat(json.getString("appVersion")).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(json.getString("gitCommit")).isNotBlank().doesNotContain("${");
        assertThat(json.getString("buildTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void healthCheckPageShowsTheInstance() {
        for (String path : List.of("/ec2meta-webpage/index.php", "/ec2meta-webpage/")) {
            given().get(path)
                    .then()
                    .statusCode(200)
                    .contentType(startsWith("text/html"))
                    .body(containsString("i-1234567890abcdef0"))
                    .body(containsString("m4.xlarge"))
                    .body(containsString("ami-0a887e401f7654935"))
                    .body(containsString("us-east-1a"))
                    .body(containsString("172.16.34.43"))
                    .body(containsString("192.0.2.54"))
                    .body(containsString("ura-launch-wizard-harry-1"))
                    .body(containsString("0.1.0-SNAPSHOT"))
                    .body(containsString("id=\"served-in\""));
        }
    }

    @Test
    void clientIsTheRightmostForwardedForEntry() {
        // The ALB appends the address it saw; the leftmost entry is whatever the client claimed.
        String xff = "10.6.6.6, 203.0.113.9";
        given().header("X-Forwarded-For", xff)
                .get("/ec2meta-webpage/index.php")
                .then()
                .statusCode(200)
                .body(containsString("<td id=\"client-address\">203.0.113.9</td>"));
        given().header("X-Forwarded-For", xff)
                .get("/api/instance")
                .then()
                .statusCode(200)
                .body("clientAddress", equalTo("203.0.113.9"));
    }

    @Test
    void withoutForwardedForTheClientIsTheTcpPeer() {
        given().get("/api/instance").then().statusCode(200).body("clientAddress", equalTo("127.0.0.1"));
    }

    @Test
    void pageStaysUpWhileTheDatabaseIsDown() {
        TestDatabase database = DatabaseResource.database();
        Assumptions.assumeTrue(database.canSimulateOutage(), "database not ours to stop");
        database.stop();
        try {
            // Readiness sees the outage; the ALB's shallow check must not.
            // Readiness checks the database in the background every second.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/ec2meta-webpage/index.php")
                    .then()
                    .statusCode(200)
                    .body(containsString("i-1234567890abcdef0"));
        } finally {
            database.restart();
        }
    }
}
