package dev.faultline;

import dev.faultline.catalog.Catalog;
import dev.faultline.entry.EntrySelection;
import dev.faultline.incident.IncidentReport;
import dev.faultline.incident.Incidents;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.Summarised;
import dev.faultline.incident.Verdict;
import dev.faultline.mine.Mined;
import dev.faultline.source.InputProblem;
import dev.faultline.source.SourceStats;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a triage run found: what was read, what went wrong with the input, and each
 * revision's hits and verdict. Renderers turn it into text, JSON, Markdown or HTML.
 *
 * @param problems         the first input problems (all of them are counted in {@code input.problems})
 * @param scope            what the input covered (projects, services, time span), for the reproduce query
 * @param shownFrom        null, or the time before which revisions were left out of the report ({@link #sinceFirstFailure})
 * @param revisionsOmitted how many revisions were left out because they ended before {@code shownFrom}
 * @param selection        which entries were judged ({@code input.excluded} counts the others); {@link EntrySelection#ALL} by default
 * @param catalogLayers    the bundled catalog and each team overlay or registry it was judged with, for the report to name
 * @param mined            the unclassified error templates of the whole input ({@link Mined#EMPTY} when not mined)
 * @param redaction        whether the values in this result were redacted, and how many were masked
 * @param summarised       revisions beyond those kept in full detail, only counted (usually none)
 */
public record TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                           InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions,
                           InputScope scope, Instant shownFrom, int revisionsOmitted, EntrySelection selection,
                           List<Catalog.Layer> catalogLayers, Redaction redaction, Summarised summarised, Mined mined) {

    /**
     * What redaction did to a result (see {@code report.Redactor}): every format prints these same
     * figures, because they describe the data, not a rendering of it.
     *
     * @param valuesRedacted secrets masked in the evidence events, extracted values, configuration, mined templates and problems the result holds
     */
    public record Redaction(boolean enabled, long valuesRedacted) {
        /** A result that was not redacted. */
        public static final Redaction OFF = new Redaction(false, 0);
    }

    public TriageResult {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        revisions = List.copyOf(revisions);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(selection, "selection");
        catalogLayers = List.copyOf(catalogLayers);
        Objects.requireNonNull(redaction, "redaction");
        Objects.requireNonNull(summarised, "summarised");
        mined = mined == null ? Mined.EMPTY : mined;
    }

    /** A result without mined templates. */
    public TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                        InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions,
                        InputScope scope, Instant shownFrom, int revisionsOmitted, EntrySelection selection,
                        List<Catalog.Layer> catalogLayers, Redaction redaction, Summarised summarised) {
        this(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, shownFrom, revisionsOmitted, selection,
                catalogLayers, redaction, summarised, Mined.EMPTY);
    }

    /** A result whose values were not redacted, with no catalog layers named. */
    public TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                        InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions,
                        InputScope scope, Instant shownFrom, int revisionsOmitted, EntrySelection selection) {
        this(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, shownFrom, revisionsOmitted, selection,
                List.of(), Redaction.OFF, Summarised.NONE);
    }

    /** A result whose values were not redacted. */
    public TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                        InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions, InputScope scope) {
        this(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, null, 0, EntrySelection.ALL);
    }

    /** The same result, saying which entries were selected. */
    public TriageResult selectedBy(EntrySelection selection) {
        return new TriageResult(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, shownFrom,
                revisionsOmitted, selection, catalogLayers, redaction, summarised, mined);
    }

    /** When the earliest failure hit of any revision was seen, if anything failed. */
    public Optional<Instant> firstFailure() {
        return failing().stream()
                .flatMap(r -> r.revision().failureHits().stream())
                .map(h -> h.firstSeen())
                .min(Comparator.naturalOrder());
    }

    /**
     * The same result without the revisions that ended before the first failure, to keep a ticket
     * attachment short. Verdicts stay as judged on the whole input (the known-issue reasons still
     * name the earlier revisions), and every failing revision stays.
     */
    public TriageResult sinceFirstFailure() {
        Optional<Instant> first = firstFailure();
        if (first.isEmpty()) {
            return this;
        }
        List<RevisionReport> kept = revisions.stream()
                .filter(r -> r.revision().lastSeen() == null || !r.revision().lastSeen().isBefore(first.get()))
                .toList();
        return new TriageResult(faultlineVersion, catalogVersion, sources, input, problems, kept, scope,
                first.get(), revisionsOmitted + revisions.size() - kept.size(), selection, catalogLayers, redaction, summarised, mined);
    }

    /**
     * True when some log export ended early or could not be read: the verdicts may miss what was
     * not read. A file that is no log export at all (a README among the exports) is skipped, not partial.
     */
    public boolean partial() {
        return sources.stream().anyMatch(SourceStats::incomplete);
    }

    /**
     * Why this result says nothing about failures, or empty when it does. Zero failing revisions
     * means "healthy" only when something was read: an empty file or stdin (the pipe's command
     * failed), a file of only {@code []}, entries that are all malformed, or entries of which none
     * names a Cloud Run revision (a GKE export, {@code {"a":1}}) must not read as "all clear".
     *
     * @param inputs how the caller names the input, for the message ("logs.json", "exports/")
     */
    public Optional<String> nothingToJudge(String inputs) {
        if (!sources.isEmpty() && sources.stream().noneMatch(SourceStats::isLogExport)) {
            return Optional.of("no log export in " + inputs
                    + " (expected gcloud logging read --format=json output or newline-delimited JSON)");
        }
        if (input.parsed() == 0) {
            if (input.read() > 0) {
                return Optional.of("no usable entry in " + inputs + ": all " + input.read() + " entries are malformed");
            }
            boolean unreadable = sources.stream().anyMatch(s -> s.isLogExport() && !s.complete() && s.read() == 0);
            boolean stdin = sources.stream().anyMatch(s -> s.source().equals("-"));
            return Optional.of("nothing read from " + inputs + ": " + (unreadable ? "the input could not be read"
                    : stdin ? "the input is empty (did the command before the pipe fail?)" : "the input is empty"));
        }
        if (input.selected() > 0 && revisions.isEmpty()) {
            return Optional.of("no Cloud Run revision in " + inputs + ": " + input.selected()
                    + " entries, none names a Cloud Run revision (resource types: "
                    + (scope.resourceTypes().isEmpty() ? "none" : String.join(", ", scope.resourceTypes())) + ")");
        }
        return Optional.empty();
    }

    /** The incidents: failing revisions of one service that fail the same way, newest first. */
    public List<IncidentReport> incidents() {
        return Incidents.of(revisions);
    }

    public List<RevisionReport> failing() {
        return revisions.stream().filter(r -> r.incident().verdict() != Verdict.HEALTHY).toList();
    }

    /**
     * The exit code scripts branch on (DESIGN.md): 0 no failing revision; 3 failures, all of them
     * ongoing known issues; 4 at least one new incident or recurrence. Failure hits among
     * revisions that were only counted ({@link #summarised}) could not be judged: they count as new.
     */
    public int exitCode() {
        if (!summarised.failureHits().isEmpty()) {
            return 4;
        }
        List<RevisionReport> failing = failing();
        if (failing.isEmpty()) {
            return 0;
        }
        return failing.stream().allMatch(r -> r.incident().verdict() == Verdict.ONGOING) ? 3 : 4;
    }
}
