package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The exit codes both CLIs share: 0 done, 1 AWS failure, 2 the user's input, 3 a bug. */
class CliRunnerTest {

    enum Shape {
        ROUND,
        SQUARE
    }

    @Command(name = "t")
    static final class Failing implements Callable<Integer> {
        @Option(names = "--fail")
        String fail = "";

        @Option(names = "--shape")
        Shape shape;

        @Override
        public Integer call() {
            switch (fail) {
                case "user" -> throw ExitException.userError("--x must be set: pass --x 1");
                case "aws" -> throw ExitException.failure("CreateVpc my-vpc: VpcLimitExceeded");
                case "bug" -> throw new NullPointerException("oops");
                default -> {
                    return 0;
                }
            }
        }
    }

    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = CliRunner.commandLine(new Failing());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void eachKindOfEndHasItsOwnCode() {
        assertThat(run()).isZero();
        assertThat(run("--fail", "aws")).isEqualTo(ExitException.AWS_FAILURE).isEqualTo(1);
        assertThat(run("--fail", "user")).isEqualTo(ExitException.USER_ERROR).isEqualTo(2);
        assertThat(run("--nope")).isEqualTo(2);
        assertThat(err.toString())
                .contains("error: CreateVpc my-vpc: VpcLimitExceeded")
                .contains("error: --x must be set: pass --x 1")
                .contains("Unknown option: '--nope'")
                .doesNotContain("\tat ");
    }

    @Test
    void aBugIsExit3WithItsTrace() {
        assertThat(run("--fail", "bug")).isEqualTo(ExitException.INTERNAL_ERROR).isEqualTo(3);
        assertThat(err.toString())
                .contains("java.lang.NullPointerException: oops")
                .contains("\tat ")
                .contains("error: internal error");
    }

    @Test
    void enumOptionsAcceptAnyCaseAndNameTheChoicesWhenWrong() {
        assertThat(run("--shape", "square")).isZero();
        assertThat(run("--shape", "oval")).isEqualTo(2);
        assertThat(err.toString()).contains("--shape").contains("ROUND").contains("SQUARE");
    }
}
