package dev.scaleout.amibuilder;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Confirmation;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a run talks to besides its options: AWS, the clock for waits, the terminal. The
 * program uses {@link #real()}; tests swap in moto, WireMock and a clock that never sleeps.
 */
public record Env(
        Function<Optional<String>, Aws> aws,
        Poll poll,
        Progress progress,
        Poll.Sleeper iamSleeper,
        Confirm confirm,
        PrintStream out,
        PrintStream err,
        Path workDir) {

    /** Asks before spending money or deleting; {@link #canAsk()} is false without a terminal. */
    public interface Confirm {
        boolean canAsk();

        boolean ask(String question);
    }

    /** For runs without a terminal: everything needs --yes. */
    public static final Confirm NO_TERMINAL = new Confirm() {
        public boolean canAsk() {
            return false;
        }

        public boolean ask(String question) {
            return false;
        }
    };

    public static Env real() {
        return new Env(
                region -> new Aws(AwsClients.fromEnvironment(region)),
                Poll.real(Duration.ofSeconds(15), Duration.ofSeconds(60)),
                Progress.toConsole(),
                Poll.REAL_SLEEP,
                CONSOLE,
                System.out,
                System.err,
                Path.of(""));
    }

    static final Confirm CONSOLE = new Confirm() {
        private final Confirmation console = Confirmation.console();

        public boolean canAsk() {
            return console.canAsk();
        }

        public boolean ask(String question) {
            return console.ask(question);
        }
    };
}
