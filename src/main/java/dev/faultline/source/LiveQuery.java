package dev.faultline.source;

import dev.faultline.catalog.CandidateFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a live read asks Cloud Logging for: Cloud Run revision entries of one project, narrowed
 * to a service, a revision and a time range, and (unless {@code candidates} is empty) only the
 * entries a signature could match OR that revision health needs. Holds no cloud client class,
 * so {@code --show-query} and file triage never load one.
 *
 * @param from       inclusive lower bound, or null
 * @param until      exclusive upper bound, or null (up to now)
 * @param extra      a user filter ANDed to the rest, or null
 * @param candidates the catalog's candidate filter ({@link CandidateFilter#of}); "" sends every entry
 */
public record LiveQuery(String project, String service, String revision, Instant from, Instant until,
                        String extra, String candidates) {

    /** Logging's documented limit on the length of a filter. */
    public static final int MAX_FILTER_CHARS = 20_000;

    public LiveQuery {
        candidates = candidates == null ? "" : candidates;
    }

    /** {@code projects/P}, the resource name ListLogEntries and TailLogEntries read from. */
    public String resourceName() {
        return "projects/" + project;
    }

    /** The same query starting at {@code newFrom} (inclusive): how a pull resumes. */
    public LiveQuery from(Instant newFrom) {
        return new LiveQuery(project, service, revision, newFrom, until, extra, candidates);
    }

    /** The filter as sent, one restriction a line (Logging ANDs them). */
    public String filter() {
        return String.join("\nAND ", restrictions(true));
    }

    /** The filter for TailLogEntries: the same selection without time bounds (a tail starts now). */
    public String tailFilter() {
        return String.join("\nAND ", restrictions(false));
    }

    private List<String> restrictions(boolean timeBounds) {
        List<String> parts = new ArrayList<>();
        parts.add("resource.type=\"cloud_run_revision\"");
        if (service != null) {
            parts.add("resource.labels.service_name=" + CandidateFilter.quote(service));
        }
        if (revision != null) {
            parts.add("resource.labels.revision_name=" + CandidateFilter.quote(revision));
        }
        if (timeBounds && from != null) {
            parts.add("timestamp>=\"" + from + "\"");
        }
        if (timeBounds && until != null) {
            parts.add("timestamp<\"" + until + "\"");
        }
        if (extra != null && !extra.isBlank()) {
            parts.add("(" + extra.strip() + ")");
        }
        if (!candidates.isEmpty()) {
            // Matching needs the candidates; the verdict also needs the platform's own account of
            // each revision (exits, probes, Ready conditions, its spec) and how it served traffic.
            // Every request entry, not 5xx plus a sample of the rest: a 5 % sample lost all 2xx of
            // low-traffic revisions (no recovery, no "still served after the failure" reason) and
            // would inflate the 5xx share that marks a revision degraded (PrefilterVerdictTest).
            parts.add("(" + candidates
                    + "\n  OR log_id(\"run.googleapis.com/varlog/system\")"
                    + "\n  OR log_id(\"cloudaudit.googleapis.com/system_event\")"
                    + "\n  OR log_id(\"cloudaudit.googleapis.com/activity\")"
                    + "\n  OR log_id(\"run.googleapis.com/requests\"))");
        }
        return parts;
    }

    /** How the live source names itself in reports and problems. */
    public String sourceName() {
        return "cloud-logging:" + resourceName();
    }
}
