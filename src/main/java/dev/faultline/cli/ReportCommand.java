package dev.faultline.cli;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.entry.EntrySelection;
import dev.faultline.history.Digest;
import dev.faultline.history.ReportJob;
import dev.faultline.history.StateException;
import dev.faultline.history.StateStore;
import dev.faultline.report.DigestHtml;
import dev.faultline.report.DigestJson;
import dev.faultline.report.DigestMarkdown;
import dev.faultline.report.DigestRenderer;
import dev.faultline.report.DigestText;
import dev.faultline.source.ExportSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code faultline report --state FILE (FILE... | --project P)}: the scheduled digest of what is new
 * since the last run, from exports or read live (through {@link LiveRun}, so file runs load no cloud class).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"The scheduled job: triage the logs of the window since the last complete run, compare with what "
                + "the state file remembers, and write a digest of new incidents, recurrences, ongoing issues and recoveries.",
                "Exit code 4 when the digest has a new incident or a recurrence, 3 when everything failing is ongoing."},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline report --state /var/lib/faultline/state.db /exports/           # a directory that a sink or pull fills",
                "  faultline report --state state.db --project acme-prod --format markdown -o digest.md",
                "  faultline report --state state.db logs.json --until 2025-09-16T00:00:00Z --since 7d   # a backfill or replay",
                "  0 */4 * * *  faultline report --state /var/lib/faultline/state.db --project acme-prod -q || mail-the-digest   (cron)"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR|-",
            description = "Exported log files, directories, or - for stdin; or none with --project.")
    List<String> inputs = new ArrayList<>();

    /** --project and the rest of the live selection; the time range is each run's window. */
    @Mixin
    LiveSelection live;

    @Mixin
    StateOptions state;

    @Option(names = "--since", paramLabel = "DURATION", converter = TimeConverters.Span.class,
            description = "Cover [until - DURATION, until) instead of continuing from the last complete run (backfills). "
                    + "A first run without it covers everything in the given files before --until, or the last 24h read live.")
    Duration since;

    @Option(names = {"--until", "--now"}, paramLabel = "TIME", converter = TimeConverters.Time.class,
            description = "End of the window (RFC 3339; default: now). For replays and backfills.")
    Instant until;

    @Option(names = "--quiet-period", paramLabel = "DURATION", defaultValue = "7d", converter = TimeConverters.Span.class,
            description = "A remembered incident back after this long without hits is a recurrence (default: ${DEFAULT-VALUE}).")
    Duration quietPeriod;

    @Mixin
    OutputOptions rendering;

    @Option(names = {"-q", "--quiet"}, description = "Do not print input problems on stderr (they are still counted).")
    boolean quiet;

    @Mixin
    CatalogOptions catalogOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, CatalogException, StateException {
        live.check(spec.commandLine(), !inputs.isEmpty());
        rendering.check(spec.commandLine());
        Catalog catalog = catalogOptions.load();
        Problems problems = new Problems(spec.commandLine().getErr(), quiet);
        Clock clock = Clock.systemUTC();
        ReportJob.Options options = new ReportJob.Options(since, until == null ? clock.instant() : until, quietPeriod,
                rendering.evidence, new EntrySelection(live.service, live.revision, null, null), !live.live());
        // The output is opened before the run commits: a digest that cannot be written must not
        // leave its items remembered as reported.
        try (Writer out = rendering.output == null ? null : Files.newBufferedWriter(rendering.output, StandardCharsets.UTF_8)) {
            Digest digest;
            try (StateStore store = state.open(true)) {
                ReportJob job = new ReportJob(store, catalog, clock);
                digest = live.bigQuery()
                        ? BigQueryRun.report(job, live, catalog, options, problems, spec.commandLine(), quiet)
                        : live.live()
                        ? LiveRun.report(job, live, catalog, options, problems, spec.commandLine(), quiet)
                        : job.run(window -> new ExportSource(inputs), inputs,
                                options, problems);
            } finally {
                problems.finish();
            }
            if (digest.partial()) {
                spec.commandLine().getErr().println("faultline: input incomplete: run #" + digest.run().id()
                        + " recorded as partial; its window is covered again next run");
            }
            DigestRenderer renderer = switch (rendering.format) {
                case text -> new DigestText(rendering.colour());
                case json -> new DigestJson();
                case markdown -> new DigestMarkdown();
                case html -> new DigestHtml();
            };
            renderer.render(digest, out == null ? spec.commandLine().getOut() : out);
            spec.commandLine().getOut().flush();
            return digest.exitCode();
        }
    }
}
