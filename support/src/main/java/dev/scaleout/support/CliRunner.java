package dev.scaleout.support;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command the way both CLIs behave: an {@link ExitException} becomes its
 * one line on stderr and its exit code, bad options are exit 2 with picocli's message,
 * and anything else is a bug: its stack trace and exit 3, so scripts can tell it from an
 * AWS failure (1) and a user error (2).
 */
public final class CliRunner {

    private CliRunner() {}

    public static int run(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // enum options: picocli parses them, "fast" or "FAST"
        cli.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally { // what a command printed without a newline is out before an error line and System.exit
                cli.getOut().flush();
            }
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            if (e instanceof ExitException exit) {
                err.println(line.getColorScheme().errorText("error: " + exit.getMessage()));
                return exit.code();
            }
            e.printStackTrace(err);
            err.println(line.getColorScheme()
                    .errorText("error: internal error (a bug, please report it with the trace above): " + e));
            return ExitException.INTERNAL_ERROR;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            line.getErr().println("error: " + e.getMessage() + " (see --help)");
            return ExitException.USER_ERROR;
        });
        return cli;
    }
}
