package dev.faultline.cli;

import dev.faultline.catalog.CatalogException;
import dev.faultline.history.StateException;
import dev.faultline.source.LiveReadException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns what went wrong into one line on stderr and exit code 1: an engineer at 3 a.m. needs
 * the reason, not a stack trace. {@code FAULTLINE_DEBUG=1} prints the trace too.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    static final int ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        cl.getErr().println("faultline: " + describe(e));
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
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
