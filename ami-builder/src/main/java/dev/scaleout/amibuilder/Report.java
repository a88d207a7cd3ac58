package dev.scaleout.amibuilder;

import java.io.PrintStream;

/** The lines a run prints per resource: kind, what happened (created/reused/...), name. */
public final class Report {

    private final PrintStream out;

    public Report(PrintStream out) {
        this.out = out;
    }

    public void resource(String kind, String action, String name) {
        out.printf("  %-26s %-9s %s%n", kind, action, name);
    }

    public void line(String text) {
        out.println(text);
    }

    public PrintStream out() {
        return out;
    }
}
