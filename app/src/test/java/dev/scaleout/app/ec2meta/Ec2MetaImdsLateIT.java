package dev.scaleout.app.ec2meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * IMDS does not answer the first read (a busy instance at boot): the app retries soon, not a
 * whole refresh interval (60 s) later, so it does not stay "not on EC2" in the fleet.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(value = LateImdsResource.class, restrictToAnnotatedClass = true)
class Ec2MetaImdsLateIT {

    @Test
    void anInstanceWhoseImdsAnswersLateIsFoundWithinSeconds() {
        assertThat(InstanceApi.awaitFirstRead().getString("location")).isEqualTo("NOT_ON_EC2");
        try (ImdsEmulator imds = ImdsEmulator.start("{}", LateImdsResource.port())) {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> InstanceApi.get().getString("location").equals("ON_EC2"));
            assertThat(InstanceApi.get().getString("instanceId")).isEqualTo("i-1234567890abcdef0");
        }
    }
}
