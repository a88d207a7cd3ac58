package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.InfraCli;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands as the infra CLI will mount them: options, help, and user errors before any AWS call. */
class OperateCliTest {

    final StringWriter err = new StringWriter();
    final StringWriter out = new StringWriter();

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

    /** The infra CLI whose clients must not be built: a user error comes before any AWS call. */
    private int run(String... args) {
        InfraCli infra = new InfraCli(region -> {
            throw new AssertionError("AWS clients built before the options were checked");
        }, new PrintStream(OutputStream.nullOutputStream()), InputStream.nullInputStream());
        CommandLine cli = InfraCli.commandLine(infra);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
