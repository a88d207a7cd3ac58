package dev.scaleout.app.ec2meta;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * IMDS switched off (ec2meta.imds.disabled, which AWS_EC2_METADATA_DISABLED sets) while a
 * working emulator runs: the app must not read it.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(
        value = ImdsEmulatorResource.class,
        restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "disabled", value = "true"))
class Ec2MetaImdsDisabledIT {

    @Test
    void saysNotOnEc2DespiteAnAnsweringImds() {
        NotOnEc2.assertShownWithinOneSecondOfStart("disabled");
        NotOnEc2.assertPageStillServed();
    }
}
