package dev.faultline;

import dev.faultline.catalog.Catalog;
import dev.faultline.entry.EntrySelection;
import dev.faultline.incident.RevisionReport;
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
 */
public record TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                           InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions,
                           InputScope scope, Instant shownFrom, int revisionsOmitted, EntrySelection selection,
                           List<Catalog.Layer> catalogLayers, Mined mined) {

    public TriageResult {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        revisions = List.copyOf(revisions);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(selection, "selection");
        catalogLayers = List.copyOf(catalogLayers);
        mined = mined == null ? Mined.EMPTY : mined;
    }

    public TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                        InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions,
                        InputScope scope, Instant shownFrom, int revisionsOmitted, EntrySelection selection,
                        List<Catalog.Layer> catalogLayers) {
        this(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, shownFrom, revisionsOmitted, selection,
                catalogLayers, Mined.EMPTY);
    }

    public TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                        InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions,
                        InputScope scope, Instant shownFrom, int revisionsOmitted, EntrySelection selection) {
        this(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, shownFrom, revisionsOmitted, selection,
                List.of());
    }

    public TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                        InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions, InputScope scope) {
        this(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, null, 0, EntrySelection.ALL);
    }

    /** The same result, saying which entries were selected. */
    public TriageResult selectedBy(EntrySelection selection) {
        return new TriageResult(faultlineVersion, catalogVersion, sources, input, problems, revisions, scope, shownFrom,
                revisionsOmitted, selection, catalogLayers, mined);
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
                first.get(), revisionsOmitted + revisions.size() - kept.size(), selection, catalogLayers, mined);
    }

    /** True when some source ended early: the verdicts may miss what was not read. */
    public boolean partial() {
        return sources.stream().anyMatch(s -> !s.complete());
    }

    public List<RevisionReport> failing() {
        return revisions.stream().filter(r -> r.incident().verdict() != Verdict.HEALTHY).toList();
    }

    /**
     * The exit code scripts branch on (DESIGN.md): 0 no failing revision; 3 failures, all of them
     * ongoing known issues; 4 at least one new incident or recurrence.
     */
    public int exitCode() {
        List<RevisionReport> failing = failing();
        if (failing.isEmpty()) {
            return 0;
        }
        return failing.stream().allMatch(r -> r.incident().verdict() == Verdict.ONGOING) ? 3 : 4;
    }
}
