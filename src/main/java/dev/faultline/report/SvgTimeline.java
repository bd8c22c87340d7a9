package dev.faultline.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.apache.commons.text.StringEscapeUtils.escapeXml10;

/**
 * Draws a {@link Timeline} as inline SVG on its {@link Timeline.Scale}: a row per revision with its span
 * of activity and one thin bar per signature. The failing windows get most of the width; the stretches
 * between them are compressed, hatched, and labelled with their length below the axis. Time labels are
 * placed only where they do not overlap (measured in the viewBox's pixels; the picture scales as a whole
 * to the page's width, so what does not overlap here does not overlap at any width). Colours come from
 * CSS classes, so the page's light and dark themes apply.
 */
final class SvgTimeline {

    /** What the legend says about the hatched stretches. */
    static final String LEGEND = "hatched: quiet or healthy stretches, compressed (their length under the axis)";

    private static final int LABEL = 160;
    private static final int PLOT = 730;
    private static final int WIDTH = LABEL + PLOT + 10;
    private static final int BAR = 6;
    private static final int ROW_PAD = 8;
    private static final int AXIS = 40;
    /** Width of one character of an 11 px axis label, rounded up from DejaVu Sans (Debian's default) digits. */
    private static final double CHAR = 7.0;
    private static final double LABEL_GAP = 8;
    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final List<Duration> STEPS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));

    /** An axis label: where it goes, what it says, and which wins when two would overlap (lower first). */
    private record Tick(double x, String text, int priority) {
        double left() {
            return anchorStart() ? x : anchorEnd() ? x - width() : x - width() / 2;
        }

        double right() {
            return left() + width();
        }

        double width() {
            return text.length() * CHAR;
        }

        boolean anchorStart() {
            return x - width() / 2 < LABEL;
        }

        boolean anchorEnd() {
            return x + width() / 2 > WIDTH;
        }

        String anchor() {
            return anchorStart() ? "start" : anchorEnd() ? "end" : "middle";
        }
    }

    private SvgTimeline() {
    }

    static String render(Timeline timeline) {
        if (timeline.rows().isEmpty()) {
            return "";
        }
        Timeline.Scale scale = timeline.scale();
        int rowsHeight = 0;
        for (Timeline.Row row : timeline.rows()) {
            rowsHeight += rowHeight(row);
        }
        int height = rowsHeight + AXIS;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" width=\"100%\" height=\"").append(height)
                .append("\" aria-label=\"Hits per revision over time (UTC)\">\n");
        svg.append("<title>Hits per revision over time (UTC)</title>\n");
        svg.append("<style>svg.timeline .hatch { fill: none; stroke: var(--muted, #59636e); stroke-opacity: .4; stroke-width: 1.2; } "
                + "svg.timeline .zigzag { fill: none; stroke: var(--muted, #59636e); stroke-width: 1.2; } "
                + "svg.timeline .edge { stroke: var(--line, #d1d9e0); stroke-dasharray: 2 3; }</style>\n");
        int y = 0;
        for (Timeline.Row row : timeline.rows()) {
            int h = rowHeight(row);
            svg.append("<g class=\"row ").append(row.verdict().label()).append("\">\n");
            svg.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n", y, WIDTH, h));
            svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"6\" y=\"%d\">%s</text>%n", y + 15, escapeXml10(row.label())));
            svg.append(String.format(Locale.ROOT, "<text class=\"verdict\" x=\"6\" y=\"%d\">%s</text>%n", y + 29, escapeXml10(row.verdictLine())));
            bar(svg, scale, "activity", row.from(), row.until(), y + ROW_PAD,
                    row.revision() + ": " + row.entries() + " entries, " + TIME.format(row.from()) + " to " + TIME.format(row.until()));
            int by = y + ROW_PAD + BAR + 3;
            for (Timeline.Bar b : row.bars()) {
                bar(svg, scale, b.kind(), b.from(), b.until(), by,
                        b.signature() + " x" + b.count() + " (" + b.kind() + "), " + TIME.format(b.from()) + " to " + TIME.format(b.until()));
                by += BAR + 2;
            }
            svg.append("</g>\n");
            y += h;
        }
        segments(svg, scale, rowsHeight);
        axis(svg, scale, rowsHeight);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int rowHeight(Timeline.Row row) {
        return Math.max(38, ROW_PAD * 2 + BAR + 3 + row.bars().size() * (BAR + 2));
    }

    private static double x(Timeline.Scale scale, Instant t) {
        return LABEL + PLOT * scale.at(t);
    }

    private static void bar(StringBuilder svg, Timeline.Scale scale, String kind, Instant from, Instant until, int y, String title) {
        double x1 = x(scale, from);
        double x2 = Math.max(x(scale, until), x1 + 3); // a single hit still shows
        svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"1\"><title>%s</title></rect>%n",
                kind, x1, y, x2 - x1, BAR, escapeXml10(title)));
    }

    /**
     * One rect per segment of the axis over all rows: the compressed stretches hatched over whatever
     * they cover, the windows transparent (they carry their times, and a browser test measures them).
     */
    private static void segments(StringBuilder svg, Timeline.Scale scale, int rowsHeight) {
        for (Timeline.Scale.Segment s : scale.segments()) {
            double x = LABEL + PLOT * s.start();
            double w = PLOT * s.share();
            String span = TIME.format(s.from()) + " to " + TIME.format(s.until());
            if (s.focus()) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"segment window\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"none\" "
                        + "data-from=\"%s\" data-until=\"%s\"><title>%s</title></rect>%n", x, w, rowsHeight, s.from(), s.until(), span));
            } else {
                svg.append(String.format(Locale.ROOT, "<rect class=\"segment compressed\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" "
                                + "fill=\"none\" data-from=\"%s\" data-until=\"%s\"><title>%s compressed: %s</title></rect>%n",
                        x, w, rowsHeight, s.from(), s.until(), gap(s.length()), span));
                svg.append("<path class=\"hatch\" d=\"").append(hatch(x, w, rowsHeight)).append("\"/>\n");
                for (double edge : new double[] {x, x + w}) {
                    svg.append(String.format(Locale.ROOT, "<line class=\"edge\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>%n", edge, edge, rowsHeight));
                }
            }
        }
    }

    /**
     * Diagonal lines 8 px apart inside the rectangle, drawn as one path (a fill pattern would need
     * {@code url(#id)}, which the report's no-external-resource check rightly treats as suspect).
     */
    private static String hatch(double x, double w, int h) {
        StringBuilder d = new StringBuilder();
        for (double c = 4; c < w + h; c += 8) {
            double x1 = Math.max(0, c - h);
            double x2 = Math.min(w, c);
            d.append(String.format(Locale.ROOT, "M%.1f %.1fL%.1f %.1f", x + x1, c - x1, x + x2, c - x2));
        }
        return d.toString();
    }

    private static void axis(StringBuilder svg, Timeline.Scale scale, int y) {
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n", LABEL, y + 2, LABEL + PLOT, y + 2));
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"6\" y=\"%d\">UTC</text>%n", y + 16));
        List<Tick> times = new ArrayList<>();
        List<Tick> gaps = new ArrayList<>();
        String lastDay = null;
        for (Timeline.Scale.Segment s : scale.segments()) {
            double x = LABEL + PLOT * s.start();
            double w = PLOT * s.share();
            if (!s.focus()) {
                // a zig-zag where the axis is compressed, and how long the stretch really is
                StringBuilder zig = new StringBuilder();
                for (double zx = x, i = 0; zx <= x + w; zx += 4, i++) {
                    zig.append(String.format(Locale.ROOT, "%.1f,%d ", zx, y + 2 + (i % 2 == 0 ? -3 : 3)));
                }
                svg.append("<polyline class=\"zigzag\" points=\"").append(zig.toString().strip()).append("\"/>\n");
                gaps.add(new Tick(x + w / 2, gap(s.length()), 0));
                continue;
            }
            // the date where it changes (and on the first label), the seconds where the ticks are that close
            String day = DAY.format(s.from());
            Duration step = step(s);
            DateTimeFormatter format = step.compareTo(Duration.ofMinutes(1)) < 0 ? TIME : HOUR_MINUTE;
            times.add(new Tick(x, (day.equals(lastDay) ? "" : MONTH_DAY.format(s.from()) + " ") + format.format(s.from()), 0));
            lastDay = day;
            long stepMs = step.toMillis();
            for (long t = (s.from().toEpochMilli() / stepMs + 1) * stepMs; t < s.until().toEpochMilli(); t += stepMs) {
                Instant at = Instant.ofEpochMilli(t);
                times.add(new Tick(LABEL + PLOT * s.at(at), dated(at, day, format), 2));
            }
            times.add(new Tick(x + w, dated(s.until(), day, format), 1));
            lastDay = DAY.format(s.until());
        }
        for (Tick t : placed(times)) {
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>%n",
                    t.x(), y + 16, t.anchor(), escapeXml10(t.text())));
        }
        for (Tick t : placed(gaps)) {
            svg.append(String.format(Locale.ROOT, "<text class=\"gap\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>%n",
                    t.x(), y + 32, t.anchor(), escapeXml10(t.text())));
        }
    }

    private static String dated(Instant t, String day, DateTimeFormatter format) {
        return (DAY.format(t).equals(day) ? "" : MONTH_DAY.format(t) + " ") + format.format(t);
    }

    /** The smallest round step whose labels, at this window's width, leave room between them. */
    private static Duration step(Timeline.Scale.Segment s) {
        double pxPerMs = PLOT * s.share() / Math.max(1, s.length().toMillis());
        for (Duration d : STEPS) {
            double labelWidth = (d.compareTo(Duration.ofMinutes(1)) < 0 ? 8 : 5) * CHAR + 3 * LABEL_GAP;
            if (d.toMillis() * pxPerMs >= labelWidth) {
                return d;
            }
        }
        return STEPS.get(STEPS.size() - 1);
    }

    /** The labels that fit, taken in priority order, each kept only where it overlaps none already kept. */
    private static List<Tick> placed(List<Tick> candidates) {
        List<Tick> kept = new ArrayList<>();
        candidates.stream().sorted(Comparator.comparingInt(Tick::priority)).forEach(t -> {
            if (kept.stream().noneMatch(k -> t.left() < k.right() + LABEL_GAP && k.left() < t.right() + LABEL_GAP)) {
                kept.add(t);
            }
        });
        kept.sort(Comparator.comparingDouble(Tick::x));
        return kept;
    }

    /** {@code 2d 20h}, {@code 42m}: how much time a compressed stretch stands for. */
    static String gap(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m";
    }
}
