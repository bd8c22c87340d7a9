package dev.faultline.report;

import dev.faultline.history.Digest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** The digest for a terminal or an e-mail body: plain text, control characters from the logs shown, not obeyed ({@link Visible}). */
public final class DigestText implements DigestRenderer {

    private final boolean colour;

    public DigestText() {
        this(false);
    }

    /** @param colour ANSI colours for the section headings (the CLI decides, see {@code --color}) */
    public DigestText(boolean colour) {
        this.colour = colour;
    }

    @Override
    public void render(Digest digest, Writer w) throws IOException {
        PrintWriter out = new PrintWriter(w);
        out.println("faultline report " + plain(DigestRenderer.runLine(digest)));
        if (digest.partial()) {
            out.println(DigestRenderer.partialWarning());
        }
        digest.catalogChanges().forEach(line -> out.println(plain(line)));
        for (Digest.Section section : Digest.Section.values()) {
            var items = digest.section(section);
            out.println();
            String heading = DigestRenderer.heading(section) + " (" + items.size() + ")";
            // red where the job wants a person's attention: something new or back
            out.println(!colour ? heading : "\u001b[1" + (items.isEmpty() || section == Digest.Section.ONGOING ? "" : ";31") + "m"
                    + heading + "\u001b[0m");
            for (Digest.Item item : items) {
                out.println("  " + plain(item.service()) + "  "
                        + (item.knownIssue() == null ? "no known issue" : plain(item.knownIssue() + " " + nullToEmpty(item.knownIssueTitle())))
                        + "  [" + plain(item.fingerprint()) + "]" + (item.newToDigest() ? "  (first report)" : ""));
                out.println("      " + plain(DigestRenderer.counts(item)));
                out.println("      signatures: " + plain(String.join(", ", item.signatures())));
                out.println("      why: " + plain(item.why()));
                for (String command : digest.evidenceCommands(item)) {
                    out.println("      evidence: " + plain(command));
                }
            }
        }
        out.println();
        out.println("Recovered (" + digest.recovered().size() + ")");
        digest.recovered().forEach(r -> out.println("  " + plain(DigestRenderer.recoveryLine(r))));
        out.println();
        out.println(DigestRenderer.newTemplatesHeading(digest));
        for (Digest.NewTemplate t : digest.newTemplates()) {
            out.println("  " + t.id() + "  " + plain(t.template()));
            out.println("      " + plain(DigestRenderer.templateCounts(t)));
            if (t.example() != null) {
                out.println("      example: " + plain(t.example()));
            }
            out.println("      draft: " + plain(digest.draftCommand(t)));
        }
        out.flush();
    }

    /** Log-derived text must not drive the terminal. */
    private static String plain(String s) {
        return s == null ? "" : Visible.of(s);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
