package dev.scaleout.app.ec2meta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.restassured.path.json.JsonPath;
import java.time.Duration;

/** What a user sees off EC2, shared by the tests that take IMDS away in different ways. */
final class NotOnEc2 {

    private NotOnEc2() {}

    static void assertShownWithinOneSecondOfStart(String how) {
        JsonPath json = InstanceApi.awaitFirstRead();
        assertThat(json.getString("location")).isEqualTo("NOT_ON_EC2");
        Duration took = InstanceApi.firstReadAfterStart(json);
        System.out.printf("ec2meta: 'not on EC2' (%s) %d ms after start%n", how, took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(json.getString("instanceId")).isNull();
        assertThat(json.getList("securityGroups")).isEmpty();
    }

    static void assertPageStillServed() {
        given().get("/ec2meta-webpage/index.php")
                .then()
                .statusCode(200)
                .body(containsString("not on EC2"))
                .body(containsString("<td id=\"instance-id\">-</td>"));
        given().get("/ec2meta-webpage/").then().statusCode(200);
    }
}
