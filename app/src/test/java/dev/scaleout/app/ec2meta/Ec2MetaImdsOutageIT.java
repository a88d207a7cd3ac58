package dev.scaleout.app.ec2meta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IMDS goes away after a good read: the instance is still on EC2 and shows its last good data. */
@QuarkusTest
@TestProfile(Ec2MetaImdsOutageIT.FastRefresh.class)
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(value = ImdsEmulatorResource.class, restrictToAnnotatedClass = true)
class Ec2MetaImdsOutageIT {

    public static class FastRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2meta.refresh-interval", "200ms");
        }
    }

    @Test
    void keepsLastGoodMetadataWhenRefreshFails() {
        JsonPath first = InstanceApi.awaitFirstRead();
        assertThat(first.getString("location")).isEqualTo("ON_EC2");

        ImdsEmulatorResource.running().close();
        Instant stopped = Instant.now();
        JsonPath later = InstanceApi.get();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!later.getBoolean("metadataStale") && System.nanoTime() < deadline) {
            ImdsEmulator.sleep(50);
            later = InstanceApi.get();
        }

        assertThat(later.getBoolean("metadataStale"))
                .as("a refresh after the emulator stopped failed")
                .isTrue();
        assertThat(later.getString("location")).isEqualTo("ON_EC2");
        assertThat(later.getString("instanceId")).isEqualTo("i-1234567890abcdef0");
        assertThat(Instant.parse(later.getString("metadataReadAt"))).isBefore(stopped.plusMillis(1));
        given().get("/ec2meta-webpage/index.php")
                .then()
                .statusCode(200)
                .body(containsString("i-1234567890abcdef0"))
                .body(containsString("IMDS does not answer"));
    }
}
