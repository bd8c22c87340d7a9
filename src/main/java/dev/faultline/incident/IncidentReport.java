package dev.faultline.incident;

import java.time.Instant;
import java.util.List;

/**
 * One incident: the revisions of one service that fail with the same {@link FailureIdentity},
 * from the first to the last that showed it, whether it was fixed in between and came back, how
 * extracted values moved across them, and the verdict.
 *
 * @param revisions    its failing revisions in deploy order, each with its own verdict
 * @param verdict      the most alarming verdict among them (recurrence, then new, then ongoing)
 * @param knownIssue   the ticket, as the newest revision that has one was judged, or null
 * @param missing      for a near miss of that ticket, the signatures of its fingerprint not seen (else empty)
 * @param firstSeen    the first failure signal of any of its revisions
 * @param lastSeen     the last failure signal of any of its revisions
 * @param regressions  every time a revision that served successfully came between two of its revisions
 * @param trends       extracted values that moved across its revisions
 * @param hits         failure signature hits over all its revisions
 */
public record IncidentReport(String id, FailureIdentity identity, List<RevisionReport> revisions, Verdict verdict,
                             String knownIssue, String knownIssueTitle, List<String> missing, Instant firstSeen,
                             Instant lastSeen, List<Regression> regressions, List<Trend> trends, long hits) {

    public IncidentReport {
        revisions = List.copyOf(revisions);
        missing = List.copyOf(missing);
        regressions = List.copyOf(regressions);
        trends = List.copyOf(trends);
    }

    /** The service (or, for a Cloud Run Job, the job) it happens in. */
    public String service() {
        return revisions.get(0).key().service();
    }

    /** Whether it is a Cloud Run Job's: its "revisions" are executions. */
    public boolean job() {
        return revisions.get(0).key().job();
    }

    /** The newest of its revisions: its story is told in full, the others are listed. */
    public RevisionReport newest() {
        return revisions.get(revisions.size() - 1);
    }

    /** Whether a revision that served successfully came between two of its revisions: it was fixed and is back. */
    public boolean healthyBetween() {
        return !regressions.isEmpty();
    }
}
