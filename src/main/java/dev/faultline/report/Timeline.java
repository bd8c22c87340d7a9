package dev.faultline.report;

import dev.faultline.TriageResult;
import dev.faultline.catalog.Signature;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * The piecewise time axis both charts draw on. The failing windows (first to last failure hit
     * of a failing revision, plus a margin) get most of the width; the stretches between them, however
     * long, are compressed to a bounded share each and drawn as marked breaks. Without a failing
     * revision the bursts of activity are the windows.
     */
    Scale scale() {
        return Scale.of(this);
    }

    /**
     * A piecewise linear map from time to a fraction of the axis width.
     *
     * @param segments in time order, covering the timeline without gaps
     */
    record Scale(List<Segment> segments) {

        /** Hits closer than this to each other, or to either end of the timeline, share one window. */
        static final Duration MERGE = Duration.ofMinutes(10);
        /** Without a failure, activity bursts further apart than this are separate windows. */
        static final Duration IDLE = Duration.ofMinutes(30);
        /**
         * Room around a failing window's hits: a tenth of the window, at least this. Small, so that a
         * failure that lasted a second is drawn a couple of dozen pixels wide, not as a sliver.
         */
        static final Duration MARGIN = Duration.ofSeconds(15);
        /** The most a compressed stretch gets, and the most all of them together get. */
        static final double BREAK_SHARE = 0.075;
        static final double BREAKS_TOTAL = 0.3;

        /**
         * @param focus a window around failures (or, without failures, a burst of activity); else a compressed stretch
         * @param start where it starts, as a fraction of the axis width
         * @param share its width, as a fraction of the axis width
         */
        record Segment(Instant from, Instant until, boolean focus, double start, double share) {

            Duration length() {
                return Duration.between(from, until);
            }

            double at(Instant t) {
                long span = length().toMillis();
                return span == 0 ? start + share / 2 : start + share * Duration.between(from, t).toMillis() / span;
            }
        }

        /** Where {@code t} falls on the axis, from 0 (the timeline's start) to 1 (its end). */
        double at(Instant t) {
            for (Segment s : segments) {
                if (!t.isAfter(s.until())) {
                    return s.at(t.isBefore(s.from()) ? s.from() : t);
                }
            }
            return 1;
        }

        List<Segment> windows() {
            return segments.stream().filter(Segment::focus).toList();
        }

        static Scale of(Timeline timeline) {
            if (timeline.rows().isEmpty()) {
                return new Scale(List.of());
            }
            List<Instant[]> windows = failingWindows(timeline);
            if (windows.isEmpty()) {
                windows = merged(timeline.rows().stream().map(r -> new Instant[] {r.from(), r.until()}).toList(), IDLE);
            }
            // a window within MERGE of the timeline's ends takes the end in
            Instant[] first = windows.get(0);
            Instant[] last = windows.get(windows.size() - 1);
            if (Duration.between(timeline.from(), first[0]).compareTo(MERGE) < 0) {
                first[0] = timeline.from();
            }
            if (Duration.between(last[1], timeline.until()).compareTo(MERGE) < 0) {
                last[1] = timeline.until();
            }
            List<Instant[]> stretches = new ArrayList<>();
            List<Boolean> focus = new ArrayList<>();
            Instant at = timeline.from();
            for (Instant[] w : windows) {
                if (w[0].isAfter(at)) {
                    stretches.add(new Instant[] {at, w[0]});
                    focus.add(false);
                }
                stretches.add(w);
                focus.add(true);
                at = w[1];
            }
            if (timeline.until().isAfter(at)) {
                stretches.add(new Instant[] {at, timeline.until()});
                focus.add(false);
            }
            return new Scale(shares(stretches, focus));
        }

        /**
         * Each window gets half of the windows' room in equal parts and half by its length, so a short
         * failure next to a long one still shows; a compressed stretch gets at most half the narrowest window.
         */
        private static List<Segment> shares(List<Instant[]> stretches, List<Boolean> focus) {
            int breaks = (int) focus.stream().filter(f -> !f).count();
            int windows = stretches.size() - breaks;
            long total = 0;
            for (int i = 0; i < stretches.size(); i++) {
                total += focus.get(i) ? Duration.between(stretches.get(i)[0], stretches.get(i)[1]).toMillis() : 0;
            }
            double breakShare = breaks == 0 ? 0 : Math.min(BREAK_SHARE, BREAKS_TOTAL / breaks);
            double[] share = windowShares(stretches, focus, windows, total, breakShare * breaks);
            double narrowest = 1;
            for (int i = 0; i < share.length; i++) {
                narrowest = focus.get(i) ? Math.min(narrowest, share[i]) : narrowest;
            }
            if (breakShare > narrowest / 2) {
                breakShare = narrowest / 2;
                share = windowShares(stretches, focus, windows, total, breakShare * breaks);
            }
            List<Segment> segments = new ArrayList<>();
            double start = 0;
            for (int i = 0; i < stretches.size(); i++) {
                double w = focus.get(i) ? share[i] : breakShare;
                segments.add(new Segment(stretches.get(i)[0], stretches.get(i)[1], focus.get(i), start, w));
                start += w;
            }
            return segments;
        }

        private static double[] windowShares(List<Instant[]> stretches, List<Boolean> focus, int windows, long total,
                                             double breaksShare) {
            double room = 1 - breaksShare;
            double[] share = new double[stretches.size()];
            for (int i = 0; i < share.length; i++) {
                long ms = Duration.between(stretches.get(i)[0], stretches.get(i)[1]).toMillis();
                share[i] = !focus.get(i) ? 0 : total == 0 ? room / windows : room * (0.5 / windows + 0.5 * ms / total);
            }
            return share;
        }

        /** First to last failure hit of each failing revision, with a margin, merged where they come close. */
        private static List<Instant[]> failingWindows(Timeline timeline) {
            List<Instant[]> spans = new ArrayList<>();
            for (Row row : timeline.rows()) {
                if (row.verdict() == Verdict.HEALTHY) {
                    continue;
                }
                List<Bar> failures = row.bars().stream().filter(b -> !b.kind().equals("warning")).toList();
                // failing on 5xx alone has no failure hit: its whole activity is the window
                Instant from = failures.isEmpty() ? row.from() : failures.stream().map(Bar::from).min(Comparator.naturalOrder()).orElseThrow();
                Instant until = failures.isEmpty() ? row.until() : failures.stream().map(Bar::until).max(Comparator.naturalOrder()).orElseThrow();
                Duration margin = Duration.between(from, until).dividedBy(10);
                margin = margin.compareTo(MARGIN) < 0 ? MARGIN : margin;
                Instant a = from.minus(margin);
                Instant b = until.plus(margin);
                spans.add(new Instant[] {a.isBefore(timeline.from()) ? timeline.from() : a, b.isAfter(timeline.until()) ? timeline.until() : b});
            }
            return merged(spans, MERGE);
        }

        /** Sorted copies of the spans, those closer than {@code gap} joined. */
        private static List<Instant[]> merged(List<Instant[]> spans, Duration gap) {
            List<Instant[]> out = new ArrayList<>();
            spans.stream().sorted(Comparator.comparing((Instant[] s) -> s[0])).forEach(s -> {
                Instant[] last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && s[0].isBefore(last[1].plus(gap))) {
                    if (s[1].isAfter(last[1])) {
                        last[1] = s[1];
                    }
                } else {
                    out.add(new Instant[] {s[0], s[1]});
                }
            });
            return out;
        }
    }

    /** {@code 00697-gp6} for {@code netra-backend-staging-00697-gp6}: the service is said once, elsewhere. */
    static String shortName(String service, String revision) {
        return service != null && revision.startsWith(service + "-") ? revision.substring(service.length() + 1) : revision;
    }
}
