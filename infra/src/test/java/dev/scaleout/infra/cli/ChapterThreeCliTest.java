package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private instance and the VPN through the CLI, with no credentials: the dry-run plan and cost, and bad input. */
class ChapterThreeCliTest extends WithoutAwsCli {

    @TempDir
    Path dir;

    @Test
    void theDryRunShowsThePrivateInstanceTheVpnAndTheirCost() throws Exception {
        Path config = Files.writeString(
                dir.resolve("stack.yaml"),
                "region: us-east-1\nprivateInstance: {enabled: true}\nvpn: {enabled: true, clientCidr: 172.20.0.0/22}\n");

        assertThat(run("apply", "--dry-run", "--config", config.toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString())
                .contains("security-group/my-private-ec2-sg", "security-group/my-vpn-sg", "instance/my-private-ec2")
                .contains("iam-role/my-private-ec2-role")
                .contains("vpn-certificate/my-vpn-server", "vpn-endpoint/my-vpn")
                .contains("172.20.0.0/22")
                .contains("Client VPN endpoint association (1 subnet)", "Client VPN connection");
    }

    @Test
    void aClientCidrInsideTheVpcIsExit2BeforeAnyAwsCall() throws Exception {
        Path config = Files.writeString(dir.resolve("stack.yaml"), "vpn: {enabled: true, clientCidr: 10.1.4.0/22}\n");

        assertThat(run("apply", "--config", config.toString(), "--region", "us-east-1"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("vpn.clientCidr: 10.1.4.0/22 overlaps the VPC 10.1.0.0/16")
                .contains("pick a block outside network.vpcCidr")
                .doesNotContain("\tat ");
    }
}
