package dev.faultline.cli;

import dev.faultline.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: builds the command line and exits with its code (see DESIGN.md for the codes). */
@Command(name = "faultline", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Mines Cloud Run revision logs for known failure signatures and says, with evidence, "
                + "whether a failing deploy is a new incident, a recurrence of a resolved issue, or an ongoing one.",
        subcommands = {TriageCommand.class, PullCommand.class, ReportCommand.class, HistoryCommand.class, IssuesCommand.class,
                CatalogCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no failing revision",
                "1:error (unreadable input, broken catalog, API failure)",
                "2:bad usage",
                "3:failures found, all of them ongoing known issues",
                "4:at least one new incident or recurrence"})
public final class Main {

    /** Freed when the heap runs out, so that the one line about it can still be written. */
    private static byte[] reserve = new byte[1 << 20];

    /**
     * Runs the command and exits with its code. Whatever escapes the command (an OutOfMemoryError,
     * which picocli does not catch, or any other Throwable) is one line on stderr and exit 1, never a
     * stack trace; {@code FAULTLINE_DEBUG=1} adds the trace.
     */
    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> fatal(e));
        int code;
        try {
            code = commandLine().execute(args);
        } catch (Throwable e) {
            code = fatal(e);
        }
        System.exit(code);
    }

    private static int fatal(Throwable e) {
        reserve = null;
        System.err.println("faultline: " + Errors.describe(e));
        if (System.getenv("FAULTLINE_DEBUG") != null) {
            e.printStackTrace();
        }
        System.err.flush();
        return Errors.ERROR;
    }

    /** The configured command line; tests run it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Errors());
        return cl;
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"faultline " + Version.get()};
        }
    }
}
