package dev.faultline.cli;

import dev.faultline.report.Visible;
import dev.faultline.source.InputProblem;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** Prints input problems on stderr, one line each, up to a limit so a broken file cannot flood the terminal. */
final class Problems implements Consumer<InputProblem> {

    private static final int LINES = 20;

    private final PrintWriter err;
    private final boolean quiet;
    private long seen;

    Problems(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void accept(InputProblem p) {
        if (!quiet && seen++ < LINES) {
            err.println("faultline: " + Visible.of(p.oneLine()));
        }
    }

    /** Says how many were not printed. */
    void finish() {
        if (!quiet && seen > LINES) {
            err.println("faultline: ... " + (seen - LINES) + " more input problems (all counted in the report)");
        }
        err.flush();
    }
}
