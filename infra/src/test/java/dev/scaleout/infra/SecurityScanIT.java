package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/security-scan as a user runs it: Prowler against the stack applied in moto, its
 * findings kept to the stack's resources, each FAIL either accepted with the reason from
 * infra/security-exceptions.yaml or making the scan exit 1. Prowler runs once, over two stacks
 * (the default one and one with a well-known master user); the other scans report its findings
 * for another config or without the exceptions.
 */
@ExtendWith(MotoExtension.class)
class SecurityScanIT {

    static MotoServer moto;

    @TempDir
    static Path dir;

    /** One Prowler run (about a minute) for all tests: the others report its findings again (--from). */
    static Path findings;

    static Scan defaultScan;

    static final String ADMIN_STACK = """
            stack: scan-admin
            prefix: adm
            region: %s
            security:
              adminCidr: %s
            database:
              masterUsername: admin
            instances:
              amiId: %s
            """.formatted(MotoServer.REGION, TestStacks.ADMIN_CIDR, TestStacks.AMI);

    @BeforeAll
    static void applyTwoStacksAndScan(MotoServer server) throws Exception {
        assumeTrue(
                System.getenv("PROWLER_VENV") != null,
                "PROWLER_VENV is not set: run through scripts/test, which installs Prowler (scripts/install-prowler)");
        moto = server;
        TestStacks.apply(TestStacks.run(TestStacks.config(), moto.clients()));
        TestStacks.apply(TestStacks.run(StackConfigLoader.parse(ADMIN_STACK, "test"), moto.clients()));
        findings = Files.createTempDirectory(dir, "prowler-");
        StackConfig config = TestStacks.config();
        defaultScan = scan(scanConfig(config.stack(), config.prefix()), "--output", findings.toString());
        assertThat(defaultScan.output).as("where the raw findings are kept").contains("raw output in " + findings);
        assertThat(findings.resolve("prowler.ocsf.json")).as(defaultScan.output).exists();
    }

    @Test
    void theDefaultStackHasNoFailOutsideTheExceptions() {
        Scan scan = defaultScan;

        assertThat(scan.exit).as(scan.output).isZero();
        assertThat(scan.output)
                .containsPattern("(?m)^ec2 +PASS +\\d+ / FAIL +\\d+$")
                .containsPattern("(?m)^elbv2 +PASS +\\d+ / FAIL +\\d+$")
                .containsPattern("(?m)^rds +PASS +\\d+ / FAIL +\\d+$")
                .containsPattern("(?m)^vpc +PASS +\\d+ / FAIL +\\d+$")
                .containsPattern("(?m)^iam +PASS +\\d+ / FAIL +\\d+$")
                .containsPattern("(?m)^autoscaling +PASS +\\d+ / FAIL +\\d+$")
                // a demo choice, shown with its reason from the exceptions file
                .containsPattern("FAIL rds_instance_multi_az  my-db\\n +accepted \\(deliberate\\): one DB instance")
                // where moto differs from AWS, said as such
                .contains("FAIL rds_instance_deprecated_engine_version  my-db\n       accepted (moto artefact)")
                .contains("No FAIL outside the accepted exceptions.")
                .doesNotContain("NOT ACCEPTED")
                // the other stack's database, with its FAIL, is not this stack's
                .doesNotContain("adm-db");
    }

    @Test
    void withoutTheExceptionsADeliberateChoiceFails() throws Exception {
        StackConfig config = TestStacks.config();
        Scan scan = scan(scanConfig(config.stack(), config.prefix()), "--from", findings.toString(), "--no-exceptions");

        assertThat(scan.exit).as(scan.output).isEqualTo(1);
        assertThat(scan.output)
                .contains("FAIL rds_instance_multi_az  my-db\n       NOT ACCEPTED: RDS Instance my-db does not have"
                        + " multi-AZ enabled.")
                .containsPattern("\\d+ FAIL not accepted");
    }

    @Test
    void aWellKnownMasterUserIsAFailTheExceptionsDoNotCover() throws Exception {
        Path file = dir.resolve("admin.yaml");
        Files.writeString(file, ADMIN_STACK);

        Scan scan = scan(file, "--from", findings.toString());

        assertThat(scan.exit).as(scan.output).isEqualTo(1);
        assertThat(scan.output)
                .contains("FAIL rds_instance_default_admin  adm-db\n       NOT ACCEPTED")
                .contains("1 FAIL not accepted")
                .contains("rds_instance_default_admin adm-db")
                .doesNotContain("my-db"); // the default stack's database is another stack's
    }

    static Path scanConfig(String stack, String prefix) throws IOException {
        Path file = dir.resolve(stack + ".yaml");
        Files.writeString(file, "stack: %s\nprefix: %s\nregion: %s\n".formatted(stack, prefix, MotoServer.REGION));
        return file;
    }

    record Scan(int exit, String output) {}

    static Scan scan(Path config, String... options) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(repoRoot().resolve("scripts/security-scan").toString(), "--config", config.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("AWS_PROFILE");
        builder.environment().put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Path log = dir.resolve("scan-" + System.nanoTime() + ".log");
        Process process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("security-scan still running after 8 minutes:\n" + Files.readString(log));
        }
        return new Scan(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/security-scan"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no scripts/security-scan above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
