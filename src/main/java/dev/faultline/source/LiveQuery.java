package dev.faultline.source;

import dev.faultline.catalog.CandidateFilter;
import dev.faultline.entry.LogEntry;

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
 * @param candidates    the catalog's candidate filter ({@link CandidateFilter#of}); "" sends every entry
 * @param requestSample share of request entries below status 400 asked for with the candidates (1: every one);
 *                      4xx and 5xx always come whole
 */
public record LiveQuery(String project, String service, String revision, Instant from, Instant until,
                        String extra, String candidates, double requestSample) {

    /** Logging's documented limit on the length of a filter. */
    public static final int MAX_FILTER_CHARS = 20_000;

    /**
     * Share of 2xx/3xx request entries a prefiltered triage reads: a busy service logs millions a day
     * against a quota of 60 pages of 1000 a minute. What the sample cannot say (a quiet revision's
     * last 2xx, whether it served at all) the follow-up reads of {@link #servedOkFilter} do.
     */
    public static final double REQUEST_SAMPLE = 0.05;

    public LiveQuery {
        candidates = candidates == null ? "" : candidates;
        if (!(requestSample > 0 && requestSample <= 1)) {
            throw new IllegalArgumentException("request sample " + requestSample + " is not in (0, 1]");
        }
    }

    /** Every request entry (a pull, a tail): counts exact. */
    public LiveQuery(String project, String service, String revision, Instant from, Instant until,
                     String extra, String candidates) {
        this(project, service, revision, from, until, extra, candidates, 1);
    }

    /** The same query reading {@code fraction} of the request entries below 400 (only with a prefilter). */
    public LiveQuery sampleRequests(double fraction) {
        return new LiveQuery(project, service, revision, from, until, extra, candidates, fraction);
    }

    /** True when the request entries below 400 are a sample: the source must then probe what it cannot count. */
    public boolean samplesRequests() {
        return !candidates.isEmpty() && requestSample < 1;
    }

    /** {@code projects/P}, the resource name ListLogEntries and TailLogEntries read from. */
    public String resourceName() {
        return "projects/" + project;
    }

    /** The same query starting at {@code newFrom} (inclusive): how a pull resumes. */
    public LiveQuery from(Instant newFrom) {
        return new LiveQuery(project, service, revision, newFrom, until, extra, candidates, requestSample);
    }

    /** The filter as sent, one restriction a line (Logging ANDs them). */
    public String filter() {
        return String.join("\nAND ", restrictions(true));
    }

    /** The filter for TailLogEntries: the same selection without time bounds (a tail starts now). */
    public String tailFilter() {
        return String.join("\nAND ", restrictions(false));
    }

    /**
     * The follow-up read of {@code revisions}' 2xx request entries (read newest first): the same
     * selection and time range, request log only. One request answers for several revisions.
     */
    public String servedOkFilter(List<String> revisions) {
        List<String> parts = selection(true);
        parts.add("log_id(\"" + LogEntry.REQUESTS + "\")");
        parts.add("httpRequest.status>=200");
        parts.add("httpRequest.status<300");
        parts.add("resource.labels.revision_name=(" + String.join(" OR ", revisions.stream().map(CandidateFilter::quote).toList()) + ")");
        return String.join("\nAND ", parts);
    }

    /**
     * The context read of stdout/stderr lines around matched ones: the same selection and time range,
     * without the prefilter, and any of {@code streams} (each from {@link #contextStream}).
     */
    public String contextFilter(List<String> streams) {
        List<String> parts = selection(true);
        parts.add("(" + String.join("\n  OR ", streams) + ")");
        return String.join("\nAND ", parts);
    }

    /** One instance's log {@code logId} within the {@code [from, to]} ranges (pairs, in order). */
    public static String contextStream(String instanceId, String logId, List<Instant[]> ranges) {
        List<String> times = new ArrayList<>();
        for (Instant[] r : ranges) {
            times.add("(timestamp>=\"" + r[0] + "\" AND timestamp<=\"" + r[1] + "\")");
        }
        return "(labels.instanceId=" + CandidateFilter.quote(instanceId) + " AND log_id(" + CandidateFilter.quote(logId) + ") AND "
                + (times.size() == 1 ? times.get(0) : "(" + String.join(" OR ", times) + ")") + ")";
    }

    private List<String> restrictions(boolean timeBounds) {
        List<String> parts = selection(timeBounds);
        if (!candidates.isEmpty()) {
            // Matching needs the candidates; the verdict also needs the platform's own account of
            // each revision (exits, probes, Ready conditions, its spec) and how it served traffic:
            // every 4xx/5xx request entry, and a sample of the rest (REQUEST_SAMPLE) when asked.
            String requests = "log_id(\"" + LogEntry.REQUESTS + "\")";
            if (requestSample < 1) {
                requests = "(" + requests + " AND (httpRequest.status>=400 OR sample(insertId, " + requestSample + ")))";
            }
            parts.add("(" + candidates
                    + "\n  OR log_id(\"run.googleapis.com/varlog/system\")"
                    + "\n  OR log_id(\"cloudaudit.googleapis.com/system_event\")"
                    + "\n  OR log_id(\"cloudaudit.googleapis.com/activity\")"
                    + "\n  OR " + requests + ")");
        }
        return parts;
    }

    /** Resource, service, revision, time range and the user's filter: what every read of this query shares. */
    private List<String> selection(boolean timeBounds) {
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
        return parts;
    }

    /** How the live source names itself in reports and problems. */
    public String sourceName() {
        return "cloud-logging:" + resourceName();
    }
}
