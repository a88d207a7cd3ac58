package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as the infra CLI will mount them: options, help, and user errors before any AWS call. */
class OperateCliTest extends WithoutAwsCli {

    @Test
    void aZeroIntervalIsAUserErrorNamingTheOption() {
        int exit = run("status", "--watch", "--interval", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--interval must be at least 1 second: pass e.g. --interval 5");
    }

    @Test
    void aZeroCountIsAUserError() {
        assertThat(run("status", "--watch", "--count", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--count must be at least 1");
    }

    @Test
    void rolloutToVersionZeroIsAUserError() {
        assertThat(run("rollout", "--to", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--to must be a launch template version number");
    }

    @Test
    void aVersionThatIsNotANumberIsAUserError() {
        assertThat(run("rollout", "--to", "latest")).isEqualTo(2);
        assertThat(err.toString()).contains("--to").contains("latest");
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run("status", "--help")).isZero();
        assertThat(out.toString()).contains("--watch", "--json", "--interval=SECONDS", "--count=N");
        out.getBuffer().setLength(0);
        assertThat(run("rollout", "--help")).isZero();
        assertThat(out.toString()).contains("--to=VERSION", "--timeout=MINUTES", "--url=URL");
    }

    @Test
    void everySubcommandTakesTheStackOptions() {
        for (String command : List.of("plan", "apply", "destroy", "status", "rollout", "demo")) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).isZero();
            assertThat(out.toString()).as(command).contains("--config=FILE", "--region=<region>", "--stats");
        }
    }

    @Test
    void checkPeeringWithPeeringOffIsExit2BeforeAnyAwsCall() {
        int exit = run("check", "peering", "--region", "eu-west-1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("peering.enabled").contains("set peering.enabled: true");
    }

    @Test
    void aDryRunPlanShowsThePeerRegionsResourcesWithTheirRegionAndTheCoursesNames(@TempDir Path dir)
            throws IOException {
        Path config = Files.writeString(dir.resolve("stack.yaml"), "peering: {enabled: true}\n");
        int exit = run("plan", "--dry-run", "--region", "ap-northeast-2", "--config", config.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("  + peer-vpc/my-tokyo-vpc [ap-northeast-1]\n")
                .contains("  + vpc-peering/my-peer-tokyo-to-seoul [ap-northeast-1]\n")
                .contains("  + peer-subnet/my-tokyo-subnet-private1-ap-northeast-1a [ap-northeast-1]\n")
                .contains("  + peer-route-table/my-tokyo-rtb-private1-ap-northeast-1a [ap-northeast-1]\n")
                .contains("  + peer-instance/my-tokyo-private-ec2 [ap-northeast-1]\n")
                .contains("0.0.0.0/0=@nat-gateway/my-nat-a,192.168.10.0/24=@vpc-peering/my-peer-tokyo-to-seoul")
                .contains("10.1.0.0/16=@vpc-peering/my-peer-tokyo-to-seoul")
                .contains("icmp:all:cidr=10.1.0.0/16")
                .contains("  + vpc/my-vpc\n");
    }

    @Test
    void aRegionThatIsNotOneIsExit2BeforeAnyAwsCall() {
        assertThat(run("status", "--region", "moon")).isEqualTo(2);
        assertThat(err.toString()).contains("'moon' is not an AWS region").doesNotContain("\tat ");
    }
}
