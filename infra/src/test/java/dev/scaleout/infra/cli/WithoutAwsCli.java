package dev.scaleout.infra.cli;

import dev.scaleout.infra.InfraCli;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The infra CLI, with its writers captured, whose clients must not be built: a user error comes before any AWS call. */
abstract class WithoutAwsCli {

    final StringWriter err = new StringWriter();
    final StringWriter out = new StringWriter();

    int run(String... args) {
        InfraCli infra = new InfraCli(
                region -> {
                    throw new AssertionError("AWS clients built before the options were checked");
                },
                new PrintStream(OutputStream.nullOutputStream()),
                InputStream.nullInputStream());
        CommandLine cli = InfraCli.commandLine(infra);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }
}
