package dev.scaleout.app.ec2meta;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Off EC2 where the IMDS address swallows requests: only the timeout can end the read. */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(value = SilentImdsResource.class, restrictToAnnotatedClass = true)
class Ec2MetaImdsSilentIT {

    @Test
    void saysNotOnEc2WithinOneSecond() {
        NotOnEc2.assertShownWithinOneSecondOfStart("IMDS never answers");
    }

    @Test
    void pageAnswersWithoutMetadata() {
        NotOnEc2.assertPageStillServed();
    }
}
