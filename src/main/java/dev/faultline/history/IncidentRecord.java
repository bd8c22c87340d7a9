package dev.faultline.history;

import dev.faultline.incident.Verdict;

import java.time.Instant;
import java.util.List;

/**
 * An incident the report job has seen: one failure identity on one service (the triage's incident,
 * {@link dev.faultline.incident.FailureIdentity}), over every revision and run that showed it.
 *
 * @param fingerprint    the id a person types ({@code faultline history show ID}), the incident's {@link dev.faultline.incident.FailureIdentity#id()}
 * @param signatures     what the id is made of: signature ids, or a {@code template:ID}
 * @param basis          what kind of parts those are (causes, symptoms, template, requests), or null for
 *                       incidents remembered before the state stored it
 * @param runsSeen       complete runs that saw it
 * @param lastSection    how the digest last reported it (new, recurrence, ongoing)
 * @param recoveredBy    the healthy revision that followed it, once one did; null while failing
 * @param catalogVersion the catalog version it was last judged with; null when unknown
 * @param healthyBetween revisions that served successfully between two of its failing revisions: it was fixed and came back
 */
public record IncidentRecord(String fingerprint, String service, List<String> signatures, String basis, String knownIssue,
                             Verdict verdict, Instant firstSeen, Instant lastSeen, long hits, long runsSeen, List<String> revisions,
                             long firstRun, long lastRun, Digest.Section lastSection, String recoveredBy, String catalogVersion,
                             List<String> healthyBetween) {

    public IncidentRecord {
        signatures = List.copyOf(signatures);
        revisions = List.copyOf(revisions);
        healthyBetween = List.copyOf(healthyBetween);
    }

    /** The same incident, recovered by {@code revision}. */
    IncidentRecord recoveredBy(String revision) {
        return new IncidentRecord(fingerprint, service, signatures, basis, knownIssue, verdict, firstSeen, lastSeen, hits, runsSeen,
                revisions, firstRun, lastRun, lastSection, revision, catalogVersion, healthyBetween);
    }
}
