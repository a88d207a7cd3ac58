package dev.scaleout.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The one question both CLIs ask before spending money or deleting. Only "yes" goes on
 * (as Terraform asks: "y" is too easy to type by accident); anything else, or the end of
 * input, is a refusal, which the command ends with {@link #cancelled} (exit 1: it comes after
 * the plan's reads). Without a terminal no one can answer: the command needs --yes, and says
 * so with {@link #needsYes} (exit 2) before any AWS call.
 */
public final class Confirmation {

    private final InputStream in;
    private final PrintStream out;
    private final boolean canAsk;

    public Confirmation(InputStream in, PrintStream out, boolean canAsk) {
        this.in = in;
        this.out = out;
        this.canAsk = canAsk;
    }

    /** Standard input and output; asks only when they are a terminal. */
    public static Confirmation console() {
        return new Confirmation(System.in, System.out, Terminal.isInteractive());
    }

    public boolean canAsk() {
        return canAsk;
    }

    /** True when the user typed "yes". */
    public boolean ask(String question) {
        out.print(question + " Only 'yes' is accepted: ");
        out.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line != null && line.trim().equals("yes");
        } catch (IOException e) {
            return false;
        }
    }

    /** "{what} needs confirmation and there is no terminal to ask on: pass --yes" (exit 2). */
    public static ExitException needsYes(String what) {
        return ExitException.userError(what + " and there is no terminal to confirm on: pass --yes");
    }

    /** The user said no: "{outcome} (pass --yes to skip the question)" (exit 1). */
    public static ExitException cancelled(String outcome) {
        return ExitException.failure("not confirmed: " + outcome + " (pass --yes to skip the question)");
    }
}
