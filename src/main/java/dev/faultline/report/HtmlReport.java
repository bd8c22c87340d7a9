package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.assemble.Event;
import dev.faultline.entry.LogEntry;
import dev.faultline.incident.IncidentReport;
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
import java.util.List;
import java.util.Locale;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

/**
 * The ticket attachment as one self-contained HTML file: the Markdown report's content (incidents
 * first, newest first, their revisions inside them), with a
 * timeline picture drawn as inline SVG, collapsible evidence, and light and dark themes. It loads
 * nothing: no scripts, no fonts, no images, and a Content-Security-Policy that forbids them, so
 * opening it from a ticket makes no request. Every text it embeds is escaped.
 */
public final class HtmlReport implements Report {

    /** Only inline styles and data: images may load; everything else (scripts, fetches, frames) is refused. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    private static final String STYLE = """
            :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa;
              --line: #d1d9e0; --cause: #cf222e; --symptom: #bc4c00; --warning: #9a6700; --activity: #8c959f;
              --band: #f6f8fa; --ok: #1a7f37; }
            @media (prefers-color-scheme: dark) {
              :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
                --cause: #ff7b72; --symptom: #ffa657; --warning: #d29922; --activity: #656c76; --band: #151b23; --ok: #3fb950; } }
            body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
              margin: 0 auto; max-width: 1100px; padding: 16px 24px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
            table { border-collapse: collapse; margin: 8px 0; max-width: 100%; } td { overflow-wrap: anywhere; } th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
            th { background: var(--panel); } td.n { text-align: right; }
            code, pre { font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
            pre { background: var(--panel); border: 1px solid var(--line); padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
            details { margin: 6px 0; } summary { cursor: pointer; }
            .muted, .meta { color: var(--muted); }
            .verdict { font-weight: 700; } .verdict.new, .verdict.recurrence { color: var(--cause); } .verdict.ongoing { color: var(--warning); }
            .verdict.healthy { color: var(--ok); }
            svg.timeline { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
            svg .band { fill: transparent; } svg .row:nth-child(odd) .band { fill: var(--band); }
            svg .label { fill: var(--fg); font-weight: 600; } svg .verdict, svg .tick, svg .gap, svg .break { fill: var(--muted); }
            svg .row.new .verdict, svg .row.recurrence .verdict { fill: var(--cause); }
            svg .activity { fill: var(--activity); } svg .cause { fill: var(--cause); } svg .symptom { fill: var(--symptom); }
            svg .warning { fill: var(--warning); } svg .axis { stroke: var(--line); }
            .legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
            .legend .cause { background: var(--cause); } .legend .symptom { background: var(--symptom); }
            .legend .warning { background: var(--warning); } .legend .activity { background: var(--activity); }
            footer { margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; }
            """;

    /** Unclassified templates in the closing section. */
    private static final int TEMPLATES_SHOWN = 10;

