package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.catalog.Catalog;
import dev.faultline.incident.Health;
import dev.faultline.incident.IncidentReport;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.Verdict;
import dev.faultline.mine.ProbableCause;
import dev.faultline.mine.RevisionTemplate;
import org.apache.commons.text.StringSubstitutor;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Small wordings every format shares, so text, Markdown and HTML say the same thing. */
final class Facts {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Facts() {
    }

    /** {@code 00697-gp6}: a revision's name without its service, which is said once, elsewhere. */
    private static String shortName(RevisionReport r) {
        return Timeline.shortName(r.key().service(), r.key().revision());
    }

    /** The service a revision belongs to ("netra-backend-staging"), or "job orders-export" for a job's execution. */
    static String owner(dev.faultline.incident.RevisionKey key) {
        return key.job() ? "job " + key.service() : key.service();
    }

    /** {@code 2025-09-15 16:35:07Z}: second precision is what a reader compares. */
    static String time(Instant t) {
        return t == null ? "-" : SECONDS.format(t);
    }

    /** {@code phase=DATABASE timeoutSeconds=20.0} (all distinct values, oldest first, when a field changed). */
    static String fields(SignatureHits hits) {
        StringJoiner j = new StringJoiner(" ");
        hits.fieldValues().forEach((field, values) -> j.add(field + "=" + String.join(",", values)));
        return j.toString();
    }

    /** The signature's remediation with its extracted values filled in ("... above ${timeoutSeconds}s"). */
    static String remediation(SignatureHits hits) {
        String text = hits.signature().remediation();
        if (text == null || text.isBlank()) {
            return "";
        }
        Map<String, String> values = new HashMap<>();
        hits.fieldValues().keySet().forEach(field -> values.put(field, hits.latest(field)));
        return new StringSubstitutor(values).replace(text).strip();
    }

    /** "RECURRENCE of #1263", "RECURRENCE of #1263 (near miss)", "RECURRENCE (regressed)", "NEW", "ONGOING #1301", "HEALTHY". */
    static String verdictLine(RevisionReport r) {
        return verdictLine(r.incident().verdict(), r.incident().knownIssue(), r.incident().nearMiss());
    }

    /** The same for an incident: its verdict, and the ticket of the revisions judged against one. */
    static String verdictLine(IncidentReport i) {
        return verdictLine(i.verdict(), i.knownIssue(), !i.missing().isEmpty());
    }

    private static String verdictLine(Verdict v, String issue, boolean nearMiss) {
        String near = nearMiss ? " (near miss)" : "";
        return switch (v) {
            case RECURRENCE -> issue == null ? "RECURRENCE (regressed)" : "RECURRENCE of " + issue + near;
            case ONGOING -> "ONGOING " + issue + near;
            case NEW -> "NEW";
            case HEALTHY -> "HEALTHY";
        };
    }

    /**
     * What a report is about, for its heading: "netra-backend-staging in netra-staging", "job orders-export in
     * acme-prod", "4 services in acme-prod, acme-dev". Taken from the judged revisions.
     */
    static String subject(TriageResult result) {
        SortedSet<String> owners = new TreeSet<>();
        SortedSet<String> projects = new TreeSet<>();
        for (RevisionReport r : result.revisions()) {
            owners.add(r.key().service() == null || r.key().service().isEmpty() ? "a service without a name" : owner(r.key()));
            if (r.revision().project() != null && !r.revision().project().isEmpty()) {
                projects.add(r.revision().project());
            }
        }
        String who = owners.isEmpty() ? "no Cloud Run service" : owners.size() <= 2 ? String.join(", ", owners) : owners.size() + " services and jobs";
        return who + (projects.isEmpty() ? "" : " in " + (projects.size() <= 2 ? String.join(", ", projects) : projects.size() + " projects"));
    }

