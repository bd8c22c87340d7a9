package dev.faultline.report;

import dev.faultline.incident.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The timeline for a ticket as Mermaid Gantt charts (GitHub and GitLab draw them). A Gantt axis cannot
 * be compressed, so each window of {@link Timeline.Scale} gets a chart of its own (a section per
 * revision active in it, a bar per signature, clipped to the window) and the stretches between the
 * windows are said in a line of text: how long, and which revisions were active only then.
 */
final class MermaidTimeline {

    private static final DateTimeFormatter MERMAID_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private MermaidTimeline() {
    }

    static String render(Timeline timeline) {
        if (timeline.rows().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        List<Timeline.Scale.Segment> windows = timeline.scale().windows();
        boolean failures = timeline.rows().stream().anyMatch(r -> r.verdict() != Verdict.HEALTHY);
        md.append("**Timeline (UTC)**: ").append(windows.size()).append(failures ? " failing window" : " window of activity")
                .append(windows.size() == 1 ? "" : "s").append("; the quiet stretches are left out, their length said between the charts.\n\n");
        List<Timeline.Scale.Segment> segments = timeline.scale().segments();
        int n = 0;
        for (Timeline.Scale.Segment s : segments) {
            if (s.focus()) {
                md.append("Window ").append(++n).append(": ").append(DAY_TIME.format(s.from())).append(" to ")
                        .append((sameDay(s.from(), s.until()) ? TIME : DAY_TIME).format(s.until()))
                        .append(revisions(timeline, r -> overlaps(r.from(), r.until(), s), " · ")).append("\n\n");
                chart(md, timeline, s);
            } else {
                md.append("*").append(SvgTimeline.gap(s.length())).append(failures ? " without failure" : " without logs")
                        .append(quiet(timeline, s, segments)).append("*\n\n");
            }
        }
        return md.toString();
    }

    /** Revisions active in this stretch and in no window: they would appear nowhere else in the timeline. */
    private static String quiet(Timeline timeline, Timeline.Scale.Segment stretch, List<Timeline.Scale.Segment> segments) {
        String only = revisions(timeline, r -> overlaps(r.from(), r.until(), stretch)
                && segments.stream().noneMatch(w -> w.focus() && overlaps(r.from(), r.until(), w)), "");
        return only.isEmpty() ? "" : " (" + only + ")";
    }

    /** The chart's sections name the revision only (Mermaid's section column is narrow): the verdicts are said here. */
    private static String revisions(Timeline timeline, Predicate<Timeline.Row> which, String prefix) {
        List<String> named = timeline.rows().stream().filter(which)
                .map(r -> Markdown.cell(r.label()) + " " + Markdown.cell(r.verdictLine())).toList();
        return named.isEmpty() ? "" : prefix + String.join(", ", named);
    }

    private static void chart(StringBuilder md, Timeline timeline, Timeline.Scale.Segment window) {
        md.append("```mermaid\n");
        md.append("gantt\n");
        md.append("    dateFormat YYYY-MM-DD HH:mm:ss\n");
        md.append("    axisFormat ").append(window.length().compareTo(Duration.ofMinutes(10)) < 0 ? "%H:%M:%S" : "%H:%M").append('\n');
        for (Timeline.Row row : timeline.rows()) {
            if (!overlaps(row.from(), row.until(), window)) {
                continue;
            }
            md.append("    section ").append(Markdown.mermaid(row.label())).append('\n');
            md.append("    ").append(row.entries()).append(" entries :done, ").append(task(row.from(), row.until(), window)).append('\n');
            for (Timeline.Bar bar : row.bars()) {
                if (!overlaps(bar.from(), bar.until(), window)) {
                    continue;
                }
                String tag = switch (bar.kind()) {
                    case "cause" -> "crit, ";
                    case "symptom" -> "active, ";
                    default -> "";
                };
                md.append("    ").append(Markdown.mermaid(shortId(bar.signature()) + " x" + bar.count())).append(" :").append(tag)
                        .append(task(bar.from(), bar.until(), window)).append('\n');
            }
        }
        md.append("```\n\n");
    }

    /** {@code startup-phase-timeout} for {@code app.startup-phase-timeout}: short enough to sit in its bar; the tables name it in full. */
    static String shortId(String signature) {
        return signature.substring(signature.lastIndexOf('.') + 1);
    }

    private static boolean overlaps(Instant from, Instant until, Timeline.Scale.Segment s) {
        return !from.isAfter(s.until()) && !until.isBefore(s.from());
    }

    private static boolean sameDay(Instant a, Instant b) {
        return a.atZone(ZoneOffset.UTC).toLocalDate().equals(b.atZone(ZoneOffset.UTC).toLocalDate());
    }

    /** Start and end clipped to the window, at least a second long so that a single hit still shows. */
    private static String task(Instant from, Instant until, Timeline.Scale.Segment window) {
        Instant a = from.isBefore(window.from()) ? window.from() : from;
        Instant b = until.isAfter(window.until()) ? window.until() : until;
        if (b.isBefore(a.plusSeconds(1))) {
            b = a.plusSeconds(1);
        }
        return MERMAID_TIME.format(a) + ", " + MERMAID_TIME.format(b);
    }
}
