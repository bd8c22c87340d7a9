package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.assemble.Event;
import dev.faultline.entry.LogEntry;
import dev.faultline.incident.IncidentReport;
import dev.faultline.incident.Regression;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.ConfigChange;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.Verdict;
import dev.faultline.mine.Example;
import dev.faultline.mine.ProbableCause;
import dev.faultline.mine.RevisionTemplate;
import dev.faultline.mine.Template;
import dev.faultline.source.SourceStats;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Evidence for a ticket, readable on GitHub and GitLab: a one-line verdict per incident at the
 * top (newest first), then per incident what it spans and whether it came back after a fix, and
 * inside it per revision its signatures, reasons and evidence, and a footer that says what was analysed. Log text is redacted and cannot break out of its fence or table cell.
 */
public final class MarkdownReport implements Report {

    /** Unclassified templates in the closing section. */
    private static final int TEMPLATES_SHOWN = 10;

    /** GitHub refuses issue bodies and comments longer than this (characters). */
    public static final int GITHUB_LIMIT = 65_536;

    private final boolean full;

    /** The compact report for a ticket: each incident's newest revision in detail, the others one line each. */
    public MarkdownReport() {
        this(false);
    }

    /** @param full every revision of every incident in detail, with all its evidence events ({@code --full}) */
    public MarkdownReport(boolean full) {
        this.full = full;
    }

    @Override
    public void render(TriageResult result, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println("# " + Markdown.cell(Facts.subject(result)) + ": " + Markdown.cell(Facts.overall(result)));
        out.println();
        out.println("faultline triage: " + Markdown.cell(Facts.summary(result)));
        out.println();
        List<IncidentReport> incidents = result.incidents();
        for (IncidentReport i : incidents) {
            out.println("- **" + Facts.verdictLine(i) + "** incident " + Markdown.code(i.id()) + ", " + Markdown.cell(Facts.incidentLine(i))
                    + ": " + Markdown.cell(Facts.headline(i.newest())));
        }
        if (result.failing().isEmpty()) {
            out.println(Markdown.cell(Facts.noFailure(result)));
        }
        out.println();
        if (result.shownFrom() != null) {
            out.println("> Only revisions active since the first failure at " + Facts.time(result.shownFrom())
                    + " (`--since-first-failure`): " + result.revisionsOmitted() + " earlier revision"
                    + (result.revisionsOmitted() == 1 ? "" : "s") + " left out.");
            out.println();
        }
        if (result.summarised().any()) {
            out.println("> **" + Markdown.cell(result.summarised().describe()) + "**");
            out.println();
        }
        out.print(MermaidTimeline.render(Timeline.of(result)));
        for (IncidentReport i : incidents) {
            incident(out, i);
        }
        healthy(out, result);
        unclassifiedOnHealthy(out, result);
        unclassified(out, result);
        footer(out, result);
        out.flush();
    }

    /** An incident: what it spans, whether it came back after a fix, then its revisions newest first. */
    private void incident(PrintWriter out, IncidentReport incident) {
        out.println("## Incident " + Markdown.code(incident.id()) + ": " + Facts.verdictLine(incident));
        out.println();
        out.println(Markdown.cell(Facts.incidentLine(incident)) + " · " + incident.hits() + " failure hits · identity: "
                + incident.identity().basis().label() + " " + Markdown.cell(String.join(", ", incident.identity().parts())));
        out.println();
        for (Regression g : incident.regressions()) {
            out.println("- " + Markdown.cell(g.describe()));
        }
        if (!incident.regressions().isEmpty()) {
            out.println();
        }
        List<RevisionReport> newestFirst = new ArrayList<>(incident.revisions());
        Collections.reverse(newestFirst);
        if (full || newestFirst.size() == 1) {
            for (RevisionReport r : newestFirst) {
                revision(out, r);
            }
            return;
        }
        revision(out, newestFirst.get(0));
        sameWay(out, newestFirst.get(0), newestFirst.subList(1, newestFirst.size()));
    }

