package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.assemble.Event;
import dev.faultline.incident.IncidentReport;
import dev.faultline.incident.Regression;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.Verdict;
import dev.faultline.mine.Example;
import dev.faultline.mine.Miner;
import dev.faultline.mine.ProbableCause;
import dev.faultline.mine.RevisionTemplate;
import dev.faultline.mine.Template;
import dev.faultline.source.SourceStats;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * The terminal view for the engineer at 3 a.m.: the incidents first, newest first, each with its
 * verdict, the revisions it spans and whether it came back after a fix; inside it the newest
 * revision in full (hits causes first, the reasons, one evidence event per cause) and the earlier
 * ones in one line each; then the healthy revisions in one line each.
 */
public final class TextReport implements Report {

    private static final int EVIDENCE_LINES = 12;
    /** Unclassified templates in the closing section and under a revision. */
    private static final int TEMPLATES_SHOWN = 5;

    private final boolean colour;

    /** @param colour ANSI colours; the CLI enables them only on a TTY without NO_COLOR */
    public TextReport(boolean colour) {
        this.colour = colour;
    }

    @Override
    public void render(TriageResult result, Writer writer) throws IOException {
        PrintWriter out = new PrintWriter(writer);
        out.println(dim("faultline " + result.faultlineVersion() + " · " + Facts.catalogLine(result)
                + " · " + Facts.inputLine(result)));
        for (SourceStats s : result.sources()) {
            if (s.incomplete()) {
                out.println(red("input incomplete: " + v(s.source()) + " ended early; verdicts may miss what was not read"));
            } else if (!s.isLogExport()) {
                out.println(dim("skipped: " + v(s.source()) + " (not a log export)"));
            }
        }
        if (result.summarised().any()) {
            out.println(yellow(result.summarised().describe()));
        }
        out.println();
        // Incidents first, newest first: each one's story in full on its newest revision, one line per earlier one.
        for (IncidentReport incident : result.incidents()) {
            incident(out, incident);
            RevisionReport newest = incident.newest();
            failing(out, newest);
            List<RevisionReport> earlier = incident.revisions().subList(0, incident.revisions().size() - 1);
            if (!earlier.isEmpty()) {
                out.println("  " + bold("same failure on " + earlier.size() + " earlier revision" + (earlier.size() == 1 ? "" : "s") + ":"));
                for (RevisionReport r : earlier) {
                    sameAs(out, r, newest);
                }
                out.println();
            }
        }
        for (RevisionReport r : result.revisions()) {
            if (r.incident().verdict() == Verdict.HEALTHY) {
                healthy(out, r);
            }
        }
        if (result.revisions().isEmpty()) {
            out.println("no Cloud Run revision in the input");
        }
        unclassified(out, result);
        out.println();
        out.println(bold(Facts.summary(result)) + dim(" · exit " + result.exitCode() + " · " + Facts.redaction(result)));
        out.flush();
    }

    /** The incident's line: verdict, id, service, the revisions it spans and when; then whether it came back after a fix. */
    private void incident(PrintWriter out, IncidentReport incident) {
        String verdict = v(Facts.verdictLine(incident));
        out.println(bold("INCIDENT " + incident.id()) + "  " + bold(incident.verdict() == Verdict.ONGOING ? yellow(verdict) : red(verdict))
                + "  " + v(Facts.incidentLine(incident)));
        for (Regression g : incident.regressions()) {
            out.println("  " + v(Facts.plainTimes(g.describe())));
        }
        out.println();
    }

