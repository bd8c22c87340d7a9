package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.catalog.Signature;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.Verdict;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Hits per revision over time, the picture both the Mermaid chart and the SVG draw: one row per
 * revision in the order they first logged, its span of activity, and one bar per signature from
 * first to last hit.
 */
record Timeline(Instant from, Instant until, List<Row> rows) {

    record Row(String revision, String label, Verdict verdict, String verdictLine, Instant from, Instant until,
               long entries, List<Bar> bars) {
    }

    /** @param kind cause, symptom or warning (a hit that does not mark a failure) */
    record Bar(String signature, String kind, long count, Instant from, Instant until) {
    }

    static Timeline of(TriageResult result) {
        List<Row> rows = result.revisions().stream()
                .filter(r -> r.revision().firstSeen() != null)
                .sorted(Comparator.comparing((RevisionReport r) -> r.revision().firstSeen()).thenComparing(r -> r.key().revision()))
                .map(Timeline::row)
                .toList();
        Instant from = rows.stream().map(Row::from).min(Comparator.naturalOrder()).orElse(null);
        Instant until = rows.stream().map(Row::until).max(Comparator.naturalOrder()).orElse(null);
        return new Timeline(from, until, rows);
    }

    private static Row row(RevisionReport report) {
        RevisionHits r = report.revision();
        List<Bar> bars = r.hits().stream().map(Timeline::bar).toList();
        return new Row(r.key().revision(), shortName(r.key().service(), r.key().revision()), report.incident().verdict(),
                Facts.verdictLine(report), r.firstSeen(), r.lastSeen(), r.entries(), bars);
    }

    private static Bar bar(SignatureHits h) {
        Signature s = h.signature();
        String kind = !s.marksFailure() ? "warning" : s.isCause() ? "cause" : "symptom";
        return new Bar(s.id(), kind, h.count(), h.firstSeen(), h.lastSeen());
    }

    /** {@code 00697-gp6} for {@code netra-backend-staging-00697-gp6}: the service is said once, elsewhere. */
    static String shortName(String service, String revision) {
        return service != null && revision.startsWith(service + "-") ? revision.substring(service.length() + 1) : revision;
    }
}
