package dev.faultline.incident;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything the logs say about one revision, before judging: its hits (causes first, then
 * symptoms, each by first seen) and how much it logged and served.
 */
public record RevisionHits(RevisionKey key, String project, String location, long entries,
                           Instant firstSeen, Instant lastSeen, Set<String> instances,
                           RequestStats requests, List<SignatureHits> hits) {

    public RevisionHits {
        instances = Set.copyOf(instances);
        hits = List.copyOf(hits);
    }

    /** Hits of signatures that mark a failure (error level or above). */
    public List<SignatureHits> failureHits() {
        return hits.stream().filter(h -> h.signature().marksFailure()).toList();
    }

    public boolean failing() {
        return !failureHits().isEmpty();
    }
}