    private void failing(PrintWriter out, RevisionReport report) {
        RevisionHits r = report.revision();
        String verdict = v(Facts.verdictLine(report)); // a known issue's id comes from a team's registry
        String painted = switch (report.incident().verdict()) {
            case NEW, RECURRENCE -> red(verdict);
            default -> yellow(verdict);
        };
        out.println(bold(painted) + "  " + bold(v(r.key().revision())) + "  " + dim("(" + v(Facts.owner(r.key())) + ", "
                + r.instances().size() + " instance" + (r.instances().size() == 1 ? "" : "s") + ", "
                + Facts.time(r.firstSeen()) + " .. " + Facts.time(r.lastSeen()) + ")"));
        out.println("  " + v(Facts.headline(report)));
        int width = r.hits().stream().mapToInt(h -> h.signature().ref().length()).max().orElse(20);
        for (SignatureHits h : r.hits()) {
            out.printf("  %-7s  %-" + width + "s  %-8s %5dx  %s .. %s  %s%n",
                    h.signature().role().name().toLowerCase(Locale.ROOT), v(h.signature().ref()),
                    h.signature().severity().name().toLowerCase(Locale.ROOT), h.count(),
                    Facts.time(h.firstSeen()), Facts.time(h.lastSeen()), v(Facts.fields(h)));
        }
        out.println("  why:");
        for (String reason : report.incident().reasons()) {
            out.println("    - " + v(Facts.plainTimes(reason)));
        }
        probableCauses(out, report);
        listed(out, report, "  ");
        if (r.failureHits().isEmpty()) {
            // failing on 5xx alone: no signature, so no evidence event to show
            out.println();
            return;
        }
        SignatureHits first = r.failureHits().get(0);
        if (!first.evidence().isEmpty()) {
            Event e = first.evidence().get(0);
            out.println("  evidence (" + v(first.signature().id()) + ", " + Facts.time(e.head().timestamp()) + " " + e.head().severity()
                    + (e.head().instanceId() != null ? ", instance " + v(Facts.shortInstance(e.head().instanceId())) : "")
                    + (e.assembly().isEmpty() ? "" : "; " + v(e.assembly())) + "):");
            printLines(out, e.text());
        }
        String next = Facts.remediation(first);
        if (!next.isEmpty()) {
            out.println("  next: " + v(next));
        }
        out.println();
    }

    /** One line: its verdict when it differs, when, how wide, the causes' counts and only the extracted values that differ from the newest. */
    private void sameAs(PrintWriter out, RevisionReport report, RevisionReport newest) {
        RevisionHits r = report.revision();
        String verdict = report.incident().verdict() == newest.incident().verdict() ? "" : v(Facts.verdictLine(report)) + "  ";
        StringBuilder line = new StringBuilder("    " + verdict + v(r.key().revision()) + "  " + Facts.time(r.firstSeen()) + " .. "
                + Facts.time(r.lastSeen()) + "  " + r.instances().size() + " instance" + (r.instances().size() == 1 ? "" : "s"));
        Facts.differingValues(report, newest).forEach((h, differ) -> {
            line.append(", ").append(h.count()).append("x ").append(v(h.signature().id()));
            differ.forEach((field, value) -> line.append(" ").append(v(field)).append("=").append(v(value)));
        });
        out.println(dim(line.toString()));
    }

    private void healthy(PrintWriter out, RevisionReport report) {
        RevisionHits r = report.revision();
        // verdict healthy (nothing to judge), but the status says how it served: healthy, degraded or unknown
        String status = switch (r.health()) {
            case HEALTHY -> green("healthy");
            case DEGRADED -> red("degraded");
            default -> dim(r.health().label());
        };
        StringBuilder line = new StringBuilder(status + "  " + v(r.key().revision()) + "  " + dim("(" + v(Facts.owner(r.key()))
                + ", " + r.entries() + " entries"));
        if (r.key().job() && r.outcome() != null) {
            line.append(dim(", " + (r.outcome().completed() ? "completed: " : "did not complete: ") + v(r.outcome().describe())));
        }
        if (r.requests().total() > 0) {
            line.append(dim(", " + r.requests().shownTotal() + " requests: " + r.requests().shown2xx() + " 2xx, "
                    + r.requests().client4xx() + " 4xx, " + r.requests().server5xx() + " 5xx"
                    + (r.requests().sampled() ? " (" + RevisionHits.sampleNote(r.requests()) + ")" : "")));
        }
        if (!r.hits().isEmpty()) {
            line.append(dim(", warnings: " + v(String.join(", ", r.hits().stream().map(h -> h.signature().id()).toList()))));
        }
        long unclassified = r.mined().unclassified().stream().mapToLong(RevisionTemplate::count).sum();
        if (unclassified > 0) {
            line.append(dim(", " + unclassified + " unclassified error event" + (unclassified == 1 ? "" : "s")));
        }
        out.println(line.append(dim(")")));
        if (r.degradedByUnclassified()) {
            out.println("    " + r.healthEvidence().get(r.healthEvidence().size() - 1));
        }
        listed(out, report, "  ");
    }

