package dev.scaleout.app.ec2meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Nothing listens at the IMDS endpoint when the app starts (connection refused): off EC2, or a
 * busy instance at boot. The app says "not on EC2" within a second and serves its page without
 * metadata; when IMDS answers later it retries soon, not a whole refresh interval (60 s) later,
 * so it does not stay "not on EC2" in the fleet. One test, in this order: the first read
 * happens once per app start, and each app start is a Quarkus build and start.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(value = LateImdsResource.class, restrictToAnnotatedClass = true)
class Ec2MetaImdsLateIT {

    @Test
    void refusedAtStartIsNotOnEc2WithinOneSecondAndFoundWithinSecondsOnceImdsAnswers() {
        NotOnEc2.assertShownWithinOneSecondOfStart("connection refused");
        NotOnEc2.assertPageStillServed();

        try (ImdsEmulator imds = ImdsEmulator.start("{}", LateImdsResource.port())) {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> InstanceApi.get().getString("location").equals("ON_EC2"));
            assertThat(InstanceApi.get().getString("instanceId")).isEqualTo("i-1234567890abcdef0");
        }
    }
}
