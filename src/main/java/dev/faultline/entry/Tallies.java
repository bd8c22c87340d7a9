package dev.faultline.entry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a source classified and summed up itself, where the logs are (the catalog compiled to one
 * SQL query for BigQuery): per revision the entries it did not hand over one by one, and per
 * revision and signature the hits among them. The group stage adds these to what it sums up from
 * the entries the source did hand over, so both kinds of input end in the same per-revision hits.
 *
 * @param revisions per (service, revision) the entries summed up; a tally whose revision is null or
 *                  empty counts entries that name no revision
 * @param hits      per (service, revision, signature) the hits among those entries
 * @param configs   audit entries that carry a revision's configuration (already counted in {@code revisions})
 */
public record Tallies(List<RevisionTally> revisions, List<HitTally> hits, List<LogEntry> configs) {

    public static final Tallies NONE = new Tallies(List.of(), List.of(), List.of());

    public Tallies {
        revisions = List.copyOf(revisions);
        hits = List.copyOf(hits);
        configs = List.copyOf(configs);
    }

    /** Entries counted in the tallies, every one a single-entry event. */
    public long entries() {
        return revisions.stream().mapToLong(RevisionTally::entries).sum();
    }

    /**
     * The entries of one revision that a source summed up.
     *
     * @param ownEntries   entries from the revision's containers and requests (not audit entries)
     * @param matched      entries with at least one hit
     * @param requests     request-log entries: every one, and by status class (2xx, 3xx, 4xx, 5xx)
     * @param lastServedOk the newest request answered with a 2xx, or null
     */
    public record RevisionTally(String service, String revision, String project, String location, long entries,
                                long ownEntries, long matched, Instant firstSeen, Instant lastSeen, Set<String> instances,
                                long requests, long ok2xx, long redirect3xx, long client4xx, long server5xx,
                                Instant lastServedOk) {
        public RevisionTally {
            instances = Set.copyOf(instances);
        }

        public boolean namesRevision() {
            return revision != null && !revision.isEmpty();
        }
    }

    /**
     * The hits of one signature on one revision.
     *
     * @param fields   per extracted field, each value with the first time it was seen
     * @param evidence the earliest matching entries (a few)
     */
    public record HitTally(String service, String revision, String signature, long count, Instant firstSeen, Instant lastSeen,
                           Set<String> instances, Map<String, Map<String, Instant>> fields, List<LogEntry> evidence) {
        public HitTally {
            instances = Set.copyOf(instances);
            Map<String, Map<String, Instant>> copy = new java.util.TreeMap<>();
            fields.forEach((name, values) -> copy.put(name, Map.copyOf(values)));
            fields = java.util.Collections.unmodifiableMap(copy);
            evidence = List.copyOf(evidence);
        }
    }
}
