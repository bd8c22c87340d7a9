package dev.faultline.cli;

import dev.faultline.UnusableInputException;
import dev.faultline.catalog.CatalogException;
import dev.faultline.history.StateException;
import dev.faultline.report.Visible;
import dev.faultline.source.LiveReadException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.stream.Collectors;

/**
 * Turns what went wrong into one line on stderr and exit code 1: an engineer at 3 a.m. needs
 * the reason, not a stack trace. {@code FAULTLINE_DEBUG=1} prints the trace too.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    static final int ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        // file names and messages can hold control characters: shown, line by line, never obeyed
        cl.getErr().println("faultline: " + describe(e).lines().map(Visible::of).collect(Collectors.joining("\n")));
        if (System.getenv("FAULTLINE_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        return ERROR;
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        if (e instanceof NoSuchFileException n) {
            return "cannot read " + n.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException a) {
            return "cannot read " + a.getFile() + ": permission denied";
        }
        if (e instanceof UnusableInputException) {
            return e.getMessage();
        }
        if (e instanceof StateException s) {
            return s.getMessage();
        }
        if (e instanceof LiveReadException) {
            return e.getMessage();
        }
        if (e instanceof CatalogException c) {
            // one line per problem, each naming its file and line, like lint's
            return String.join("\nfaultline: ", c.problems());
        }
        if (e instanceof IOException) {
            return "cannot read input: " + e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + ", heap limit " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): the input needs more than that; give the JVM more (FAULTLINE_JAVA_OPTS=-Xmx4g) or read less at once";
        }
        // a bug: say where, so that the one line is worth reporting
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        return "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + (at == null ? "" : " at " + at.getFileName() + ":" + at.getLineNumber())
                + " (FAULTLINE_DEBUG=1 prints the stack trace)";
    }
}
