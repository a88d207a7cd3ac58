package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a new user sees first, from the CLI run as a separate JVM (so the SDK's logging and
 * picocli's warnings reach stderr as they would): help without picocli warnings, no SLF4J
 * warning lines, and a region that does not exist refused before any AWS call.
 */
class FirstContactTest {

    record Run(int exit, String out, String err) {}

    @Test
    void helpPrintsNoPicocliWarnings() throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("rollout", "--help"), List.of("apply", "--help"))) {
            Run run = infra(Map.of(), args.toArray(String[]::new));
            assertThat(run.exit()).as(args.toString()).isZero();
            assertThat(run.err()).as(args.toString()).doesNotContain("[picocli WARN]");
        }
        assertThat(infra(Map.of(), "rollout", "--help").out()).contains("--previous", "--ami", "--to");
    }

    @Test
    void aRegionThatDoesNotExistIsExit2BeforeAnyAwsCall() throws Exception {
        Run option = infra(Map.of(), "plan", "--region", "us-eats-1");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("'us-eats-1' is not an AWS region").contains("eu-west-1");

        Run environment = infra(Map.of("AWS_REGION", "us-eats-1"), "plan");
        assertThat(environment.exit()).isEqualTo(2);
        assertThat(environment.err()).contains("region: 'us-eats-1'").doesNotContain("credentials");
    }

    @Test
    void noSlf4jWarningWhenTheSdkStarts() throws Exception {
        // fake credentials and an endpoint where nothing listens: the SDK starts (and logs), the call fails
        Run run = infra(
                Map.of(
                        "AWS_ACCESS_KEY_ID",
                        "test",
                        "AWS_SECRET_ACCESS_KEY",
                        "test",
                        "AWS_ENDPOINT_URL",
                        "http://127.0.0.1:9",
                        "AWS_MAX_ATTEMPTS",
                        "1"),
                "plan",
                "--region",
                "eu-west-1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("SLF4J");
    }

    /** The CLI's main class on this test's class path, in a clean directory (no ./stack.yaml) and a clean AWS environment. */
    private static Run infra(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                InfraCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().put("AWS_CONFIG_FILE", "/nonexistent");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
        builder.environment().putAll(env);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
