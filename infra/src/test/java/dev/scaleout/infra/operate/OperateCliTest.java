package dev.scaleout.infra.operate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.rollout.RolloutCli;
import dev.scaleout.infra.operate.status.StatusCli;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CliRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands as the infra CLI will mount them: options, help, and user errors before any AWS call. */
class OperateCliTest {

    /** A context the commands must not touch when the options are wrong. */
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

    @Test
    void aZeroIntervalIsAUserErrorNamingTheOption() {
        int exit = run(new StatusCli(UNTOUCHABLE), "--watch", "--interval", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--interval must be at least 1 second: pass e.g. --interval 5");
    }

    @Test
    void aZeroCountIsAUserError() {
        assertThat(run(new StatusCli(UNTOUCHABLE), "--watch", "--count", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--count must be at least 1");
    }

    @Test
    void rolloutToVersionZeroIsAUserError() {
        assertThat(run(new RolloutCli(UNTOUCHABLE), "--to", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--to must be a launch template version number");
    }

    @Test
    void aVersionThatIsNotANumberIsAUserError() {
        assertThat(run(new RolloutCli(UNTOUCHABLE), "--to", "latest")).isEqualTo(2);
        assertThat(err.toString()).contains("--to").contains("latest");
    }

    @Test
    void helpListsEveryOption() {
        assertThat(run(new StatusCli(UNTOUCHABLE), "--help")).isZero();
        assertThat(out.toString()).contains("--watch", "--json", "--interval=SECONDS", "--count=N");
        out.getBuffer().setLength(0);
        assertThat(run(new RolloutCli(UNTOUCHABLE), "--help")).isZero();
        assertThat(out.toString()).contains("--to=VERSION", "--timeout=MINUTES", "--url=URL");
    }

    private int run(Object command, String... args) {
        CommandLine cli = CliRunner.commandLine(command);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
