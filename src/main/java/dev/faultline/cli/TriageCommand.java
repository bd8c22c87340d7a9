package dev.faultline.cli;

import dev.faultline.InputScope;
import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.entry.EntrySelection;
import dev.faultline.report.HtmlReport;
import dev.faultline.report.JsonReport;
import dev.faultline.report.MarkdownReport;
import dev.faultline.report.Report;
import dev.faultline.report.TextReport;
import dev.faultline.report.Wrap;
import dev.faultline.report.Visible;
import dev.faultline.source.ExportSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code faultline triage FILE|DIR|- ...}: classify exported Cloud Run logs. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = {"Classify exported Cloud Run logs: which revisions fail, with which signatures, and whether each "
                + "failure is new, a recurrence of a resolved known issue, or ongoing.",
                "Reads gcloud logging read --format=json output (a JSON array) or newline-delimited JSON "
                        + "(Cloud Logging sinks), gzip-compressed or not, directories of them, or - for stdin; "
                        + "with --project, reads live from Cloud Logging instead; with --bigquery, runs the catalog as one "
                        + "query in BigQuery where the logs are (docs/bigquery.md)."},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline triage samples/*.json                              # the bundled samples",
                "  gcloud logging read 'resource.type=\"cloud_run_revision\"' --format=json --freshness=1d > logs.json",
                "  faultline triage logs.json --service orders-api --since 6h      # select entries of a file",
                "  faultline triage logs.json --format markdown -o ticket.md       # evidence for a ticket",
                "  faultline triage --project acme-prod --service orders-api --since 2h   # live (Application Default Credentials)",
                "  faultline triage --project acme-prod --service orders-api --follow     # stream hits as they happen",
                "  faultline triage --bigquery acme-logs.app_logs --since 7d --max-bytes-billed 20GB   # in BigQuery"})
final class TriageCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR|-", description = "Exported log files, directories, or - for stdin.")
    List<String> inputs = new ArrayList<>();

    @Mixin
    OutputOptions rendering;

    @Option(names = "--since-first-failure",
            description = "Leave out revisions that ended before the first failure (verdicts still use the whole input), to keep a ticket attachment short.")
    boolean sinceFirstFailure;

    @Option(names = "--full", description = "Markdown: every revision of an incident in detail with all its evidence events "
            + "(by default the newest in detail, the others one line each, so that a report fits a ticket).")
    boolean full;

    @Option(names = "--no-redact", description = "Show secrets found in log text (passwords, tokens, keys) instead of masking them.")
    boolean noRedact;

    @Option(names = {"-q", "--quiet"}, description = "Do not print input problems on stderr (they are still counted in the report).")
    boolean quiet;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that parse and match exported files (default: the available processors, ${DEFAULT-VALUE} here); "
                    + "1 parses and matches on the calling thread. The report is the same whatever N.")
    int threads = ExportSource.defaultThreads();

    @Mixin
    CatalogOptions catalogOptions;

    @Mixin
    LiveOptions live;

    @Option(names = "--follow", description = "With --project: follow new entries as they are written (TailLogEntries), "
            + "print each hit and every change of a revision's verdict; Ctrl-C ends with the full report.")
    boolean follow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, CatalogException {
        live.check(spec.commandLine(), !inputs.isEmpty());
        rendering.check(spec.commandLine());
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        Catalog catalog = catalogOptions.load();
        PrintWriter err = spec.commandLine().getErr();
        Problems problems = new Problems(err, quiet);
        if (follow && (!live.live() || live.bigQuery())) {
            throw new ParameterException(spec.commandLine(), "--follow reads live: give --project P");
        }
        // Live reads select on the server; files hold everything, so the pipeline selects.
        EntrySelection selection = live.live() ? EntrySelection.ALL : live.fileSelection(Clock.systemUTC(), spec.commandLine());
        Triage triage = new Triage(catalog, rendering.evidence, selection, !noRedact);
        if (follow) {
            // Streamed lines go where they cannot corrupt the report: stdout only for a text report to a terminal or pipe.
            PrintWriter stream = rendering.format == OutputOptions.Format.text && rendering.output == null ? spec.commandLine().getOut() : err;
            return LiveRun.follow(live, catalog, triage, problems, spec.commandLine(), stream, this::render).exitCode();
        }
        TriageResult result = live.bigQuery()
                ? BigQueryRun.triage(live, catalog, triage, rendering.evidence, problems, spec.commandLine(), quiet)
                : live.live()
                ? LiveRun.triage(live, catalog, triage, problems, spec.commandLine(), quiet)
                : triage.run(new ExportSource(inputs, threads), problems);
        problems.finish();
        if (!live.live()) {
            // a report of nothing would read as "all healthy": say what is missing, exit 1
            var nothing = result.nothingToJudge(String.join(", ", inputs));
            if (nothing.isPresent()) {
                err.println("faultline: " + Visible.of(nothing.get()));
                return Errors.ERROR;
            }
        }
        if (result.input().parsed() > 0 && result.input().selected() == 0) {
            err.println("faultline: " + nothingSelected(result));
            return Errors.ERROR;
        }
        render(result);
        return result.exitCode();
    }

    /** Why a selection that left nothing is not "all healthy": what it asked for against what the input holds. */
    static String nothingSelected(TriageResult result) {
        InputScope scope = result.scope();
        String services = scope.services().values().stream().flatMap(Set::stream).distinct().sorted()
                .collect(Collectors.joining(", "));
        return "none of the " + result.input().parsed() + " entries read is selected by " + result.selection().describe()
                + "; the input holds " + (services.isEmpty() ? "no Cloud Run service" : "services " + services)
                + " from " + scope.from() + " to " + scope.until()
                + (result.selection().from() != null || result.selection().until() != null
                ? " (--since counts back from now; use --from and --until for an older export)" : "");
    }

    private void render(TriageResult result) throws IOException {
        TriageResult shown = sinceFirstFailure ? result.sinceFirstFailure() : result;
        Report report = switch (rendering.format) {
            case json -> new JsonReport();
            case markdown -> new MarkdownReport(full);
            case html -> new HtmlReport();
            case text -> new TextReport(rendering.colour());
        };
        if (rendering.output != null) {
            try (Writer w = Files.newBufferedWriter(rendering.output, StandardCharsets.UTF_8)) {
                report.render(shown, w);
            }
            // the person who ran it still sees the verdict without opening the file
            spec.commandLine().getErr().println("faultline: " + TextReport.summaryLine(shown) + "; report in " + rendering.output);
            spec.commandLine().getErr().flush();
        } else if (rendering.format == OutputOptions.Format.text && rendering.wrapWidth() > 0) {
            StringWriter text = new StringWriter();
            report.render(shown, text);
            spec.commandLine().getOut().print(Wrap.text(text.toString(), rendering.wrapWidth()));
            spec.commandLine().getOut().flush();
        } else {
            report.render(shown, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
        }
    }
}
