package dev.scaleout.app.ec2meta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * IMDS values are data, not markup. The same emulator plays a private-subnet instance: its config
 * moves the public address paths away, so IMDS answers 404 for them as it does on such instances.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(
        value = ImdsEmulatorResource.class,
        restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "config", value = "/ec2meta/hostile-values.json"))
class Ec2MetaHostileValuesIT {

    @Test
    void pageEscapesMetadataValues() {
        assertThat(InstanceApi.awaitFirstRead().getString("location")).isEqualTo("ON_EC2");
        String page = given().get("/ec2meta-webpage/index.php")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("i-0hostile000000000")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)");
    }

    @Test
    void securityGroupsAreTheNewlineSeparatedNames() {
        JsonPath json = InstanceApi.awaitFirstRead();
        assertThat(json.getList("securityGroups", String.class)).containsExactly("web-sg", "<script>alert(1)</script>");
    }

    @Test
    void instanceWithoutPublicAddressIsStillOnEc2() {
        JsonPath json = InstanceApi.awaitFirstRead();
        assertThat(json.getString("location")).isEqualTo("ON_EC2");
        assertThat(json.getString("publicIpv4")).isNull();
        assertThat(json.getString("publicHostname")).isNull();
        assertThat(json.getString("privateIpv4")).isEqualTo("172.16.34.43");
        given().get("/ec2meta-webpage/index.php")
                .then()
                .statusCode(200)
                .body(containsString("<td id=\"public-ipv4\">-</td>"))
                .body(containsString("<td id=\"public-hostname\">-</td>"));
    }
}