    /**
     * The incident's other revisions, one row each: they failed the same way, so a ticket needs when, how
     * much and the extracted values that differ from the newest one's ({@link Facts#differingValues}), not
     * their evidence again (that is one flag away: {@code --full}).
     */
    private void sameWay(PrintWriter out, RevisionReport newest, List<RevisionReport> others) {
        out.println("**Also failing the same way** (" + others.size() + " earlier revision" + (others.size() == 1 ? "" : "s")
                + "; each in detail with `--full`):");
        out.println();
        out.println("| revision | verdict | first failure | last seen | failure hits | values that differ from " + Markdown.cell(
                newest.key().revision()) + " |");
        out.println("|---|---|---|---|---:|---|");
        for (RevisionReport r : others) {
            RevisionHits h = r.revision();
            List<String> differ = new ArrayList<>();
            Facts.differingValues(r, newest).forEach((hits, values) ->
                    values.forEach((field, value) -> differ.add(hits.signature().id() + "." + field + "=" + value)));
            out.println("| " + Markdown.cell(r.key().revision()) + " | " + Markdown.cell(Facts.verdictLine(r)) + " | "
                    + Facts.time(h.firstFailure()) + " | " + Facts.time(h.lastSeen()) + " | "
                    + h.failureHits().stream().mapToLong(SignatureHits::count).sum() + " | "
                    + (differ.isEmpty() ? "none" : Markdown.cell(Facts.shorten(String.join(" ", differ), 200))) + " |");
        }
        out.println();
    }

    private void revision(PrintWriter out, RevisionReport report) {
        RevisionHits r = report.revision();
        out.println("### " + Markdown.cell(r.key().revision()) + ": " + Facts.verdictLine(report));
        out.println();
        out.println((r.key().job() ? "Job " : "Service ") + Markdown.code(r.key().service()) + " · project " + Markdown.code(String.valueOf(r.project()))
                + " · " + r.instances().size() + " instance(s) · " + Facts.time(r.firstSeen()) + " to " + Facts.time(r.lastSeen())
                + (r.requests().total() > 0 ? " · requests: " + r.requests().shown2xx() + " 2xx, " + r.requests().server5xx() + " 5xx" : ""));
        out.println();
        out.println("| signature | layer | role | severity | count | first seen | last seen | values |");
        out.println("|---|---|---|---|---:|---|---|---|");
        for (SignatureHits h : r.hits()) {
            out.println("| " + Markdown.cell(h.signature().ref()) + " | " + lower(h.signature().layer()) + " | "
                    + lower(h.signature().role()) + " | " + lower(h.signature().severity()) + " | " + h.count() + " | "
                    + Facts.time(h.firstSeen()) + " | " + Facts.time(h.lastSeen()) + " | "
                    + Markdown.cell(Facts.fields(h)) + " |");
        }
        out.println();
        out.println("**Why**");
        out.println();
        report.incident().reasons().forEach(reason -> out.println("- " + Markdown.cell(reason)));
        out.println();
        configChanges(out, report);
        probableCauses(out, report);
        listed(out, report);
        for (SignatureHits h : r.failureHits()) {
            String next = Facts.remediation(h);
            if (!next.isEmpty()) {
                out.println("**Next step (" + Markdown.cell(h.signature().id()) + "):** " + Markdown.cell(next));
                out.println();
                break;
            }
        }
        for (SignatureHits h : r.hits()) {
            // compact: one event per signature says what it looks like; --full gives every kept event
            List<Event> shown = full ? h.evidence() : h.evidence().subList(0, Math.min(1, h.evidence().size()));
            out.println("<details><summary>Evidence: " + Markdown.cell(h.signature().id()) + " (" + shown.size()
                    + " of " + h.count() + " events)</summary>");
            out.println();
            for (Event e : shown) {
                LogEntry head = e.head();
                out.println(Markdown.code(head.timestamp().toString()) + " " + head.severity() + " · "
                        + Markdown.cell(head.logName()) + (head.instanceId() != null ? " · instance " + Markdown.code(Facts.shortInstance(head.instanceId())) : "")
                        + (head.insertId() != null ? " · insertId " + Markdown.code(head.insertId()) : "")
                        + (e.assembly().isEmpty() ? "" : " · " + e.assembly()));
                out.println();
                out.print(Markdown.fence(e.text()));
                out.println();
            }
            out.println("</details>");
            out.println();
        }
    }