    @Override
    public void render(TriageResult result, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\">");
        out.println("<head>");
        out.println("<meta charset=\"utf-8\">");
        out.println("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">");
        out.println("<meta name=\"referrer\" content=\"no-referrer\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>" + esc(Facts.subject(result) + ": " + Facts.overall(result)) + "</title>");
        out.println("<style>");
        out.print(STYLE);
        out.println("</style>");
        out.println("</head>");
        out.println("<body>");
        out.println("<header>");
        out.println("<h1>" + esc(Facts.subject(result)) + ": " + esc(Facts.overall(result)) + "</h1>");
        out.println("<p class=\"summary\">faultline triage: " + esc(Facts.summary(result)) + "</p>");
        out.println("<ul class=\"verdicts\">");
        List<IncidentReport> incidents = result.incidents();
        for (IncidentReport i : incidents) {
            out.println("<li><span class=\"verdict " + i.verdict().label() + "\">" + esc(Facts.verdictLine(i))
                    + "</span> incident <a href=\"#incident-" + esc(i.id()) + "\"><code>" + esc(i.id()) + "</code></a>, "
                    + esc(Facts.incidentLine(i)) + ": " + esc(Facts.headline(i.newest())) + "</li>");
        }
        if (result.failing().isEmpty()) {
            out.println("<li>" + esc(Facts.noFailure(result)) + "</li>");
        }
        out.println("</ul>");
        if (result.shownFrom() != null) {
            out.println("<p class=\"muted\">Only revisions active since the first failure at " + esc(Facts.time(result.shownFrom()))
                    + " (<code>--since-first-failure</code>): " + result.revisionsOmitted() + " earlier revision"
                    + (result.revisionsOmitted() == 1 ? "" : "s") + " left out.</p>");
        }
        if (result.summarised().any()) {
            out.println("<p><strong>" + esc(result.summarised().describe()) + "</strong></p>");
        }
        out.println("</header>");
        timeline(out, Timeline.of(result));
        for (IncidentReport i : incidents) {
            incident(out, i);
        }
        healthy(out, result);
        unclassifiedOnHealthy(out, result);
        unclassified(out, result);
        footer(out, result);
        out.println("</body>");
        out.println("</html>");
        out.flush();
    }

    private static void timeline(PrintWriter out, Timeline timeline) {
        if (timeline.rows().isEmpty()) {
            return;
        }
        out.println("<section id=\"timeline\">");
        out.println("<h2>Hits per revision</h2>");
        out.println("<p class=\"legend muted\"><span class=\"activity\"></span>logging<span class=\"cause\"></span>cause"
                + "<span class=\"symptom\"></span>symptom<span class=\"warning\"></span>warning"
                + " · " + SvgTimeline.LEGEND + "</p>");
        out.print(SvgTimeline.render(timeline));
        out.println("</section>");
    }

    /** An incident: what it spans, whether it came back after a fix, then its revisions newest first. */
    private void incident(PrintWriter out, IncidentReport incident) {
        out.println("<section class=\"incident\" id=\"incident-" + esc(incident.id()) + "\">");
        out.println("<h2>Incident <code>" + esc(incident.id()) + "</code>: <span class=\"verdict " + incident.verdict().label() + "\">"
                + esc(Facts.verdictLine(incident)) + "</span></h2>");
        out.println("<p class=\"meta\">" + esc(Facts.incidentLine(incident)) + " · " + incident.hits() + " failure hits · identity: "
                + esc(incident.identity().basis().label()) + " <code>" + esc(String.join(", ", incident.identity().parts())) + "</code></p>");
        if (!incident.regressions().isEmpty()) {
            out.println("<ul class=\"regressions\">");
            incident.regressions().forEach(g -> out.println("<li>" + esc(g.describe()) + "</li>"));
            out.println("</ul>");
        }
        List<RevisionReport> newestFirst = new java.util.ArrayList<>(incident.revisions());
        java.util.Collections.reverse(newestFirst);
        for (RevisionReport r : newestFirst) {
            revision(out, r);
        }
        out.println("</section>");
    }

