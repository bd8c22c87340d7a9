package dev.faultline.cli;

import com.google.cloud.logging.v2.LoggingClient;
import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.Catalog;
import dev.faultline.source.InputProblem;
import dev.faultline.source.LivePull;
import dev.faultline.source.LiveQuery;
import dev.faultline.source.LiveReadException;
import dev.faultline.source.LiveSource;
import dev.faultline.source.LoggingConnection;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The live side of the commands: the only cli class that touches the Cloud Logging client, so
 * that its classes load only when a command reads live (file triage starts as fast as before).
 */
final class LiveRun {

    private LiveRun() {
    }

    /** The query of {@code options}, printed on stderr with --show-query, and refused when longer than Logging takes. */
    static LiveQuery query(LiveOptions options, Catalog catalog, CommandLine cl) {
        LiveQuery query = options.query(CandidateFilter.of(catalog), Clock.systemUTC(), cl);
        if (options.showQuery) {
            cl.getErr().println(query.filter());
            cl.getErr().flush();
        }
        if (query.filter().length() > LiveQuery.MAX_FILTER_CHARS) {
            throw new CommandLine.ParameterException(cl, "the query is " + query.filter().length() + " characters, more than the "
                    + LiveQuery.MAX_FILTER_CHARS + " Cloud Logging accepts: use --all-entries or a smaller --catalog");
        }
        return query;
    }

    static TriageResult triage(LiveOptions options, Catalog catalog, Triage triage, Consumer<InputProblem> problems,
                               CommandLine cl, boolean quiet) throws IOException {
        LiveQuery query = query(options, catalog, cl);
        ProgressLine progress = ProgressLine.on(cl.getErr(), quiet);
        try (LoggingClient client = new LoggingConnection(query.project(), options.endpoint(), options.credentials).open()) {
            return triage.run(new LiveSource(client, query, progress, null), problems);
        } finally {
            progress.done();
        }
    }

    /**
     * Saves the live entries of {@code options} in {@code output} (gzip JSONL), or resumes the
     * interrupted pull into it.
     *
     * @throws LiveReadException when the pull stops early; the partial file stays for a resume
     */
    static void pull(LiveOptions options, Catalog catalog, Path output, CommandLine cl, boolean quiet) throws IOException {
        LiveQuery query = query(options, catalog, cl);
        PrintWriter err = cl.getErr();
        ProgressLine progress = ProgressLine.on(err, quiet);
        LivePull.Result result;
        try (LoggingClient client = new LoggingConnection(query.project(), options.endpoint(), options.credentials).open()) {
            LivePull pull = new LivePull(new LiveSource(client, query, progress, null), output);
            result = pull.run(query, note -> {
                if (!quiet) {
                    err.println("faultline: " + query.sourceName() + ": " + note);
                }
            });
        } finally {
            progress.done();
        }
        long total = result.kept() + result.pulled();
        if (!result.complete()) {
            throw new LiveReadException("pull of project " + query.project() + " stopped: " + result.failure() + "; " + total
                    + " entries kept in " + result.file() + ": run the same command again to resume", null);
        }
        if (!quiet) {
            err.println("faultline: " + total + " entries of project " + query.project() + " saved in " + result.file()
                    + (result.kept() > 0 ? " (" + result.kept() + " of them from the interrupted pull resumed)" : ""));
            err.flush();
        }
    }

    /** Pages and entries fetched and the rate, rewritten in place on a terminal; nothing when piped or quiet. */
    static final class ProgressLine implements Consumer<LiveSource.Progress> {
        private final PrintWriter err;
        private final long started = System.nanoTime();
        private boolean shown;

        private ProgressLine(PrintWriter err) {
            this.err = err;
        }

        static ProgressLine on(PrintWriter err, boolean quiet) {
            return new ProgressLine(quiet || System.console() == null ? null : err);
        }

        @Override
        public void accept(LiveSource.Progress p) {
            if (err == null) {
                return;
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            err.printf("\rfaultline: %d pages, %,d entries, %,.0f entries/s%s\u001b[K", p.pages(), p.entries(),
                    p.entries() / seconds, p.lastTimestamp() == null ? "" : ", up to " + p.lastTimestamp());
            err.flush();
            shown = true;
        }

        void done() {
            if (shown) {
                err.println();
                err.flush();
            }
        }
    }
}
