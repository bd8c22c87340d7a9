package dev.faultline.incident;

import java.util.List;

/**
 * The judgement on one revision, with the reasons a person can check.
 *
 * @param knownIssue    the ticket the fingerprint belongs to (the canonical one when a duplicate matched), or null
 * @param alsoTrackedAs other tickets with the same fingerprint that point to it (e.g. #1278 for #1263)
 * @param fingerprint   failure signature ids, causes first then symptoms, each by first seen
 * @param causeFound    false when only symptoms matched: the cause is not in the catalog
 * @param lastWorkingRevision  the most recent earlier revision of the same service that was healthy, or null
 * @param firstFailingRevision the first failing revision after the last working one (possibly this one), or null
 * @param configChanges settings that differ between the last working revision and this one, related ones first
 * @param configDiffAvailable false when the logs lack the audit entries with either revision's spec
 */
public record Incident(Verdict verdict, String knownIssue, String knownIssueTitle, List<String> alsoTrackedAs,
                       List<String> fingerprint, boolean causeFound, List<String> reasons, List<Trend> trends,
                       String lastWorkingRevision, String firstFailingRevision, List<ConfigChange> configChanges,
                       boolean configDiffAvailable) {

    public Incident {
        alsoTrackedAs = List.copyOf(alsoTrackedAs);
        fingerprint = List.copyOf(fingerprint);
        reasons = List.copyOf(reasons);
        trends = List.copyOf(trends);
        configChanges = List.copyOf(configChanges);
    }

    /** The same judgement with other reasons. */
    public Incident withReasons(List<String> newReasons) {
        return new Incident(verdict, knownIssue, knownIssueTitle, alsoTrackedAs, fingerprint, causeFound, newReasons, trends,
                lastWorkingRevision, firstFailingRevision, configChanges, configDiffAvailable);
    }

    public static final Incident HEALTHY = new Incident(Verdict.HEALTHY, null, null, List.of(), List.of(), false,
            List.of(), List.of(), null, null, List.of(), false);
}
