package dev.scaleout.support;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether a person is at the other end: standard input and output on a terminal (rewrite a
 * progress line in place, ask a question) rather than a pipe or a file (append, never ask).
 */
public final class Terminal {

    private Terminal() {}

    /**
     * Java 22+ returns a Console even when output is redirected and adds isTerminal() to tell;
     * before 22 a non-null Console means a terminal. Compiled for 17, so isTerminal is looked up.
     */
    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException before22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // unsure: appending is always safe
        }
    }
}
