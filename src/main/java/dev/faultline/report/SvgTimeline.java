package dev.faultline.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.commons.text.StringEscapeUtils.escapeXml10;

/**
 * Draws a {@link Timeline} as inline SVG: a row per revision with its span of activity and one
 * thin bar per signature. Deploys are often days apart while a failure lasts minutes, so idle
 * stretches longer than {@link #IDLE} are cut out of the axis and drawn as a break with their
 * length; each burst of activity gets a width by its duration, but never less than a readable minimum.
 * Colours come from CSS classes, so the page's light and dark themes apply.
 */
final class SvgTimeline {

    static final Duration IDLE = Duration.ofMinutes(30);

    private static final int LABEL = 230;
    private static final int PLOT = 700;
    private static final int BREAK = 28;
    private static final int MIN_CLUSTER = 70;
    private static final int BAR = 6;
    private static final int ROW_PAD = 8;
    private static final int AXIS = 34;
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A stretch of the axis with activity; {@code x} and {@code width} in pixels from the plot's left edge. */
    private record Cluster(Instant from, Instant until, double x, double width) {
        double at(Instant t) {
            long span = Duration.between(from, until).toMillis();
            return span == 0 ? x + width / 2 : x + width * Duration.between(from, t).toMillis() / span;
        }
    }

    private SvgTimeline() {
    }

    static String render(Timeline timeline) {
        if (timeline.rows().isEmpty()) {
            return "";
        }
        List<Cluster> clusters = layout(timeline);
        int height = AXIS;
        for (Timeline.Row row : timeline.rows()) {
            height += rowHeight(row);
        }
        int width = LABEL + PLOT + 10;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" aria-label=\"Hits per revision over time (UTC)\">\n");
        svg.append("<title>Hits per revision over time (UTC)</title>\n");
        int y = 0;
        for (Timeline.Row row : timeline.rows()) {
            int h = rowHeight(row);
            svg.append("<g class=\"row ").append(row.verdict().label()).append("\">\n");
            svg.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n", y, width, h));
            svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"6\" y=\"%d\">%s</text>%n", y + 15, escapeXml10(row.label())));
            svg.append(String.format(Locale.ROOT, "<text class=\"verdict\" x=\"6\" y=\"%d\">%s</text>%n", y + 29, escapeXml10(row.verdictLine())));
            bar(svg, clusters, "activity", row.from(), row.until(), y + ROW_PAD, BAR,
                    row.revision() + ": " + row.entries() + " entries, " + TIME.format(row.from()) + " to " + TIME.format(row.until()));
            int by = y + ROW_PAD + BAR + 3;
            for (Timeline.Bar b : row.bars()) {
                bar(svg, clusters, b.kind(), b.from(), b.until(), by, BAR,
                        b.signature() + " x" + b.count() + " (" + b.kind() + "), " + TIME.format(b.from()) + " to " + TIME.format(b.until()));
                by += BAR + 2;
            }
            svg.append("</g>\n");
            y += h;
        }
        axis(svg, clusters, y);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int rowHeight(Timeline.Row row) {
        return Math.max(38, ROW_PAD * 2 + BAR + 3 + row.bars().size() * (BAR + 2));
    }

    private static void bar(StringBuilder svg, List<Cluster> clusters, String kind, Instant from, Instant until,
                            int y, int h, String title) {
        double x1 = x(clusters, from);
        double x2 = Math.max(x(clusters, until), x1 + 3); // a single hit still shows
        svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"1\"><title>%s</title></rect>%n",
                kind, LABEL + x1, y, x2 - x1, h, escapeXml10(title)));
    }

    private static double x(List<Cluster> clusters, Instant t) {
        for (Cluster c : clusters) {
            if (!t.isAfter(c.until())) {
                return c.at(t.isBefore(c.from()) ? c.from() : t);
            }
        }
        Cluster last = clusters.get(clusters.size() - 1);
        return last.x() + last.width();
    }

    private static void axis(StringBuilder svg, List<Cluster> clusters, int y) {
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", LABEL, y + 2, LABEL + PLOT, y + 2));
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"6\" y=\"%d\">UTC</text>%n", y + 16));
        for (int i = 0; i < clusters.size(); i++) {
            Cluster c = clusters.get(i);
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%s</text>%n",
                    LABEL + c.x(), y + 16, DAY_TIME.format(c.from())));
            if (i + 1 < clusters.size()) {
                Cluster next = clusters.get(i + 1);
                double bx = LABEL + c.x() + c.width() + BREAK / 2.0;
                svg.append(String.format(Locale.ROOT, "<text class=\"break\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">//</text>%n", bx, y + 6));
                svg.append(String.format(Locale.ROOT, "<text class=\"gap\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">+%s</text>%n",
                        bx, y + 30, gap(Duration.between(c.until(), next.from()))));
            }
        }
    }

    /** {@code 2d 20h}, {@code 42m}: how much idle time a break stands for. */
    static String gap(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m";
    }

    /** Merges the revisions' spans into bursts separated by more than {@link #IDLE}, and gives each its width. */
    private static List<Cluster> layout(Timeline timeline) {
        List<Instant[]> spans = new ArrayList<>();
        timeline.rows().stream()
                .map(r -> new Instant[] {r.from(), r.until()})
                .sorted((a, b) -> a[0].compareTo(b[0]))
                .forEach(span -> {
                    Instant[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
                    if (last != null && !span[0].isAfter(last[1].plus(IDLE))) {
                        if (span[1].isAfter(last[1])) {
                            last[1] = span[1];
                        }
                    } else {
                        spans.add(new Instant[] {span[0], span[1]});
                    }
                });
        double available = PLOT - (spans.size() - 1) * BREAK;
        double spare = Math.max(0, available - spans.size() * MIN_CLUSTER);
        long total = spans.stream().mapToLong(s -> Duration.between(s[0], s[1]).toMillis()).sum();
        List<Cluster> clusters = new ArrayList<>();
        double x = 0;
        for (Instant[] s : spans) {
            long ms = Duration.between(s[0], s[1]).toMillis();
            double w = MIN_CLUSTER + (total == 0 ? spare / spans.size() : spare * ms / total);
            clusters.add(new Cluster(s[0], s[1], x, w));
            x += w + BREAK;
        }
        return clusters;
    }
}
