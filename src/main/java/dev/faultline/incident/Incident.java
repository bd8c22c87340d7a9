package dev.faultline.incident;

import java.util.List;

/**
 * The judgement on one revision, with the reasons a person can check.
 *
 * @param knownIssue    the ticket the fingerprint belongs to (the canonical one when a duplicate matched), or null
 * @param alsoTrackedAs other tickets with the same fingerprint that point to it (e.g. #1278 for #1263)
 * @param fingerprint   failure signature ids, causes first then symptoms, each by first seen
 * @param causeFound    false when only symptoms matched: the cause is not in the catalog
 * @param trends        extracted values of this revision's signatures that moved across the revisions of its incident
 * @param lastWorkingRevision  the most recent earlier revision of the same service that was healthy, or null
 * @param firstFailingRevision the first failing revision after the last working one (possibly this one), or null
 * @param configChanges settings that differ between the last working revision and this one, related ones first
 * @param configDiffAvailable false when the logs lack the audit entries with either revision's spec
 * @param identity      what makes this failure the same as another revision's, or null when healthy
 * @param missing       a near miss of {@code knownIssue}: the signatures of its fingerprint not in these logs (else empty)
 * @param regression    the failure was fixed by an earlier revision and is back (null when not)
 */
public record Incident(Verdict verdict, String knownIssue, String knownIssueTitle, List<String> alsoTrackedAs,
                       List<String> fingerprint, boolean causeFound, List<String> reasons, List<Trend> trends,
                       String lastWorkingRevision, String firstFailingRevision, List<ConfigChange> configChanges,
                       boolean configDiffAvailable, FailureIdentity identity, List<String> missing, Regression regression) {

    public Incident {
        alsoTrackedAs = List.copyOf(alsoTrackedAs);
        fingerprint = List.copyOf(fingerprint);
        reasons = List.copyOf(reasons);
        trends = List.copyOf(trends);
        configChanges = List.copyOf(configChanges);
        missing = List.copyOf(missing);
    }

    /** The same judgement with other reasons. */
    public Incident withReasons(List<String> newReasons) {
        return new Incident(verdict, knownIssue, knownIssueTitle, alsoTrackedAs, fingerprint, causeFound, newReasons, trends,
                lastWorkingRevision, firstFailingRevision, configChanges, configDiffAvailable, identity, missing, regression);
    }

    public static final Incident HEALTHY = new Incident(Verdict.HEALTHY, null, null, List.of(), List.of(), false,
            List.of(), List.of(), null, null, List.of(), false, null, List.of(), null);

    /** The id of the incident this revision belongs to ({@link FailureIdentity#id()}), or null when healthy. */
    public String incidentId() {
        return identity == null ? null : identity.id();
    }

    /** Judged against a known issue of which some signatures are not in these logs. */
    public boolean nearMiss() {
        return knownIssue != null && !missing.isEmpty();
    }
}
