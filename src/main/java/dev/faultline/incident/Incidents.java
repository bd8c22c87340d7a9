package dev.faultline.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The incident stage: which failing revisions are one incident, and whether a revision that
 * worked came between two of them. The judge asks it before judging (a failure fixed and back is
 * a recurrence even without a ticket); {@link #of(List)} then gathers the judged revisions into
 * {@link IncidentReport}s for the renderers.
 */
public final class Incidents {

    private Incidents() {
    }

    /**
     * Deploy order within a service or job: revision names carry the deploy sequence, a job's
     * executions do not (their suffix is random), so they go by when they first logged.
     */
    public static final Comparator<RevisionHits> DEPLOY_ORDER = (a, b) -> {
        RevisionKey x = a.key();
        RevisionKey y = b.key();
        if (x.job() && y.job() && Objects.equals(x.service(), y.service()) && x.isRevision() && y.isRevision()) {
            int c = Comparator.nullsLast(Comparator.<Instant>naturalOrder()).compare(a.firstSeen(), b.firstSeen());
            if (c != 0) {
                return c;
            }
        }
        return x.compareTo(y);
    };

    /**
     * Whether a revision counts as the failure fixed: healthy, and it served successful requests (not
     * merely silent); an execution, when its audit entry says every task succeeded.
     */
    public static boolean worked(RevisionHits r) {
        if (!r.key().isRevision() || r.health() != Health.HEALTHY) {
            return false;
        }
        return r.key().job() ? r.outcome() != null && r.outcome().succeededWhole() : r.requests().servedSuccessfully();
    }

    /**
     * For each failing revision of {@code members} (one incident, deploy order), the regression it
     * belongs to: the latest revision that worked between an earlier member and it, or the one an
     * earlier member already carries (the failure has been back since then). Revisions before any
     * regression are absent. Binary search over the service's working revisions: n log n.
     *
     * @param worked every revision of the incident's service that {@link #worked}, in deploy order
     */
    static Map<RevisionHits, Regression> regressions(List<RevisionHits> members, List<RevisionHits> worked) {
        Map<RevisionHits, Regression> out = new HashMap<>();
        Regression current = null;
        List<RevisionHits> ordered = members.stream().filter(r -> r.key().isRevision()).toList();
        for (int i = 1; i < ordered.size(); i++) {
            RevisionHits before = ordered.get(i - 1);
            RevisionHits after = ordered.get(i);
            RevisionHits between = latestBefore(worked, after);
            if (between != null && DEPLOY_ORDER.compare(between, before) > 0) {
                current = between.key().job()
                        ? new Regression(between.key().revision(), 0, between.lastSeen(), before.key().revision(),
                                after.key().revision(), between.outcome().describe())
                        : new Regression(between.key().revision(), between.requests().ok2xx(), between.lastServedOk(),
                                before.key().revision(), after.key().revision(), null);
            }
            if (current != null) {
                out.put(after, current);
            }
        }
        return out;
    }

    private static RevisionHits latestBefore(List<RevisionHits> worked, RevisionHits r) {
        int lo = 0;
        int hi = worked.size(); // first index not before r
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (DEPLOY_ORDER.compare(worked.get(mid), r) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : worked.get(lo - 1);
    }

    /** The incidents of judged revisions, newest first (by their last failure signal). */
    public static List<IncidentReport> of(List<RevisionReport> revisions) {
        Map<String, List<RevisionReport>> byId = new LinkedHashMap<>();
        for (RevisionReport r : revisions) {
            if (r.incident().verdict() != Verdict.HEALTHY && r.incident().incidentId() != null) {
                byId.computeIfAbsent(r.incident().incidentId(), k -> new ArrayList<>()).add(r);
            }
        }
        List<IncidentReport> out = new ArrayList<>();
        for (Map.Entry<String, List<RevisionReport>> e : byId.entrySet()) {
            List<RevisionReport> members = new ArrayList<>(e.getValue());
            members.sort(Comparator.comparing(RevisionReport::revision, DEPLOY_ORDER));
            RevisionReport newest = members.get(members.size() - 1);
            RevisionReport judgedAgainstIssue = null;
            Set<Regression> regressions = new LinkedHashSet<>();
            Map<Trends.Key, Trend> trends = new LinkedHashMap<>();
            Instant first = null;
            Instant last = null;
            long hits = 0;
            for (RevisionReport m : members) {
                Incident i = m.incident();
                if (i.knownIssue() != null) {
                    judgedAgainstIssue = m;
                }
                if (i.regression() != null) {
                    regressions.add(i.regression());
                }
                i.trends().forEach(t -> trends.put(new Trends.Key(t.signature(), t.field()), t));
                RevisionHits h = m.revision();
                Instant from = h.firstFailure() != null ? h.firstFailure() : h.firstSeen();
                Instant until = h.failureHits().stream().map(SignatureHits::lastSeen).filter(Objects::nonNull)
                        .max(Comparator.naturalOrder()).orElse(h.lastSeen());
                first = from == null || (first != null && !from.isBefore(first)) ? first : from;
                last = until == null || (last != null && !until.isAfter(last)) ? last : until;
                hits += h.failureHits().stream().mapToLong(SignatureHits::count).sum();
            }
            Incident issueSide = judgedAgainstIssue == null ? null : judgedAgainstIssue.incident();
            out.add(new IncidentReport(e.getKey(), newest.incident().identity(), members, strongest(members),
                    issueSide == null ? null : issueSide.knownIssue(), issueSide == null ? null : issueSide.knownIssueTitle(),
                    issueSide == null ? List.of() : issueSide.missing(), first, last, List.copyOf(regressions),
                    List.copyOf(trends.values()), hits));
        }
        out.sort(Comparator.comparing(IncidentReport::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(IncidentReport::id));
        return out;
    }

    /** Recurrence outranks new, which outranks ongoing: an incident says the most alarming thing that is true of it. */
    static Verdict strongest(List<RevisionReport> members) {
        Set<Verdict> verdicts = new LinkedHashSet<>();
        members.forEach(r -> verdicts.add(r.incident().verdict()));
        return verdicts.contains(Verdict.RECURRENCE) ? Verdict.RECURRENCE
                : verdicts.contains(Verdict.NEW) ? Verdict.NEW : Verdict.ONGOING;
    }
}
