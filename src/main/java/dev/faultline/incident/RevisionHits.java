package dev.faultline.incident;

import dev.faultline.entry.ExecutionOutcome;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.mine.MinedRevision;

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
 * @param outcome      for a job execution, how its audit entry says it ended, or null
 * @param tasks        for a job execution, its tasks by index with their attempts' exit codes (empty for a revision)
 * @param mined        its unclassified error templates and, when no cause signature explains its failure,
 *                     the probable causes ranked from them ({@link MinedRevision#NONE} before mining)
 */
public record RevisionHits(RevisionKey key, String project, String location, long entries, long ownEntries,
                           Instant firstSeen, Instant lastSeen, Set<String> instances,
                           RequestStats requests, List<SignatureHits> hits,
                           Instant created, RevisionConfig config, Instant lastServedOk,
                           ExecutionOutcome outcome, List<TaskRun> tasks, MinedRevision mined) {

    /** A revision that serves mostly fine but answers more than this share of requests with 5xx is degraded. */
    public static final double DEGRADED_5XX_SHARE = 0.05;
    /** Fewer requests than this say too little about an error rate. */
    public static final long MIN_REQUESTS_FOR_RATE = 20;
    /**
     * A revision that would be healthy is degraded when one unclassified error template occurs more
     * often than this share of its requests (at least {@link #MIN_REQUESTS_FOR_RATE} of them): a
     * database error on every request while /health answers 200 is not a healthy revision.
     */
    public static final double DEGRADED_UNCLASSIFIED_SHARE = 0.05;

    public RevisionHits {
        instances = Set.copyOf(instances);
        hits = List.copyOf(hits);
        tasks = List.copyOf(tasks);
        mined = mined == null ? MinedRevision.NONE : mined;
    }

    /** A job execution before mining: nothing unclassified. */
    public RevisionHits(RevisionKey key, String project, String location, long entries, long ownEntries,
                        Instant firstSeen, Instant lastSeen, Set<String> instances,
                        RequestStats requests, List<SignatureHits> hits,
                        Instant created, RevisionConfig config, Instant lastServedOk,
                        ExecutionOutcome outcome, List<TaskRun> tasks) {
        this(key, project, location, entries, ownEntries, firstSeen, lastSeen, instances, requests, hits, created, config,
                lastServedOk, outcome, tasks, MinedRevision.NONE);
    }

    /** The same revision with what the miner found on it. */
    public RevisionHits withMined(MinedRevision found) {
        return new RevisionHits(key, project, location, entries, ownEntries, firstSeen, lastSeen, instances, requests, hits,
                created, config, lastServedOk, outcome, tasks, found);
    }

    /** True when an unclassified error template alone makes this revision degraded ({@link #DEGRADED_UNCLASSIFIED_SHARE}). */
    public boolean degradedByUnclassified() {
        return requests.total() >= MIN_REQUESTS_FOR_RATE && mined.topCount() > DEGRADED_UNCLASSIFIED_SHARE * requests.total();
    }

    /** A service's revision: no execution outcome, no tasks. */
    public RevisionHits(RevisionKey key, String project, String location, long entries, long ownEntries,
                        Instant firstSeen, Instant lastSeen, Set<String> instances, RequestStats requests, List<SignatureHits> hits,
                        Instant created, RevisionConfig config, Instant lastServedOk) {
        this(key, project, location, entries, ownEntries, firstSeen, lastSeen, instances, requests, hits, created, config,
                lastServedOk, null, List.of());
    }

    /** A job execution whose audit entry says it failed (some task failed after its retries). */
    public boolean executionFailed() {
        return outcome != null && outcome.failed() > 0;
    }

    /** The job's maxRetries as the execution's spec states it, or null. */
    public Integer maxRetries() {
        String v = config == null ? null : config.settings().get("maxRetries");
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The same revision with other hits, configuration and execution outcome (the redacted ones). */
    public RevisionHits withHitsAndConfig(List<SignatureHits> hits, RevisionConfig config, ExecutionOutcome outcome) {
        return new RevisionHits(key, project, location, entries, ownEntries, firstSeen, lastSeen, instances, requests, hits,
                created, config, lastServedOk, outcome, tasks, mined);
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
        if (key.job()) {
            // an execution serves no requests: it fails by its signatures or its audit entry, and succeeds by running clean
            if (failing() || executionFailed()) {
                return Health.FAILING;
            }
            return ownEntries == 0 && outcome == null ? Health.UNKNOWN : Health.HEALTHY;
        }
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
        return degradedByUnclassified() ? Health.DEGRADED : Health.HEALTHY;
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
        if (key.job()) {
            out.add(outcome == null ? "no audit entry says how the execution ended"
                    : (outcome.completed() ? "execution completed: " : "execution did not complete: ") + outcome.describe());
            tasks.forEach(t -> out.add(t.describe(maxRetries())));
        } else if (requests.total() == 0) {
            out.add(ownEntries == 0 ? "no container or request logs, only deploy-time entries" : "no requests logged");
        } else {
            out.add(requests.shownTotal() + " requests: " + requests.shown2xx() + " 2xx, " + requests.client4xx() + " 4xx, "
                    + requests.server5xx() + " 5xx" + (lastServedOk == null ? "" : "; last 2xx at " + lastServedOk)
                    + (requests.sampled() ? "; " + sampleNote(requests) : ""));
        }
        if (degradedByUnclassified()) {
            var top = mined.unclassified().get(0);
            out.add("unclassified error template " + top.template().id() + " logged " + top.count() + " times against "
                    + requests.shownTotal() + " requests (more than " + Math.round(DEGRADED_UNCLASSIFIED_SHARE * 100) + "%)");
        }
        return out;
    }
}
