package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.StackContext;
import dev.scaleout.infra.operate.chart.RunReport;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.RunRecord;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code infra demo} as the infra CLI mounts it: options, help, --compare, and user errors before any AWS call. */
class DemoCliTest {

    /** A context the command must not touch when the options are wrong. */
    static final StackContext UNTOUCHABLE = new StackContext() {
        @Override
        public StackConfig config() {
            throw new AssertionError("config read before the options were checked");
        }

        @Override
        public AwsClients clients() {
            throw new AssertionError("AWS clients built before the options were checked");
        }
    };

    final StringWriter err = new StringWriter();
    final StringWriter out = new StringWriter();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--duration 30       | --duration must be between 60 and 3600 seconds",
            "--duration 3601     | --duration must be between 60 and 3600 seconds",
            "--cpu-percent 0     | --cpu-percent must be between 1 and 100",
            "--cpu-percent 101   | --cpu-percent must be between 1 and 100",
            "--cores 0           | --cores must be at least 1",
            "--timeout 0         | --timeout must be at least 1 minute",
            "--interval 0        | --interval must be at least 1 second",
            "--mode turbo        | --mode': expected one of [STANDARD, FAST] (case-insensitive) but was 'turbo'",
            "--url ftp://x.y/    | --url must be an http(s) URL",
            "--duration ten      | --duration"})
    void aBadOptionIsExit2NamingItBeforeAnyAwsCall(String args, String message) {
        int exit = run(new DemoCli(UNTOUCHABLE), args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("\tat "); // one line, no stack trace
    }

    @Test
    void aStackWithoutATokenParameterIsExit2BeforeAnyAwsCall() {
        StackContext noToken = new StackContext() {
            @Override
            public StackConfig config() {
                return StackConfig.defaults(); // instances.stressTokenParameter: null
            }

            @Override
            public AwsClients clients() {
                throw new AssertionError("AWS clients built for a stack whose stress API is off");
            }
        };

        assertThat(run(new DemoCli(noToken))).isEqualTo(2);
        assertThat(err.toString()).contains("instances.stressTokenParameter is not set");
    }

    @Test
    void compareOnlyReadsSavedRunsAndPrintsThemSideBySide() {
        Instant t0 = Instant.parse("2026-11-26T01:00:00Z");
        RunReport.write(new RunRecord(DemoMode.STANDARD.label(), List.of(Event.stressStarted(t0),
                Event.targetHealth(t0.plusSeconds(230), "i-0a", "healthy", "my-asg-ec2-tg")), List.of(), List.of()), dir.resolve("a"));
        RunReport.write(new RunRecord(DemoMode.FAST.label(), List.of(Event.stressStarted(t0),
                Event.targetHealth(t0.plusSeconds(95), "i-0b", "healthy", "my-asg-ec2-tg")), List.of(), List.of()), dir.resolve("b"));
        int exit = run(new DemoCli(UNTOUCHABLE), "--compare", dir.resolve("a").toString(),
                dir.resolve("b").resolve(RunReport.RUN).toString());

        assertThat(exit).isZero();
        String table = out.toString(); // picocli's writer, not System.out
        assertThat(table).contains("standard (EC2 1-min)", "fast (agent 10-s)")
                .containsPattern("healthy in the target group +\\+230\\.0 s +\\+95\\.0 s");
    }

    @Test
    void picocliParsesTheModeInAnyCase() {
        assertThat(run(new DemoCli(UNTOUCHABLE), "--mode", "Fast", "--compare", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no run.json there"); // past the options: the folder is the complaint
    }

    @Test
    void compareWithAFolderThatHoldsNoRunIsExit2() {
        assertThat(run(new DemoCli(UNTOUCHABLE), "--compare", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no run.json there");
    }

    @Test
    void helpExplainsTheModesAndListsEveryOption() {
        assertThat(run(new DemoCli(UNTOUCHABLE), "--help")).isZero();
        assertThat(out.toString()).contains("standard reads EC2's 1-minute", "fast reads the CloudWatch",
                "--duration=SECONDS", "--cpu-percent=PERCENT", "--cores=N", "--timeout=MINUTES", "--watch-scale-in",
                "--scale-in-timeout=MINUTES", "--interval=SECONDS", "--mode=standard|fast", "--out=DIR", "--url=URL",
                "--compare=DIR");
    }

    private int run(Object command, String... args) {
        CommandLine cli = CliRunner.commandLine(command);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