    private void revision(PrintWriter out, RevisionReport report) {
        RevisionHits r = report.revision();
        out.println("<section class=\"revision\" id=\"" + anchor(report) + "\">");
        out.println("<h3>" + esc(r.key().revision()) + ": <span class=\"verdict " + report.incident().verdict().label() + "\">"
                + esc(Facts.verdictLine(report)) + "</span></h3>");
        out.println("<p class=\"meta\">" + (r.key().job() ? "Job" : "Service") + " <code>" + esc(r.key().service()) + "</code> · project <code>" + esc(String.valueOf(r.project()))
                + "</code> · " + r.instances().size() + " instance(s) · " + esc(Facts.time(r.firstSeen())) + " to " + esc(Facts.time(r.lastSeen()))
                + (r.requests().total() > 0 ? " · requests: " + r.requests().shown2xx() + " 2xx, " + r.requests().server5xx() + " 5xx" : "") + "</p>");
        out.println("<table><thead><tr><th>signature</th><th>layer</th><th>role</th><th>severity</th><th>count</th>"
                + "<th>first seen</th><th>last seen</th><th>values</th></tr></thead><tbody>");
        for (SignatureHits h : r.hits()) {
            out.println("<tr><td><code>" + esc(h.signature().ref()) + "</code></td><td>" + lower(h.signature().layer()) + "</td><td>"
                    + lower(h.signature().role()) + "</td><td>" + lower(h.signature().severity()) + "</td><td class=\"n\">" + h.count()
                    + "</td><td>" + esc(Facts.time(h.firstSeen())) + "</td><td>" + esc(Facts.time(h.lastSeen())) + "</td><td>"
                    + esc(Facts.fields(h)) + "</td></tr>");
        }
        out.println("</tbody></table>");
        out.println("<h4>Why</h4>");
        out.println("<ul class=\"reasons\">");
        report.incident().reasons().forEach(reason -> out.println("<li>" + esc(reason) + "</li>"));
        out.println("</ul>");
        configChanges(out, report);
        probableCauses(out, report);
        listed(out, report);
        for (SignatureHits h : r.failureHits()) {
            String next = Facts.remediation(h);
            if (!next.isEmpty()) {
                out.println("<p><strong>Next step (" + esc(h.signature().id()) + "):</strong> " + esc(next) + "</p>");
                break;
            }
        }
        for (SignatureHits h : r.hits()) {
            out.println("<details><summary>Evidence: <code>" + esc(h.signature().id()) + "</code> (" + h.evidence().size()
                    + " of " + h.count() + " events)</summary>");
            for (Event e : h.evidence()) {
                LogEntry head = e.head();
                out.println("<p class=\"meta\"><code>" + esc(head.timestamp().toString()) + "</code> " + head.severity() + " · "
                        + esc(head.logName()) + (head.instanceId() != null ? " · instance <code title=\"" + esc(head.instanceId()) + "\">" + esc(Facts.shortInstance(head.instanceId())) + "</code>" : "")
                        + (head.insertId() != null ? " · insertId <code>" + esc(head.insertId()) + "</code>" : "")
                        + (e.assembly().isEmpty() ? "" : " · " + esc(e.assembly())) + "</p>");
                out.println("<pre class=\"evidence\">" + esc(e.text()) + "</pre>");
            }
            out.println("</details>");
        }
        out.println("</section>");
    }

    private static void healthy(PrintWriter out, TriageResult result) {
        var healthy = result.revisions().stream().filter(r -> r.incident().verdict() == Verdict.HEALTHY).toList();
        if (healthy.isEmpty()) {
            return;
        }
        out.println("<section id=\"healthy\">");
        out.println("<h2>Healthy revisions</h2>");
        out.println("<table><thead><tr><th>revision</th><th>service</th><th>entries</th><th>requests (2xx / 4xx / 5xx)</th>"
                + "<th>first seen</th><th>last seen</th></tr></thead><tbody>");
        for (RevisionReport report : healthy) {
            RevisionHits r = report.revision();
            out.println("<tr><td>" + esc(r.key().revision()) + "</td><td>" + esc(Facts.owner(r.key())) + "</td><td class=\"n\">" + r.entries()
                    + "</td><td>" + r.requests().shown2xx() + " / " + r.requests().client4xx() + " / " + r.requests().server5xx()
                    + "</td><td>" + esc(Facts.time(r.firstSeen())) + "</td><td>" + esc(Facts.time(r.lastSeen())) + "</td></tr>");
        }
        out.println("</tbody></table>");
        out.println("</section>");
    }

