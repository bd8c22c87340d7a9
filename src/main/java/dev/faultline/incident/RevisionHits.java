package dev.faultline.incident;

import dev.faultline.entry.RevisionConfig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the logs say about one revision, before judging: its hits (causes first, then
 * symptoms, each by first seen), how much it logged and served, and its deploy-time configuration.
 *
 * @param ownEntries   entries from the revision's containers and requests (not audit entries about it)
 * @param created      when the audit log shows the spec this revision was deployed from, or null
 * @param config       that spec's settings, or null when the logs hold no audit entry for it
 * @param lastServedOk the last request answered with a 2xx, or null
 */
public record RevisionHits(RevisionKey key, String project, String location, long entries, long ownEntries,
                           Instant firstSeen, Instant lastSeen, Set<String> instances,
                           RequestStats requests, List<SignatureHits> hits,
                           Instant created, RevisionConfig config, Instant lastServedOk) {

    /** A revision that serves mostly fine but answers more than this share of requests with 5xx is degraded. */
    public static final double DEGRADED_5XX_SHARE = 0.05;
    /** Fewer requests than this say too little about an error rate. */
    public static final long MIN_REQUESTS_FOR_RATE = 20;

    public RevisionHits {
        instances = Set.copyOf(instances);
        hits = List.copyOf(hits);
    }

    /** The same revision with other hits and configuration (the redacted ones). */
    public RevisionHits withHitsAndConfig(List<SignatureHits> hits, RevisionConfig config) {
        return new RevisionHits(key, project, location, entries, ownEntries, firstSeen, lastSeen, instances, requests, hits,
                created, config, lastServedOk);
    }

    /** Hits of signatures that mark a failure (error level or above). */
    public List<SignatureHits> failureHits() {
        return hits.stream().filter(h -> h.signature().marksFailure()).toList();
    }

    /** Has failure hits: such a revision gets a verdict (it may still be {@link Health#DEGRADED}). */
    public boolean failing() {
        return !failureHits().isEmpty();
    }

    /** When the first failure signature showed, or null. */
    public Instant firstFailure() {
        return failureHits().stream().map(SignatureHits::firstSeen).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    public Health health() {
        long ok = requests.ok2xx();
        long errors = requests.server5xx();
        boolean mostlyServing = ok > 0 && ok > errors;
        if (failing()) {
            return mostlyServing ? Health.DEGRADED : Health.FAILING;
        }
        if (ownEntries == 0 && requests.total() == 0) {
            return Health.UNKNOWN;
        }
        if (requests.total() >= MIN_REQUESTS_FOR_RATE && errors > DEGRADED_5XX_SHARE * requests.total()) {
            return mostlyServing ? Health.DEGRADED : Health.FAILING;
        }
        return Health.HEALTHY;
    }

    /** Says which counts of a sampled read are estimates, e.g. "below 400 sampled at 5%, 2xx counted". */
    public static String sampleNote(RequestStats requests) {
        double percent = requests.sampleFraction() * 100;
        return "below 400 sampled at " + (percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent))
                + "%" + (requests.exact2xx() ? ", 2xx counted" : "");
    }

    /** The facts behind {@link #health()}, one short line each. */
    public List<String> healthEvidence() {
        List<String> out = new ArrayList<>();
        if (failing()) {
            out.add(failureHits().size() + " failure signature" + (failureHits().size() == 1 ? "" : "s")
                    + " from " + firstFailure());
        }
        if (requests.total() == 0) {
            out.add(ownEntries == 0 ? "no container or request logs, only deploy-time entries" : "no requests logged");
        } else {
            out.add(requests.shownTotal() + " requests: " + requests.shown2xx() + " 2xx, " + requests.client4xx() + " 4xx, "
                    + requests.server5xx() + " 5xx" + (lastServedOk == null ? "" : "; last 2xx at " + lastServedOk)
                    + (requests.sampled() ? "; " + sampleNote(requests) : ""));
        }
        return out;
    }
}
