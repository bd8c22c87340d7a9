package dev.faultline.cli;

import com.google.cloud.logging.v2.LoggingClient;
import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.mine.ErrorShape;
import dev.faultline.catalog.Catalog;
import dev.faultline.history.Digest;
import dev.faultline.history.ReportJob;
import dev.faultline.history.StateException;
import dev.faultline.source.InputProblem;
import dev.faultline.source.LivePull;
import dev.faultline.source.LiveQuery;
import dev.faultline.source.LiveReadException;
import dev.faultline.source.LiveSource;
import dev.faultline.source.LiveTail;
import dev.faultline.source.LoggingConnection;
import dev.faultline.incident.RevisionKey;
import dev.faultline.incident.RevisionReport;
import dev.faultline.match.Hit;
import dev.faultline.report.Visible;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live side of the commands: the only cli class that touches the Cloud Logging client, so
 * that its classes load only when a command reads live (file triage starts as fast as before).
 */
final class LiveRun {

    private LiveRun() {
    }

    /**
     * What a prefiltered live read asks for besides the platform's and the request logs: every entry
     * some signature could match, and every entry the miner could call an error (ErrorShape.QUERY), so
     * that a cause outside the catalog can still be found and ranked.
     */
    static String candidates(Catalog catalog) {
        return CandidateFilter.payloadClause(catalog) + "\n  OR " + ErrorShape.QUERY;
    }