    /**
     * The heading's verdict: the one incident's, the incidents counted by verdict, or plainly that all is
     * healthy (saying how many revisions are degraded, since those serve with errors).
     */
    static String overall(TriageResult result) {
        List<IncidentReport> incidents = result.incidents();
        if (incidents.isEmpty()) {
            long degraded = degraded(result);
            return result.revisions().isEmpty() ? "nothing judged"
                    : degraded == 0 ? "all healthy" : "nothing failing, " + degraded + " degraded";
        }
        if (incidents.size() == 1) {
            return verdictLine(incidents.get(0));
        }
        Map<Verdict, Long> byVerdict = incidents.stream().collect(Collectors.groupingBy(IncidentReport::verdict, Collectors.counting()));
        List<String> parts = new ArrayList<>();
        for (Verdict v : List.of(Verdict.RECURRENCE, Verdict.NEW, Verdict.ONGOING)) {
            if (byVerdict.containsKey(v)) {
                parts.add(byVerdict.get(v) + " " + v.label());
            }
        }
        return incidents.size() + " incidents (" + String.join(", ", parts) + ")";
    }

    /** Said plainly when nothing failed: how many revisions, all healthy, or which serve while degraded. */
    static String noFailure(TriageResult result) {
        int n = result.revisions().size();
        if (n == 0) {
            return "No Cloud Run revision was judged.";
        }
        long degraded = degraded(result);
        String units = n == 1 ? "revision" : "revisions";
        return degraded == 0 ? "All healthy: no failing revision among " + n + " " + units + "."
                : "No failing revision among " + n + " " + units + "; " + degraded + " degraded (serving, with errors or 5xx on many "
                        + "requests; see below).";
    }

    /**
     * What a folded revision shows beside the newest of its incident: per cause signature of {@code r}, the
     * extracted values (latest) that differ from the newest revision's (a field the newest lacks differs).
     */
    static Map<SignatureHits, Map<String, String>> differingValues(RevisionReport r, RevisionReport newest) {
        Map<SignatureHits, Map<String, String>> out = new LinkedHashMap<>();
        for (SignatureHits h : r.revision().failureHits()) {
            if (!h.signature().isCause()) {
                continue;
            }
            SignatureHits then = newest.revision().hits().stream()
                    .filter(n -> n.signature().id().equals(h.signature().id())).findFirst().orElse(null);
            Map<String, String> differ = new LinkedHashMap<>();
            for (String field : h.fieldValues().keySet()) {
                String value = h.latest(field);
                if (then == null || !value.equals(then.latest(field))) {
                    differ.put(field, value);
                }
            }
            out.put(h, differ);
        }
        return out;
    }

    private static long degraded(TriageResult result) {
        return result.revisions().stream().filter(r -> r.revision().health() == Health.DEGRADED).count();
    }

    private static final Pattern RFC3339 = Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?Z\\b");

    /**
     * The judge's reasons name times as RFC 3339 with microseconds; the terminal shows every time one way,
     * {@link #time}'s ("2025-09-15 21:28:53Z"). Only for faultline's own sentences, never for log text.
     */
    static String plainTimes(String sentence) {
        return RFC3339.matcher(sentence).replaceAll("$1 $2Z");
    }

    /** An instance id as a reader compares them: its first 12 characters (the full id is in the JSON). */
    static String shortInstance(String instanceId) {
        return instanceId == null || instanceId.length() <= 12 ? instanceId : instanceId.substring(0, 12) + "…";
    }

    /** "netra-backend-staging · 5 revisions 00690-k2m .. 00711-d6z · 2025-09-12 17:40:51Z .. 2025-09-15 21:37:19Z". */
    static String incidentLine(IncidentReport i) {
        List<RevisionReport> revisions = i.revisions();
        String first = shortName(revisions.get(0));
        String last = shortName(i.newest());
        String unit = i.job() ? "execution" : "revision";
        return (i.job() ? "job " : "") + i.service() + " · "
                + (revisions.size() == 1 ? (revisions.get(0).key().isRevision() ? unit + " " : "") + first
                        : revisions.size() + " " + unit + "s " + first + " .. " + last)
                + " · " + time(i.firstSeen()) + " .. " + time(i.lastSeen());
    }

