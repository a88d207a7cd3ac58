package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.operate.chart.RunReport;
import dev.scaleout.infra.operate.demo.DemoMode;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code infra demo} as the infra CLI mounts it: options, help, --compare, and user errors before any AWS call. */
class DemoCliTest extends WithoutAwsCli {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--duration 30       | --duration must be between 60 and 3600 seconds",
                "--duration 3601     | --duration must be between 60 and 3600 seconds",
                "--cpu-percent 0     | --cpu-percent must be between 1 and 100",
                "--cpu-percent 101   | --cpu-percent must be between 1 and 100",
                "--cores 0           | --cores must be at least 1",
                "--timeout 0         | --timeout must be at least 1 minute",
                "--interval 0        | --interval must be at least 1 second",
                "--mode turbo        | --mode': expected one of [STANDARD, FAST] (case-insensitive) but was 'turbo'",
                "--url ftp://x.y/    | --url must be an http(s) URL",
                "--duration ten      | --duration"
            })
    void aBadOptionIsExit2NamingItBeforeAnyAwsCall(String args, String message) {
        int exit = run(("demo " + args).split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("\tat "); // one line, no stack trace
    }

    @Test
    void aStackWithoutATokenParameterIsExit2BeforeAnyAwsCall() {
        // the built-in defaults: instances.stressTokenParameter is null
        assertThat(run("demo", "--region", "eu-west-1")).isEqualTo(2);
        assertThat(err.toString()).contains("instances.stressTokenParameter is not set");
    }

    @Test
    void aGroupConfiguredAtItsMaximumIsExit2BeforeAnyAwsCall() throws Exception {
        Path config = Files.writeString(
                dir.resolve("stack.yaml"),
                "autoScaling: {min: 1, desired: 3, max: 3}\ninstances: {stressTokenParameter: /scaleout/stress-token}\n");

        assertThat(run("demo", "--region", "eu-west-1", "--config", config.toString()))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("autoScaling.desired (3) is already autoScaling.max (3)", "raise autoScaling.max");
    }

    @Test
    void compareOnlyReadsSavedRunsAndPrintsThemSideBySide() {
        Instant t0 = Instant.parse("2026-11-26T01:00:00Z");
        RunReport.write(
                new RunRecord(
                        DemoMode.STANDARD.label(),
                        List.of(
                                Event.stressStarted(t0),
                                Event.targetHealth(t0.plusSeconds(230), "i-0a", "healthy", "my-asg-ec2-tg")),
                        List.of(),
                        List.of()),
                dir.resolve("a"));
        RunReport.write(
                new RunRecord(
                        DemoMode.FAST.label(),
                        List.of(
                                Event.stressStarted(t0),
                                Event.targetHealth(t0.plusSeconds(95), "i-0b", "healthy", "my-asg-ec2-tg")),
                        List.of(),
                        List.of()),
                dir.resolve("b"));
        int exit = run(
                "demo",
                "--compare",
                dir.resolve("a").toString(),
                dir.resolve("b").resolve(RunReport.RUN).toString());

        assertThat(exit).isZero();
        String table = out.toString(); // picocli's writer, not System.out
        assertThat(table)
                .contains("standard (EC2 1-min)", "fast (agent 10-s)")
                .containsPattern("healthy in the target group +\\+230\\.0 s +\\+95\\.0 s");
    }

    @Test
    void picocliParsesTheModeInAnyCase() {
        assertThat(run("demo", "--mode", "Fast", "--compare", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no run.json there"); // past the options: the folder is the complaint
    }

    @Test
    void compareWithAFolderThatHoldsNoRunIsExit2() {
        assertThat(run("demo", "--compare", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no run.json there");
    }

    @Test
    void helpExplainsTheModesAndListsEveryOption() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "standard reads EC2's 1-minute",
                        "fast reads the CloudWatch",
                        "--duration=SECONDS",
                        "--cpu-percent=PERCENT",
                        "--cores=N",
                        "--timeout=MINUTES",
                        "--watch-scale-in",
                        "--scale-in-timeout=MINUTES",
                        "--interval=SECONDS",
                        "--mode=standard|fast",
                        "--out=DIR",
                        "--url=URL",
                        "--compare=DIR");
    }
}
