package dev.scaleout.support;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The progress line shown while AWS works: what, its state, and the elapsed time. On a
 * terminal it rewrites one line; in a log (no console) it prints a line per state change,
 * so CI output stays short.
 */
public final class Progress {

    private final PrintStream out;
    private final Clock clock;
    private final boolean rewrite;
    private Instant started;
    private String lastLine = "";
    private String lastState = "";

    public Progress(PrintStream out, Clock clock, boolean rewrite) {
        this.out = out;
        this.clock = clock;
        this.rewrite = rewrite;
    }

    public static Progress toConsole() {
        return new Progress(System.out, Clock.systemUTC(), Terminal.isInteractive());
    }

    public void start() {
        started = clock.instant();
        lastState = "";
    }

    public void update(String what, String state) {
        if (started == null) {
            start();
        }
        String line = what + ": " + state + " (" + elapsed() + ")";
        if (rewrite) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
        } else if (!state.equals(lastState)) {
            out.println(line);
        }
        lastLine = line;
        lastState = state;
    }

    /** Ends the progress line; the next output starts on a fresh line. */
    public void finish() {
        if (rewrite && !lastLine.isEmpty()) {
            out.println();
        }
        lastLine = "";
        started = null;
    }

    public String elapsed() {
        return format(Duration.between(started == null ? clock.instant() : started, clock.instant()));
    }

    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