    /**
     * The headline of a failing revision: what failed, by what cause; when the catalog has none, the
     * probable cause's exception line (redacted), marked as probable.
     */
    static String headline(RevisionReport r) {
        List<SignatureHits> failures = r.revision().failureHits();
        String title = r.incident().knownIssueTitle() != null ? r.incident().knownIssueTitle()
                : failures.isEmpty() ? "requests failing with 5xx, no signature matched" : failures.get(0).signature().title();
        if (r.incident().causeFound()) {
            return title;
        }
        List<ProbableCause> probable = r.revision().mined().probableCauses();
        return title + (probable.isEmpty() ? " (cause not in the catalog)"
                : " (cause not in the catalog; probable cause: " + shorten(probable.get(0).template().text(), 120) + ")");
    }

    /** Events of an unclassified template that make it worth listing under a revision that is not failing. */
    static final int RECURRING = 3;

    /**
     * The unclassified templates a report lists under a revision: all of a failing or degraded one's;
     * of a healthy one, those that keep recurring ({@link #RECURRING} events or more).
     */
    static List<RevisionTemplate> listedUnder(RevisionReport r) {
        boolean troubled = r.incident().verdict() != Verdict.HEALTHY || r.revision().health() != Health.HEALTHY;
        return r.revision().mined().unclassified().stream().filter(t -> troubled || t.count() >= RECURRING).toList();
    }

    /** "probable cause (not in the catalog, not certain)" for rank 1, "candidate 2" and so on. */
    static String probableCauseLabel(ProbableCause p) {
        return p.rank() == 1 ? "probable cause (not in the catalog, not certain)" : "candidate " + p.rank();
    }

    /** {@code 12x, 2025-09-15 16:35:07Z .. 2025-09-15 16:47:00Z}. */
    static String span(long count, Instant first, Instant last) {
        return count + "x, " + time(first) + (first != null && first.equals(last) ? "" : " .. " + time(last));
    }

    /** The command that turns a template into a draft signature, for a report's footer. */
    static String draftHint() {
        return "turn one into a draft signature: faultline catalog draft --template ID INPUT... (see docs/unclassified.md)";
    }

    static String shorten(String text, int max) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    static String summary(TriageResult result) {
        Map<Verdict, Long> byVerdict = result.revisions().stream()
                .collect(Collectors.groupingBy(r -> r.incident().verdict(), Collectors.counting()));
        long failing = result.failing().size();
        int incidents = result.incidents().size();
        boolean jobs = result.revisions().stream().anyMatch(r -> r.key().job());
        boolean services = result.revisions().stream().anyMatch(r -> !r.key().job());
        String unit = jobs && services ? "revision or execution" : jobs ? "execution" : "revision";
        String units = jobs && services ? "revisions or executions" : unit + "s";
        return (incidents == 0 ? "" : incidents + " incident" + (incidents == 1 ? "" : "s") + ": ") + failing + " failing "
                + (failing == 1 ? unit : units)
                + " (" + byVerdict.getOrDefault(Verdict.NEW, 0L) + " new, "
                + byVerdict.getOrDefault(Verdict.RECURRENCE, 0L) + " recurrence, "
                + byVerdict.getOrDefault(Verdict.ONGOING, 0L) + " ongoing), "
                + byVerdict.getOrDefault(Verdict.HEALTHY, 0L) + " healthy";
    }

    /** "3 values redacted", or that redaction was off: the same figure in every format. */
    static String redaction(TriageResult result) {
        return result.redaction().enabled() ? result.redaction().valuesRedacted() + " values redacted" : "redaction OFF (--no-redact)";
    }

    /** Which catalog and team registries judged the input (see {@link Catalog#describe(String, List)}). */
    static String catalogLine(TriageResult result) {
        return Catalog.describe(result.catalogVersion(), result.catalogLayers());
    }

    static String inputLine(TriageResult result) {
        var in = result.input();
        return in.read() + " entries read, " + in.parsed() + " parsed, " + in.malformed() + " malformed; "
                + (result.selection().selectsAll() ? ""
                        : in.selected() + " selected by " + result.selection().describe() + " (" + in.excluded() + " left out); ")
                + in.matched() + " matched, " + in.unmatched() + " unmatched"
                + (in.unattributed() > 0 ? "; " + in.unattributed() + " not tied to a revision" : "")
                + (result.partial() ? "; INPUT INCOMPLETE" : "");
    }
}