    /** The probable cause with its reason and evidence, then the next candidates. */
    private void probableCauses(PrintWriter out, RevisionReport report) {
        if (report.incident().causeFound() || report.revision().mined().probableCauses().isEmpty()) {
            return;
        }
        out.println("<div class=\"probable-cause\">");
        for (ProbableCause p : report.revision().mined().probableCauses()) {
            if (p.rank() == 1) {
                out.println("<h3>Probable cause <span class=\"muted\">(not in the catalog, not certain)</span></h3>");
                out.println("<p><code class=\"template\">" + esc(p.template().display()) + "</code></p>");
                out.println("<p class=\"meta\">Template <code>" + esc(p.template().id()) + "</code> · " + esc(p.template().kind().label())
                        + " · " + esc(p.reason()) + "</p>");
                example(out, p.evidence());
                if (report.revision().mined().probableCauses().size() > 1) {
                    out.println("<p>Next candidates:</p>");
                    out.println("<ul class=\"candidates\">");
                }
            } else {
                out.println("<li>" + esc(Facts.probableCauseLabel(p)) + ": <code>" + esc(Facts.shorten(p.template().display(), 200))
                        + "</code> <span class=\"muted\">(" + esc(p.template().id()) + ", " + esc(p.template().kind().label()) + ", "
                        + p.count() + " events before the failure)</span></li>");
            }
        }
        if (report.revision().mined().probableCauses().size() > 1) {
            out.println("</ul>");
        }
        out.println("</div>");
    }

    /** The revision's unclassified error templates worth listing. */
    private void listed(PrintWriter out, RevisionReport report) {
        List<RevisionTemplate> listed = Facts.listedUnder(report);
        if (listed.isEmpty()) {
            return;
        }
        out.println("<h4>Unclassified errors on <code>" + esc(report.key().revision()) + "</code></h4>");
        out.println("<table class=\"unclassified\"><thead><tr><th>template</th><th>count</th><th>first seen</th><th>last seen</th>"
                + "<th>text</th></tr></thead><tbody>");
        for (RevisionTemplate t : listed) {
            out.println("<tr><td><code>" + esc(t.template().id()) + "</code></td><td class=\"n\">" + t.count() + "</td><td>"
                    + esc(Facts.time(t.firstSeen())) + "</td><td>" + esc(Facts.time(t.lastSeen())) + "</td><td><code>"
                    + esc(Facts.shorten(t.template().display(), 200)) + "</code></td></tr>");
        }
        out.println("</tbody></table>");
        if (listed.get(0).example() != null) {
            out.println("<details><summary>Example of <code>" + esc(listed.get(0).template().id()) + "</code></summary>");
            example(out, listed.get(0).example());
            out.println("</details>");
        }
    }

    private void unclassifiedOnHealthy(PrintWriter out, TriageResult result) {
        for (RevisionReport r : result.revisions()) {
            if (r.incident().verdict() == Verdict.HEALTHY && !Facts.listedUnder(r).isEmpty()) {
                out.println("<section class=\"unclassified-revision\">");
                if (r.revision().degradedByUnclassified()) {
                    out.println("<p><strong>" + esc(r.key().revision()) + " is degraded:</strong> "
                            + esc(r.revision().healthEvidence().get(r.revision().healthEvidence().size() - 1)) + "</p>");
                }
                listed(out, r);
                out.println("</section>");
            }
        }
    }

    /** Every unclassified error template of the input, most frequent first. */
    private void unclassified(PrintWriter out, TriageResult result) {
        List<Template> templates = result.mined().templates();
        if (templates.isEmpty()) {
            return;
        }
        out.println("<section id=\"unclassified\">");
        out.println("<h2>Unclassified error templates</h2>");
        out.println("<p class=\"muted\">" + templates.size() + " template" + (templates.size() == 1 ? "" : "s")
                + " of error lines no signature matched" + (templates.size() > TEMPLATES_SHOWN ? " (the " + TEMPLATES_SHOWN
                + " most frequent below)" : "") + "; " + esc(Facts.draftHint()) + ".</p>");
        out.println("<table><thead><tr><th>template</th><th>kind</th><th>count</th><th>revisions</th><th>first seen</th>"
                + "<th>last seen</th><th>text</th></tr></thead><tbody>");
        for (Template t : templates.subList(0, Math.min(TEMPLATES_SHOWN, templates.size()))) {
            out.println("<tr><td><code>" + esc(t.id()) + "</code></td><td>" + esc(t.kind().label()) + "</td><td class=\"n\">" + t.count()
                    + "</td><td class=\"n\">" + t.revisionCount() + "</td><td>" + esc(Facts.time(t.firstSeen())) + "</td><td>"
                    + esc(Facts.time(t.lastSeen())) + "</td><td><code>" + esc(Facts.shorten(t.display(), 200))
                    + "</code></td></tr>");
        }
        out.println("</tbody></table>");
        out.println("</section>");
    }

