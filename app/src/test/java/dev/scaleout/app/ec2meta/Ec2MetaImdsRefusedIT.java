package dev.scaleout.app.ec2meta;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Off EC2 with nothing listening at the IMDS endpoint (connection refused). */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(value = ClosedPortImdsResource.class, restrictToAnnotatedClass = true)
class Ec2MetaImdsRefusedIT {

    @Test
    void saysNotOnEc2WithinOneSecond() {
        NotOnEc2.assertShownWithinOneSecondOfStart("connection refused");
    }

    @Test
    void pageAnswersWithoutMetadata() {
        NotOnEc2.assertPageStillServed();
    }
}