    /** What changed since the last working revision, related settings first (issue 6). */
    private void configChanges(PrintWriter out, RevisionReport report) {
        var incident = report.incident();
        if (!incident.configDiffAvailable() || incident.configChanges().isEmpty()) {
            return;
        }
        out.println("**Config changes since " + Markdown.cell(incident.lastWorkingRevision()) + "** (related to the matched "
                + "signatures first; leads, not proof):");
        out.println();
        out.println("| setting | last working | this revision | related |");
        out.println("|---|---|---|---|");
        for (ConfigChange c : incident.configChanges()) {
            out.println("| " + Markdown.cell(c.field()) + " | " + Markdown.cell(value(c.before())) + " | "
                    + Markdown.cell(value(c.after())) + " | " + (c.related() ? "yes" : "") + " |");
        }
        out.println();
    }

    private static String value(String v) {
        return v == null ? "(unset)" : v;
    }

    private void healthy(PrintWriter out, TriageResult result) {
        var healthy = result.revisions().stream().filter(r -> r.incident().verdict() == Verdict.HEALTHY).toList();
        if (healthy.isEmpty()) {
            return;
        }
        out.println("## Healthy revisions");
        out.println();
        out.println("| revision | service | entries | requests (2xx / 4xx / 5xx) | first seen | last seen |");
        out.println("|---|---|---:|---|---|---|");
        for (RevisionReport report : healthy) {
            RevisionHits r = report.revision();
            out.println("| " + Markdown.cell(r.key().revision()) + " | " + Markdown.cell(Facts.owner(r.key())) + " | " + r.entries()
                    + " | " + r.requests().shown2xx() + " / " + r.requests().client4xx() + " / " + r.requests().server5xx()
                    + " | " + Facts.time(r.firstSeen()) + " | " + Facts.time(r.lastSeen()) + " |");
        }
        out.println();
    }

    /** The probable cause with its reason and evidence, then the next candidates. */
    private void probableCauses(PrintWriter out, RevisionReport report) {
        if (report.incident().causeFound()) {
            return;
        }
        for (ProbableCause p : report.revision().mined().probableCauses()) {
            if (p.rank() == 1) {
                out.println("**Probable cause (not in the catalog, not certain):** " + Markdown.code(p.template().display()));
                out.println();
                out.println("Template " + Markdown.code(p.template().id()) + " · " + p.template().kind().label() + " · "
                        + Markdown.cell(p.reason()));
                out.println();
                example(out, p.evidence());
            } else {
                out.println("- " + Facts.probableCauseLabel(p) + ": " + Markdown.code(Facts.shorten(p.template().display(), 200))
                        + " (" + Markdown.code(p.template().id()) + ", " + p.template().kind().label() + ", " + p.count() + " events before the failure)");
            }
        }
        if (report.revision().mined().probableCauses().size() > 1) {
            out.println();
        }
    }

    /** The revision's unclassified error templates worth listing, one table row each. */
    private void listed(PrintWriter out, RevisionReport report) {
        List<RevisionTemplate> listed = Facts.listedUnder(report);
        if (listed.isEmpty()) {
            return;
        }
        out.println("**Unclassified errors on " + Markdown.cell(report.key().revision()) + "** (no signature matched):");
        out.println();
        out.println("| template | count | first seen | last seen | text |");
        out.println("|---|---:|---|---|---|");
        for (RevisionTemplate t : listed) {
            out.println("| " + Markdown.code(t.template().id()) + " | " + t.count() + " | " + Facts.time(t.firstSeen()) + " | "
                    + Facts.time(t.lastSeen()) + " | " + Markdown.code(Facts.shorten(t.template().display(), 200)) + " |");
        }
        out.println();
        if (listed.get(0).example() != null) {
            out.println("<details><summary>Example of " + Markdown.cell(listed.get(0).template().id()) + "</summary>");
            out.println();
            example(out, listed.get(0).example());
            out.println("</details>");
            out.println();
        }
    }

