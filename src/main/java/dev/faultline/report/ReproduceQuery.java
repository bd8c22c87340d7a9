package dev.faultline.report;

import dev.faultline.InputScope;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * The Cloud Logging query that selects what a report analysed: the same project, resource types,
 * services (and Cloud Run Jobs) and time span as the input. A reader of the ticket runs {@link #gcloud()} or opens
 * {@link #explorerUrl()} and sees the same entries (as long as they are within retention).
 *
 * @param clauses the filter's clauses; Cloud Logging ANDs them
 */
public record ReproduceQuery(String project, List<String> clauses, Instant from, Instant until) {

    private static final String EXPLORER = "https://console.cloud.google.com/logs/query";

    public ReproduceQuery {
        clauses = List.copyOf(clauses);
    }

    /** One query per project of the input (gcloud reads one project at a time); none when nothing was parsed. */
    public static List<ReproduceQuery> of(InputScope scope) {
        List<ReproduceQuery> queries = new ArrayList<>();
        if (scope.from() == null) {
            return queries;
        }
        java.util.SortedSet<String> projects = new java.util.TreeSet<>(scope.services().keySet());
        projects.addAll(scope.jobs().keySet());
        for (String project : projects) {
            SortedSet<String> services = scope.services().getOrDefault(project, new java.util.TreeSet<>());
            SortedSet<String> jobs = scope.jobs().getOrDefault(project, new java.util.TreeSet<>());
            List<String> clauses = new ArrayList<>();
            anyOf(clauses, "resource.type", scope.resourceTypes());
            if (jobs.isEmpty()) {
                anyOf(clauses, "resource.labels.service_name", services);
            } else {
                // a job's entries carry job_name, a service's service_name: either selects its own
                List<String> either = new ArrayList<>();
                services.forEach(s -> either.add("resource.labels.service_name=" + quote(s)));
                jobs.forEach(j -> either.add("resource.labels.job_name=" + quote(j)));
                clauses.add(either.size() == 1 ? either.get(0) : "(" + String.join(" OR ", either) + ")");
            }
            clauses.add("timestamp>=" + quote(scope.from().toString()));
            clauses.add("timestamp<=" + quote(scope.until().toString()));
            queries.add(new ReproduceQuery(project, clauses, scope.from(), scope.until()));
        }
        return queries;
    }

    /** The filter on one line, as gcloud and the API take it. */
    public String filter() {
        return String.join(" AND ", clauses);
    }

    /** {@code gcloud logging read '<filter>' --project=P --format=json}: the export faultline reads. */
    public String gcloud() {
        return "gcloud logging read " + shellQuote(filter()) + " --project=" + shellQuote(project) + " --format=json";
    }

    /** A Logs Explorer link with the project, the filter (one clause per line) and the time range. */
    public String explorerUrl() {
        return EXPLORER + ";query=" + encode(String.join("\n", clauses))
                + ";timeRange=" + encode(from + "/" + until)
                + "?project=" + encode(project);
    }

    private static void anyOf(List<String> clauses, String field, SortedSet<String> values) {
        if (values.isEmpty()) {
            return;
        }
        if (values.size() == 1) {
            clauses.add(field + "=" + quote(values.first()));
            return;
        }
        List<String> alternatives = values.stream().map(v -> field + "=" + quote(v)).toList();
        clauses.add("(" + String.join(" OR ", alternatives) + ")");
    }

    /** A Logging query string literal: double quotes, backslash escapes. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A POSIX shell word: single quotes, with embedded single quotes closed, escaped and reopened. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Percent-encoding of every reserved character (the console's matrix parameters split on ';', '=' and '/'). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