    /**
     * The query of {@code options}, printed on stderr with --show-query, and refused when longer than Logging takes.
     *
     * @param requestSample share of request entries below 400 to read (1 for a pull: a file has no follow-up reads)
     */
    static LiveQuery query(LiveOptions options, Catalog catalog, CommandLine cl, double requestSample) {
        LiveQuery query = options.query(candidates(catalog), Clock.systemUTC(), cl).sampleRequests(requestSample);
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

    /**
     * One scheduled report run read live: each run's window becomes the query's time bounds. A read
     * that stops after some pages leaves the run partial, one that cannot start fails it; either way
     * the next run covers the window again.
     */
    static Digest report(ReportJob job, LiveSelection selection, Catalog catalog, ReportJob.Options options,
                         Consumer<InputProblem> problems, CommandLine cl, boolean quiet) throws IOException, StateException {
        String candidates = candidates(catalog);
        // The length hardly depends on the window: refuse a query Logging would reject before any run is recorded.
        int length = selection.query(Instant.EPOCH, Instant.now(), candidates).sampleRequests(LiveQuery.REQUEST_SAMPLE).filter().length();
        if (length > LiveQuery.MAX_FILTER_CHARS) {
            throw new CommandLine.ParameterException(cl, "the query is " + length + " characters, more than the "
                    + LiveQuery.MAX_FILTER_CHARS + " Cloud Logging accepts: use --all-entries or a smaller --catalog");
        }
        ProgressLine progress = ProgressLine.on(cl.getErr(), quiet);
        try (LoggingClient client = connect(selection, selection.project, cl, quiet)) {
            // Live runs name no input files: the digest then offers no file triage command (see Digest#inputs).
            return job.run(window -> {
                LiveQuery query = selection.query(window.start(), window.end(), candidates).sampleRequests(LiveQuery.REQUEST_SAMPLE);
                if (selection.showQuery) {
                    cl.getErr().println(query.filter());
                    cl.getErr().flush();
                }
                return new LiveSource(client, query, progress).withContext(Stitcher.GAP, Stitcher::mayJoin);
            }, List.of(), options, problems);
        } finally {
            progress.done();
        }
    }

    static TriageResult triage(LiveOptions options, Catalog catalog, Triage triage, Consumer<InputProblem> problems,
                               CommandLine cl, boolean quiet) throws IOException {
        LiveQuery query = query(options, catalog, cl, LiveQuery.REQUEST_SAMPLE);
        ProgressLine progress = ProgressLine.on(cl.getErr(), quiet);
        try (LoggingClient client = connect(options, query.project(), cl, quiet)) {
            return triage.run(new LiveSource(client, query, progress).withContext(Stitcher.GAP, Stitcher::mayJoin), problems);
        } finally {
            progress.done();
        }
    }

    /**
     * Follows the live tail: prints each hit as it is matched and the revision's verdict whenever
     * it changes, until the tail ends or Ctrl-C; then {@code summary} renders the final report
     * (a Ctrl-C waits for it, briefly, before the JVM exits).
     */
    static TriageResult follow(LiveOptions options, Catalog catalog, Triage triage, Consumer<InputProblem> problems,
                               CommandLine cl, PrintWriter stream, Summary summary) throws IOException {
        LiveQuery query = options.query(candidates(catalog), Clock.systemUTC(), cl);
        if (options.showQuery) {
            cl.getErr().println(query.tailFilter());
            cl.getErr().flush();
        }
        CountDownLatch summarised = new CountDownLatch(1);
        try (LoggingClient client = connect(options, query.project(), cl, false)) {
            LiveTail tail = new LiveTail(client, query);
            Thread onCtrlC = new Thread(() -> {
                tail.stop();
                try {
                    summarised.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "faultline-follow-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                TriageResult result = triage.run(tail, problems, new FollowPrinter(stream));
                summary.render(result);
                return result;
            } finally {
                summarised.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for the summary just rendered
                }
            }
        }
    }

    /** Renders the final report of a follow. */
    interface Summary {
        void render(TriageResult result) throws IOException;
    }

    /** One line per hit as it arrives, and a line whenever a revision's verdict changes. */
    static final class FollowPrinter implements Consumer<Triage.Update> {
        private final PrintWriter out;
        private final Map<RevisionKey, String> verdicts = new HashMap<>();

        FollowPrinter(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void accept(Triage.Update update) {
            for (Hit hit : update.hits()) {
                String text = hit.event().text(); // redacted by Triage before any update is told
                int nl = text.indexOf('\n');
                out.println(Visible.of("hit " + hit.event().timestamp() + " " + hit.event().head().resource().revision() + " "
                        + hit.signature().id() + ": " + (nl < 0 ? text : text.substring(0, nl) + " ...")));
            }
            for (RevisionReport r : update.revisions()) {
                String verdict = r.incident().verdict().name().toLowerCase(Locale.ROOT)
                        + (r.incident().knownIssue() == null ? "" : " " + r.incident().knownIssue());
                if (!verdict.equals(verdicts.put(r.key(), verdict))) {
                    out.println(Visible.of("verdict " + r.key().revision() + ": " + verdict));
                }
            }
            out.flush();
        }
    }

    /**
     * Saves the live entries of {@code options} in {@code output} (gzip JSONL), or resumes the
     * interrupted pull into it.
     *
     * @throws LiveReadException when the pull stops early; the partial file stays for a resume
     */
    static void pull(LiveOptions options, Catalog catalog, Path output, CommandLine cl, boolean quiet) throws IOException {
        // every request entry: triage of the file has no follow-up reads to make up for a sample
        LiveQuery query = query(options, catalog, cl, 1);
        PrintWriter err = cl.getErr();
        ProgressLine progress = ProgressLine.on(err, quiet);
        LivePull.Result result;
        try (LoggingClient client = connect(options, query.project(), cl, quiet)) {
            LivePull pull = new LivePull(new LiveSource(client, query, progress).withContext(Stitcher.GAP, Stitcher::mayJoin), output);
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

    /** The client for {@code project}; each retried attempt is one line on stderr unless quiet. */
    private static LoggingClient connect(LiveSelection selection, String project, CommandLine cl, boolean quiet) throws IOException {
        PrintWriter err = cl.getErr();
        return new LoggingConnection(project, selection.endpoint(cl), selection.credentials).open(note -> {
            if (!quiet) {
                err.println("faultline: " + note);
                err.flush();
            }
        });
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
