package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instance types for the group through the CLI, with no credentials: the dry-run plan, its warning, bad input. */
class InstanceTypesCliTest extends WithoutAwsCli {

    @TempDir
    Path dir;

    @Test
    void theDryRunShowsThePolicyAndWarnsWhenTheTemplatesTypeIsNotListed() throws Exception {
        Path config = Files.writeString(
                dir.resolve("stack.yaml"),
                "region: us-east-1\nautoScaling: {instanceTypes: [t3a.micro, t3.small], onDemandPercentageAboveBase: 0}\n");

        assertThat(run("plan", "--dry-run", "--config", config.toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString())
                .contains("instanceTypes", "t3a.micro,t3.small")
                .contains("spotAllocationStrategy", "price-capacity-optimized")
                .contains("warning: autoScaling.instanceTypes [t3a.micro, t3.small] does not name"
                        + " instances.instanceType (t3.micro)");
    }

    @Test
    void aDuplicateTypeIsExit2BeforeAnyAwsCall() throws Exception {
        Path config =
                Files.writeString(dir.resolve("stack.yaml"), "autoScaling: {instanceTypes: [t3.micro, t3.micro]}\n");

        assertThat(run("apply", "--config", config.toString(), "--region", "us-east-1"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("autoScaling.instanceTypes: t3.micro is listed twice: list each type once")
                .doesNotContain("\tat ");
    }
}
