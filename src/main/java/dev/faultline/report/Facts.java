package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.catalog.Catalog;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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
        boolean troubled = r.incident().verdict() != Verdict.HEALTHY || r.revision().health() != dev.faultline.incident.Health.HEALTHY;
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
                + (in.unattributed() > 0 ? "; " + in.unattributed() + " name no revision" : "")
                + (result.partial() ? "; INPUT INCOMPLETE" : "");
    }
}
