package dev.faultline.cli;

import dev.faultline.Version;
import dev.faultline.catalog.BundledVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** Entry point: builds the command line and exits with its code (see DESIGN.md for the codes). */
@Command(name = "faultline", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Mines Cloud Run revision logs for known failure signatures and says, with evidence, "
                + "whether a failing deploy is a new incident, a recurrence of a resolved issue, or an ongoing one.",
        subcommands = {TriageCommand.class, PullCommand.class, ReportCommand.class, HistoryCommand.class, IssuesCommand.class,
                CatalogCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline triage samples/*.json",
                "  faultline triage --project acme-prod --service orders-api --since 2h",
                "  faultline report --state state.db --project acme-prod",
                "  faultline help triage",
                "",
                "Environment:",
                "  GOOGLE_CLOUD_PROJECT   project read live when neither files nor --project",
                "                         are given (then gcloud's configured project)",
                "  GOOGLE_APPLICATION_CREDENTIALS  key file for live reads",
                "  FAULTLINE_LOGGING_ENDPOINT      another Cloud Logging endpoint (--endpoint)",
                "  NO_COLOR, TERM=dumb    no colour; CLICOLOR_FORCE or --color always forces it",
                "  FAULTLINE_DEBUG=1      the stack trace behind an error, and the client",
                "                         libraries' own logs",
                "  FAULTLINE_JAVA_OPTS    extra JVM options for the ./faultline launcher"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no failing revision",
                "1:error (nothing to judge in the input, unreadable input, broken catalog, API failure, out of memory)",
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
        cl.setParameterExceptionHandler(Main::usageError);
        return cl;
    }

    /**
     * A usage error is one line and a pointer to the help, not the whole help: at 3 a.m. the reason must
     * be the first thing on the screen.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("faultline: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String catalog = BundledVersion.get().map(v -> "catalog " + v + " (bundled; faultline catalog list shows what is loaded)")
                    .orElse("catalog: no version in the bundled catalog.yaml (faultline catalog lint says why)");
            return new String[] {"faultline " + Version.get() + " (" + Version.build() + ")", catalog,
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
