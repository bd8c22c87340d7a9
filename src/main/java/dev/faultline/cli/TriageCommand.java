package dev.faultline.cli;

import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.report.HtmlReport;
import dev.faultline.report.JsonReport;
import dev.faultline.report.MarkdownReport;
import dev.faultline.report.Report;
import dev.faultline.report.TextReport;
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
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code faultline triage FILE|DIR|- ...}: classify exported Cloud Run logs. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = {"Classify exported Cloud Run logs: which revisions fail, with which signatures, and whether each "
                + "failure is new, a recurrence of a resolved known issue, or ongoing.",
                "Reads gcloud logging read --format=json output (a JSON array) or newline-delimited JSON "
                        + "(Cloud Logging sinks), gzip-compressed or not, directories of them, or - for stdin; "
                        + "with --project, reads live from Cloud Logging instead."})
final class TriageCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR|-", description = "Exported log files, directories, or - for stdin.")
    List<String> inputs = new ArrayList<>();

    @Mixin
    OutputOptions rendering;

    @Option(names = "--since-first-failure",
            description = "Leave out revisions that ended before the first failure (verdicts still use the whole input), to keep a ticket attachment short.")
    boolean sinceFirstFailure;

    @Option(names = "--no-redact", description = "Show secrets found in log text (passwords, tokens, keys) instead of masking them.")
    boolean noRedact;

    @Option(names = {"-q", "--quiet"}, description = "Do not print input problems on stderr (they are still counted in the report).")
    boolean quiet;

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
        if (live.live() == !inputs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), live.live()
                    ? "give either files or --project, not both" : "give files to read, - for stdin, or --project P");
        }
        Catalog catalog = catalogOptions.load();
        PrintWriter err = spec.commandLine().getErr();
        Problems problems = new Problems(err, quiet);
        Triage triage = new Triage(catalog, rendering.evidence, !noRedact);
        if (follow) {
            if (!live.live()) {
                throw new ParameterException(spec.commandLine(), "--follow reads live: give --project P");
            }
            // Streamed lines go where they cannot corrupt the report: stdout only for a text report to a terminal or pipe.
            PrintWriter stream = rendering.format == OutputOptions.Format.text && rendering.output == null ? spec.commandLine().getOut() : err;
            return LiveRun.follow(live, catalog, triage, problems, spec.commandLine(), stream, this::render).exitCode();
        }
        TriageResult result = live.live()
                ? LiveRun.triage(live, catalog, triage, problems, spec.commandLine(), quiet)
                : triage.run(new ExportSource(inputs), problems);
        problems.finish();
        if (!live.live()) {
            // a report of nothing would read as "all healthy": say what is missing, exit 1
            var nothing = result.nothingToJudge(String.join(", ", inputs));
            if (nothing.isPresent()) {
                err.println("faultline: " + Visible.of(nothing.get()));
                return Errors.ERROR;
            }
        }
        render(result);
        return result.exitCode();
    }

    private void render(TriageResult result) throws IOException {
        TriageResult shown = sinceFirstFailure ? result.sinceFirstFailure() : result;
        Report report = switch (rendering.format) {
            case json -> new JsonReport();
            case markdown -> new MarkdownReport();
            case html -> new HtmlReport();
            case text -> new TextReport(rendering.output == null && Terminal.colour());
        };
        if (rendering.output != null) {
            try (Writer w = Files.newBufferedWriter(rendering.output, StandardCharsets.UTF_8)) {
                report.render(shown, w);
            }
        } else {
            report.render(shown, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
        }
    }
}
