package dev.scaleout.amibuilder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every user error is one line naming the input and the fix, exit 2, and comes before any AWS call. */
class CliErrorsTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    final java.util.concurrent.atomic.AtomicInteger awsCalls = new java.util.concurrent.atomic.AtomicInteger();

    /** In-process, with clients that count (and refuse) every AWS call; each test checks none was made. */
    Run runNoAws(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        var refuse = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                awsCalls.incrementAndGet();
                throw new AssertionError("an AWS call was made");
            }
        };
        Env env = new Env(
                region -> new Aws(new dev.scaleout.support.AwsClients(
                                software.amazon.awssdk.regions.Region.EU_WEST_1,
                                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                                "test", "test")),
                                java.util.Optional.of(java.net.URI.create("http://127.0.0.1:9")))
                        .intercept(refuse)),
                new Poll(Clock.systemUTC(), d -> {}, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new Progress(o, Clock.systemUTC(), false),
                d -> {},
                Env.NO_TERMINAL,
                o,
                new PrintStream(err, true, StandardCharsets.UTF_8),
                dir);
        int exit = AmiBuilderCli.run(env, args);
        assertThat(awsCalls.get()).as("AWS calls").isZero();
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--instance-type t3                                       | --instance-type 't3' is not an EC2 instance type",
                "--subnet-id subnet-0123456789abcdef0                     | --subnet-id needs --security-group-id",
                "--subnet-id subnet-xyz --security-group-id sg-0123456789abcdef0 | --subnet-id 'subnet-xyz' is not a subnet id",
                "--security-group-id group1                               | --security-group-id 'group1' is not a security group id",
                "--timeout 1m                                             | --timeout 1m is outside 5m..12h",
                "--timeout soon                                           | --timeout 'soon' must be a positive number",
                "--prefix Scale_Out                                       | --prefix 'Scale_Out' must be 2-20 lowercase letters",
                "--copy-to-regions us-east-1,mars                         | --copy-to-regions 'mars' is not an AWS region",
                "--region moon                                            | --region 'moon' is not an AWS region",
                "--parameter-name latest                                  | --parameter-name 'latest' must be an SSM path",
                "--parameter-name /aws/x                                  | --parameter-name '/aws/x' must be an SSM path",
                "--no-such-option                                         | Unknown option: '--no-such-option'",
            })
    void invalidOptionIsOneLineAndExitTwo(String args, String message) {
        List<String> argv = new ArrayList<>(List.of(
                "bake",
                "--yes",
                "--bundle",
                FakeBundle.create(dir, "1.0.0", "c", "a").toString()));
        argv.addAll(List.of(args.trim().split("\\s+")));
        Run r = runNoAws(argv.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(message).doesNotContain("Exception");
    }

    @Test
    void missingOrWrongBundleIsAUserError() throws IOException {
        Run missing = runNoAws(
                "bake",
                "--yes",
                "--bundle",
                dir.resolve("scaleout-app-bundle-1.0.0.tar.gz").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist: pass --bundle PATH");

        Path renamed = Files.copy(FakeBundle.create(dir, "1.0.0", "c", "a"), dir.resolve("app.tar.gz"));
        Run badName = runNoAws("bake", "--yes", "--bundle", renamed.toString());
        assertThat(badName.exit()).isEqualTo(2);
        assertThat(badName.err()).contains("the name must be scaleout-app-bundle-<version>.tar.gz");

        Path notTar = Files.writeString(dir.resolve("scaleout-app-bundle-2.0.0.tar.gz"), "hello");
        Run garbage = runNoAws("bake", "--yes", "--bundle", notTar.toString());
        assertThat(garbage.exit()).isEqualTo(2);
        assertThat(garbage.err()).contains("is not a readable .tar.gz");

        for (Run r : List.of(missing, badName, garbage)) {
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    /** Image Builder takes at most 1073741823 in each of x.y.z: said before the bucket, role and component are made. */
    @Test
    void aVersionImageBuilderCannotTakeIsExit2BeforeAnyAwsCall() throws IOException {
        for (String version : List.of("1073741824.0.0", "1.99999999999.0")) {
            Run r = runNoAws(
                    "bake",
                    "--yes",
                    "--bundle",
                    FakeBundle.create(dir, version, "c", "a").toString());
            assertThat(r.exit()).as(version).isEqualTo(2);
            assertThat(r.err())
                    .contains("app version '" + version + "' has the number", "above 1073741823")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void bundleWithoutInstallFilesIsAUserError() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/scaleout-app/quarkus-app"));
        Files.writeString(src.resolve("quarkus-run.jar"), "x");
        Path archive = dir.resolve("scaleout-app-bundle-1.0.0.tar.gz");
        Process tar = new ProcessBuilder(
                        "tar",
                        "-czf",
                        archive.toString(),
                        "-C",
                        dir.resolve("src").toString(),
                        "scaleout-app")
                .start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();

        Run r = runNoAws("bake", "--yes", "--bundle", archive.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("is not an install bundle (missing scaleout-app/app.env.template, scaleout-app/install.sh, "
                        + "scaleout-app/scaleout-app.service)");
    }

    @Test
    void bakeWithoutYesAndWithoutATerminalStopsBeforeAnyAwsCall() {
        Run r = runNoAws(
                "bake", "--bundle", FakeBundle.create(dir, "1.0.0", "c", "a").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("there is no terminal to confirm on: pass --yes");
    }

    @Test
    void dryRunAndPlanNeedNoAwsAndPrintTheResourcesAndTheDocument() {
        String bundle = FakeBundle.create(dir, "1.2.3", "c0ffee", "a").toString();
        for (Run r : List.of(
                runNoAws("bake", "--dry-run", "--region", "eu-west-1", "--bundle", bundle),
                runNoAws("plan", "--region", "eu-west-1", "--bundle", bundle, "--copy-to-regions", "us-east-1"))) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("scaleout-ami-artifacts-<account-id>-eu-west-1")
                    .contains("scaleout-app 1.2.3")
                    .contains("scaleout-golden 1.2.3")
                    .contains("ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
                    .contains("20 GB gp3 encrypted")
                    .contains("IMDSv2 required")
                    .contains("no SSH key")
                    .contains("scaleout-golden-1.2.3-{{imagebuilder:buildDate}}")
                    .contains("GitCommit=c0ffee")
                    .contains("/scaleout/golden-ami/latest")
                    .contains("cost:")
                    .contains("    phases:")
                    .contains("action: Reboot");
        }
    }

    @Test
    void cloudWatchAgentOptionAddsItsBuildStepWithTenSecondCpu() {
        String bundle = FakeBundle.create(dir, "1.2.3", "c0ffee", "a").toString();
        Run without = runNoAws("plan", "--region", "eu-west-1", "--bundle", bundle);
        Run with = runNoAws("plan", "--region", "eu-west-1", "--bundle", bundle, "--cloudwatch-agent");
        assertThat(without.out()).doesNotContain("amazon-cloudwatch-agent");
        assertThat(with.out())
                .containsSubsequence(
                        "- name: InstallCloudWatchAgent",
                        "dnf install -y amazon-cloudwatch-agent",
                        // the agent's JSON config is one double-quoted YAML scalar
                        "\\\"metrics_collection_interval\\\":10",
                        "systemctl enable amazon-cloudwatch-agent",
                        "- name: Cleanup");
    }

    // --- as a separate program, with a clean environment: no credentials, no region ---

    Run runJava(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AmiBuilderCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment()
                .put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true"); // no IMDS probe off EC2
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void noCredentialsOrNoRegionIsOneLineNamingTheFix() throws Exception {
        String bundle = FakeBundle.create(dir, "1.0.0", "c", "a").toString();
        Run noCredentials = runJava(Map.of("AWS_REGION", "eu-west-1"), "bake", "--yes", "--bundle", bundle);
        assertThat(noCredentials.exit()).as(noCredentials.err()).isEqualTo(2);
        assertThat(noCredentials.err().strip()).startsWith("error: no AWS credentials found: run 'aws configure'");
        assertThat(noCredentials.err().strip().lines()).hasSize(1);

        Run noRegion = runJava(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"), "list");
        assertThat(noRegion.exit()).as(noRegion.err()).isEqualTo(2);
        assertThat(noRegion.err().strip()).startsWith("error: no AWS region set: pass --region");

        Run plan = runJava(Map.of(), "plan", "--region", "eu-west-1", "--bundle", bundle);
        assertThat(plan.exit()).as("plan needs no credentials: %s", plan.err()).isZero();
        assertThat(plan.out()).contains("component document");
    }
}