    /** The probable cause (rank 1) with its evidence, then the next candidates in one line each. */
    private void probableCauses(PrintWriter out, RevisionReport report) {
        if (report.incident().causeFound()) {
            return;
        }
        for (ProbableCause p : report.revision().mined().probableCauses()) {
            if (p.rank() == 1) {
                out.println("  " + bold(Facts.probableCauseLabel(p) + ":") + " " + v(p.template().display()));
                out.println("    template " + p.template().id() + ", " + p.template().kind().label() + ", " + p.count()
                        + " before the failure; ranked from the unmatched error lines (see why)");
                evidence(out, "evidence", p.evidence());
            } else {
                out.println("  " + Facts.probableCauseLabel(p) + ": " + v(Facts.shorten(p.template().display(), 160))
                        + dim("  (" + p.template().id() + ", " + p.template().kind().label() + ", " + p.count() + "x, "
                        + Miner.relative(p.before()) + ")"));
            }
        }
    }

    /** A revision's unclassified error templates worth listing (all for a failing one, recurring ones otherwise). */
    private void listed(PrintWriter out, RevisionReport report, String indent) {
        List<RevisionTemplate> listed = Facts.listedUnder(report);
        if (listed.isEmpty()) {
            return;
        }
        out.println(indent + "unclassified errors on this revision:");
        for (RevisionTemplate t : listed.subList(0, Math.min(TEMPLATES_SHOWN, listed.size()))) {
            out.println(indent + "  " + t.template().id() + "  " + Facts.span(t.count(), t.firstSeen(), t.lastSeen()) + "  "
                    + v(Facts.shorten(t.template().display(), 160)));
        }
        if (listed.size() > TEMPLATES_SHOWN) {
            out.println(indent + "  ... " + (listed.size() - TEMPLATES_SHOWN) + " more (see --format json)");
        }
    }

    /** Every unclassified error template of the input, most frequent first. */
    private void unclassified(PrintWriter out, TriageResult result) {
        List<Template> templates = result.mined().templates();
        if (templates.isEmpty()) {
            return;
        }
        out.println();
        out.println(bold("unclassified error templates (no signature matched): " + templates.size()));
        for (Template t : templates.subList(0, Math.min(TEMPLATES_SHOWN, templates.size()))) {
            out.println("  " + t.id() + "  " + Facts.span(t.count(), t.firstSeen(), t.lastSeen()) + "  " + t.revisionCount()
                    + " revision" + (t.revisionCount() == 1 ? "" : "s") + "  " + v(Facts.shorten(t.display(), 160)));
        }
        if (templates.size() > TEMPLATES_SHOWN) {
            out.println("  ... " + (templates.size() - TEMPLATES_SHOWN) + " more (see --format json)");
        }
        out.println(dim("  " + Facts.draftHint()));
    }

    private void evidence(PrintWriter out, String label, Example e) {
        if (e == null) {
            return;
        }
        out.println("    " + label + " (" + Facts.time(e.timestamp()) + " " + e.severity()
                + (e.instanceId() != null ? ", instance " + v(Facts.shortInstance(e.instanceId())) : "") + "):");
        printLines(out, e.text()); // escaped line by line there
    }

    private void printLines(PrintWriter out, String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < Math.min(lines.length, EVIDENCE_LINES); i++) {
            out.println("    | " + v(lines[i]));
        }
        if (lines.length > EVIDENCE_LINES) {
            out.println("    | ... " + (lines.length - EVIDENCE_LINES) + " more lines (see --format markdown)");
        }
    }

    /** Every value from the logs, the catalog or the registry passes here on its way to the terminal. */
    private static String v(String s) {
        return Visible.of(s);
    }

    private String bold(String s) {
        return paint("1", s);
    }

    private String dim(String s) {
        return paint("2", s);
    }

    /** The verdict in one line, for stderr when the report itself goes to a file. */
    public static String summaryLine(TriageResult result) {
        return Facts.summary(result) + " · exit " + result.exitCode() + (result.partial() ? " · INPUT INCOMPLETE" : "");
    }

    private String red(String s) {
        return paint("31", s);
    }

    private String yellow(String s) {
        return paint("33", s);
    }

    private String green(String s) {
        return paint("32", s);
    }

    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