    /** One event's header line and its text. */
    private void example(PrintWriter out, Example e) {
        if (e == null) {
            return;
        }
        out.println("<p class=\"meta\"><code>" + esc(e.timestamp().toString()) + "</code> " + esc(e.severity()) + " · "
                + esc(e.logName()) + (e.instanceId() != null ? " · instance <code title=\"" + esc(e.instanceId()) + "\">" + esc(Facts.shortInstance(e.instanceId())) + "</code>" : "")
                + (e.insertId() != null ? " · insertId <code>" + esc(e.insertId()) + "</code>" : "") + "</p>");
        out.println("<pre class=\"evidence\">" + esc(e.text()) + "</pre>");
    }

    private void footer(PrintWriter out, TriageResult result) {
        out.println("<footer>");
        out.println("<p>faultline " + esc(result.faultlineVersion()) + " · " + esc(Facts.catalogLine(result)) + " · "
                + esc(Facts.inputLine(result)) + " · <strong>"
                + esc(Facts.redaction(result)) + "</strong></p>");
        out.println("<ul>");
        for (SourceStats s : result.sources()) {
            out.println("<li>input <code>" + esc(s.source()) + "</code> (" + esc(s.format()) + "): " + s.read() + " entries, sha256 <code>"
                    + esc(String.valueOf(s.sha256())) + "</code>" + (s.incomplete() ? " · <strong>incomplete</strong>" : s.isLogExport() ? "" : " · skipped: not a log export") + "</li>");
        }
        out.println("</ul>");
        for (ReproduceQuery q : ReproduceQuery.of(result.scope())) {
            out.println("<p>Reproduce (project <code>" + esc(q.project()) + "</code>, " + esc(Facts.time(q.from())) + " to "
                    + esc(Facts.time(q.until())) + "):</p>");
            out.println("<pre class=\"reproduce\">" + esc(q.gcloud()) + "</pre>");
            // a link is followed only when clicked; rel keeps the report's address from the console
            out.println("<p><a href=\"" + esc(q.explorerUrl()) + "\" rel=\"noopener noreferrer\">Open in Logs Explorer</a></p>");
        }
        out.println("</footer>");
    }

    private static String anchor(RevisionReport r) {
        return "rev-" + r.key().revision().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String esc(String text) {
        return text == null ? "" : escapeHtml4(text);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** What changed since the last working revision, related settings first (issue 6). */
    private void configChanges(PrintWriter out, RevisionReport report) {
        var incident = report.incident();
        if (!incident.configDiffAvailable() || incident.configChanges().isEmpty()) {
            return;
        }
        out.println("<h5>Config changes since <code>" + esc(incident.lastWorkingRevision()) + "</code></h5>");
        out.println("<p class=\"note\">Related to the matched signatures first; leads, not proof.</p>");
        out.println("<table><thead><tr><th>setting</th><th>last working</th><th>this revision</th><th>related</th></tr></thead><tbody>");
        for (ConfigChange c : incident.configChanges()) {
            out.println("<tr><td><code>" + esc(c.field()) + "</code></td><td><code>" + esc(configValue(c.before()))
                    + "</code></td><td><code>" + esc(configValue(c.after())) + "</code></td><td>" + (c.related() ? "yes" : "")
                    + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static String configValue(String v) {
        return v == null ? "(unset)" : v;
    }
}
