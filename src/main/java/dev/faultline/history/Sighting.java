package dev.faultline.history;

import dev.faultline.incident.Verdict;

import java.time.Instant;
import java.util.List;

/**
 * What one run saw of an incident on one revision, kept so that {@code faultline history show}
 * can give the evidence without the original logs. Reasons are stored redacted.
 */
public record Sighting(long runId, String fingerprint, String revision, Instant firstSeen, Instant lastSeen,
                       long hits, Verdict verdict, String knownIssue, List<String> reasons) {

    public Sighting {
        reasons = List.copyOf(reasons);
    }
}
