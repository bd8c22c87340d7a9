package dev.faultline.report;

import dev.faultline.history.Digest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

/** The digest as one self-contained HTML page (inline style, no scripts, nothing fetched: the triage report's Content-Security-Policy), every embedded value escaped. */
public final class DigestHtml implements DigestRenderer {

    @Override
    public void render(Digest digest, Writer w) throws IOException {
        PrintWriter out = new PrintWriter(w);
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        // the triage report's policy: inline style only, nothing loaded, no script runs
        out.println("<meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlReport.CSP + "\">");
        out.println("<meta name=\"referrer\" content=\"no-referrer\"><title>faultline digest</title>");
        out.println("<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}"
                + "code{background:#f3f3f3;padding:0 .2em}.new,.recurrence{color:#b00020}.ongoing{color:#8a5a00}"
                + "li{margin:.4em 0}small{color:#555}</style></head><body>");
        out.println("<h1>faultline digest</h1>");
        out.println("<p>" + escapeHtml4(DigestRenderer.runLine(digest)) + "</p>");
        if (digest.partial()) {
            out.println("<p><strong>" + escapeHtml4(DigestRenderer.partialWarning()) + "</strong></p>");
        }
        digest.catalogChanges().forEach(line -> out.println("<p>" + escapeHtml4(line) + "</p>"));
        for (Digest.Section section : Digest.Section.values()) {
            var items = digest.section(section);
            out.println("<h2 class=\"" + section.label() + "\">" + DigestRenderer.heading(section) + " (" + items.size() + ")</h2>");
            if (items.isEmpty()) {
                continue;
            }
            out.println("<ul>");
            for (Digest.Item item : items) {
                out.println("<li><strong>" + escapeHtml4(item.service()) + "</strong> "
                        + escapeHtml4(item.knownIssue() == null ? "no known issue" : item.knownIssue() + " " + nullToEmpty(item.knownIssueTitle()))
                        + " <code>" + escapeHtml4(item.fingerprint()) + "</code>" + (item.newToDigest() ? " <em>(first report)</em>" : ""));
                out.println("<br><small>" + escapeHtml4(DigestRenderer.counts(item)) + "</small>");
                out.println("<br>why: " + escapeHtml4(item.why()));
                for (String command : digest.evidenceCommands(item)) {
                    out.println("<br>evidence: <code>" + escapeHtml4(command) + "</code>");
                }
                out.println("</li>");
            }
            out.println("</ul>");
        }
        out.println("<h2>Recovered (" + digest.recovered().size() + ")</h2>");
        if (!digest.recovered().isEmpty()) {
            out.println("<ul>");
            digest.recovered().forEach(r -> out.println("<li>" + escapeHtml4(DigestRenderer.recoveryLine(r)) + "</li>"));
            out.println("</ul>");
        }
        out.println("<h2 class=\"templates\">" + escapeHtml4(DigestRenderer.newTemplatesHeading(digest)) + "</h2>");
        if (!digest.newTemplates().isEmpty()) {
            out.println("<ul>");
            for (Digest.NewTemplate t : digest.newTemplates()) {
                out.println("<li><code>" + escapeHtml4(t.id()) + "</code> <code>" + escapeHtml4(t.template()) + "</code>");
                out.println("<br><small>" + escapeHtml4(DigestRenderer.templateCounts(t)) + "</small>");
                if (t.example() != null) {
                    out.println("<br>example: <code>" + escapeHtml4(t.example()) + "</code>");
                }
                out.println("<br>draft: <code>" + escapeHtml4(digest.draftCommand(t)) + "</code></li>");
            }
            out.println("</ul>");
        }
        out.println("</body></html>");
        out.flush();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