    private void unclassifiedOnHealthy(PrintWriter out, TriageResult result) {
        for (RevisionReport r : result.revisions()) {
            if (r.incident().verdict() == Verdict.HEALTHY && !Facts.listedUnder(r).isEmpty()) {
                if (r.revision().degradedByUnclassified()) {
                    out.println("**" + Markdown.cell(r.key().revision()) + " is degraded:** "
                            + Markdown.cell(r.revision().healthEvidence().get(r.revision().healthEvidence().size() - 1)));
                    out.println();
                }
                listed(out, r);
            }
        }
    }

    /** Every unclassified error template of the input, most frequent first. */
    private void unclassified(PrintWriter out, TriageResult result) {
        List<Template> templates = result.mined().templates();
        if (templates.isEmpty()) {
            return;
        }
        out.println("## Unclassified error templates");
        out.println();
        out.println(templates.size() + " template" + (templates.size() == 1 ? "" : "s") + " of error lines no signature matched"
                + (templates.size() > TEMPLATES_SHOWN ? " (the " + TEMPLATES_SHOWN + " most frequent below)" : "") + "; "
                + Markdown.cell(Facts.draftHint()) + ".");
        out.println();
        out.println("| template | kind | count | revisions | first seen | last seen | text |");
        out.println("|---|---|---:|---:|---|---|---|");
        for (Template t : templates.subList(0, Math.min(TEMPLATES_SHOWN, templates.size()))) {
            out.println("| " + Markdown.code(t.id()) + " | " + t.kind().label() + " | " + t.count() + " | " + t.revisionCount() + " | "
                    + Facts.time(t.firstSeen()) + " | " + Facts.time(t.lastSeen()) + " | "
                    + Markdown.code(Facts.shorten(t.display(), 200)) + " |");
        }
        out.println();
    }

    /** One event's header line and its text in a fence. */
    private void example(PrintWriter out, Example e) {
        if (e == null) {
            return;
        }
        out.println(Markdown.code(e.timestamp().toString()) + " " + e.severity() + " · " + Markdown.cell(e.logName())
                + (e.instanceId() != null ? " · instance " + Markdown.code(Facts.shortInstance(e.instanceId())) : "")
                + (e.insertId() != null ? " · insertId " + Markdown.code(e.insertId()) : ""));
        out.println();
        out.print(Markdown.fence(e.text()));
        out.println();
    }

    private void footer(PrintWriter out, TriageResult result) {
        out.println("---");
        out.println();
        out.println("faultline " + result.faultlineVersion() + " · " + Markdown.cell(Facts.catalogLine(result)) + " · "
                + Markdown.cell(Facts.inputLine(result)) + " · "
                + Facts.redaction(result));
        out.println();
        for (SourceStats s : result.sources()) {
            out.println("- input " + Markdown.code(s.source()) + " (" + s.format() + "): " + s.read() + " entries, sha256 "
                    + Markdown.code(String.valueOf(s.sha256())) + (s.incomplete() ? " · **incomplete**" : s.isLogExport() ? "" : " · skipped: not a log export"));
        }
        for (ReproduceQuery q : ReproduceQuery.of(result.scope())) {
            out.println();
            out.println("Reproduce (project " + Markdown.code(q.project()) + ", " + Facts.time(q.from()) + " to "
                    + Facts.time(q.until()) + "):");
            out.println();
            out.print(Markdown.fence(q.gcloud(), "sh"));
            out.println();
            // the URL is percent-encoded throughout, so it holds no ')' or space that could end the link early
            out.println("[Open in Logs Explorer](" + q.explorerUrl() + ")");
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
