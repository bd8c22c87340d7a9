package dev.faultline.history;

import dev.faultline.incident.Verdict;

import java.time.Instant;
import java.util.List;

/**
 * An incident the report job has seen: one failure fingerprint on one service, over every
 * revision and run that showed it.
 *
 * @param fingerprint  the id a person types ({@code faultline history show ID}), see {@link Fingerprints}
 * @param signatures   the signature ids the fingerprint is made of
 * @param runsSeen     complete runs that saw it
 * @param lastSection  how the digest last reported it (new, recurrence, ongoing)
 * @param recoveredBy  the healthy revision that followed it, once one did; null while failing
 * @param catalogVersion the catalog version it was last judged with; null when unknown
 */
public record IncidentRecord(String fingerprint, String service, List<String> signatures, String knownIssue,
                             Verdict verdict, Instant firstSeen, Instant lastSeen, long hits, long runsSeen, List<String> revisions,
                             long firstRun, long lastRun, Digest.Section lastSection, String recoveredBy, String catalogVersion) {

    public IncidentRecord {
        signatures = List.copyOf(signatures);
        revisions = List.copyOf(revisions);
    }

    public IncidentRecord(String fingerprint, String service, List<String> signatures, String knownIssue,
                          Verdict verdict, Instant firstSeen, Instant lastSeen, long hits, long runsSeen, List<String> revisions,
                          long firstRun, long lastRun, Digest.Section lastSection, String recoveredBy) {
        this(fingerprint, service, signatures, knownIssue, verdict, firstSeen, lastSeen, hits, runsSeen, revisions,
                firstRun, lastRun, lastSection, recoveredBy, null);
    }
}
