package dev.faultline;

import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.Verdict;
import dev.faultline.source.InputProblem;
import dev.faultline.source.SourceStats;

import java.util.List;

/**
 * Everything a triage run found: what was read, what went wrong with the input, and each
 * revision's hits and verdict. Renderers turn it into text, JSON, Markdown or HTML.
 *
 * @param problems the first input problems (all of them are counted in {@code input.problems})
 */
public record TriageResult(String faultlineVersion, String catalogVersion, List<SourceStats> sources,
                           InputCounts input, List<InputProblem> problems, List<RevisionReport> revisions) {

    public TriageResult {
        sources = List.copyOf(sources);
        problems = List.copyOf(problems);
        revisions = List.copyOf(revisions);
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
