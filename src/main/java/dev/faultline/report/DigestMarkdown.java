package dev.faultline.report;

import dev.faultline.history.Digest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** The digest for a chat message or a ticket comment. */
public final class DigestMarkdown implements DigestRenderer {

    @Override
    public void render(Digest digest, Writer w) throws IOException {
        PrintWriter out = new PrintWriter(w);
        out.println("# faultline digest");
        out.println();
        out.println(Markdown.cell(DigestRenderer.runLine(digest)));
        if (digest.partial()) {
            out.println();
            out.println("**" + Markdown.cell(DigestRenderer.partialWarning()) + "**");
        }
        if (!digest.catalogChanges().isEmpty()) {
            out.println();
            digest.catalogChanges().forEach(line -> out.println("- " + Markdown.cell(line)));
        }
        for (Digest.Section section : Digest.Section.values()) {
            var items = digest.section(section);
            out.println();
            out.println("## " + DigestRenderer.heading(section) + " (" + items.size() + ")");
            for (Digest.Item item : items) {
                out.println();
                out.println("- **" + Markdown.cell(item.service()) + "** "
                        + (item.knownIssue() == null ? "no known issue" : Markdown.cell(item.knownIssue() + " " + nullToEmpty(item.knownIssueTitle())))
                        + " " + Markdown.code(item.fingerprint()) + (item.newToDigest() ? " *(first report)*" : ""));
                out.println("  - " + Markdown.cell(DigestRenderer.counts(item)));
                out.println("  - why: " + Markdown.cell(item.why()));
                for (String command : digest.evidenceCommands(item)) {
                    out.println("  - evidence: " + Markdown.code(command));
                }
            }
        }
        out.println();
        out.println("## Recovered (" + digest.recovered().size() + ")");
        digest.recovered().forEach(r -> out.println("- " + Markdown.cell(DigestRenderer.recoveryLine(r))));
        out.println();
        out.println("## " + DigestRenderer.newTemplatesHeading(digest));
        for (Digest.NewTemplate t : digest.newTemplates()) {
            out.println();
            out.println("- " + Markdown.code(t.id()) + " " + Markdown.code(t.template()));
            out.println("  - " + Markdown.cell(DigestRenderer.templateCounts(t)));
            if (t.example() != null) {
                out.println("  - example: " + Markdown.code(t.example()));
            }
            out.println("  - draft: " + Markdown.code(digest.draftCommand(t)));
        }
        out.flush();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
