package dev.faultline.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Finds how extracted values moved across the revisions of one incident, ordered by when each
 * revision first showed the signature (the database timeout 8.0s -> 20.0s -> 25.0s). One pass over
 * the incident's hits and a sort per value: n log n in the hits, whatever the number of revisions.
 */
final class Trends {

    private Trends() {
    }

    /** Signature and field: what a trend follows. */
    record Key(String signature, String field) {
    }

    /** Every value that moved across {@code members} (revisions of one incident), keyed by signature and field. */
    static Map<Key, Trend> of(List<RevisionHits> members) {
        record Point(String revision, Instant firstSeen, List<String> values) { }
        Map<Key, List<Point>> points = new LinkedHashMap<>();
        for (RevisionHits r : members) {
            for (SignatureHits h : r.failureHits()) {
                h.fieldValues().forEach((field, values) -> {
                    if (!values.isEmpty()) {
                        points.computeIfAbsent(new Key(h.signature().id(), field), k -> new ArrayList<>())
                                .add(new Point(r.key().revision(), h.firstSeen(), values));
                    }
                });
            }
        }
        Map<Key, Trend> trends = new LinkedHashMap<>();
        points.forEach((key, list) -> {
            list.sort(Comparator.comparing(Point::firstSeen));
            List<String> values = new ArrayList<>();
            List<LinkedHashSet<String>> revisions = new ArrayList<>();
            for (Point p : list) {
                for (String value : p.values()) {
                    if (values.isEmpty() || !values.get(values.size() - 1).equals(value)) {
                        values.add(value);
                        revisions.add(new LinkedHashSet<>());
                    }
                    revisions.get(revisions.size() - 1).add(p.revision());
                }
            }
            if (values.size() > 1) {
                List<Trend.Step> steps = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    steps.add(new Trend.Step(values.get(i), List.copyOf(revisions.get(i))));
                }
                trends.put(key, new Trend(key.signature(), key.field(), steps, direction(values)));
            }
        });
        return trends;
    }

    /** The trends of an incident that concern this revision's own failure signatures and fields, in its hits' order. */
    static List<Trend> forRevision(RevisionHits revision, Map<Key, Trend> incidentTrends) {
        List<Trend> out = new ArrayList<>();
        for (SignatureHits h : revision.failureHits()) {
            for (String field : h.fieldValues().keySet()) {
                Trend t = incidentTrends.get(new Key(h.signature().id(), field));
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    static String describe(Trend trend) {
        String unit = unit(trend.field());
        StringBuilder sb = new StringBuilder(trend.signature()).append(' ').append(trend.field()).append(' ')
                .append(trend.direction()).append(" across revisions: ");
        for (int i = 0; i < trend.steps().size(); i++) {
            Trend.Step step = trend.steps().get(i);
            if (i > 0) {
                sb.append(" -> ");
            }
            sb.append(step.value()).append(unit).append(" (")
                    .append(String.join(", ", step.revisions().stream().map(Trends::shortName).toList())).append(')');
        }
        return sb.toString();
    }

    private static String direction(List<String> values) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (String v : values) {
            try {
                numbers.add(new BigDecimal(v));
            } catch (NumberFormatException e) {
                return "changing";
            }
        }
        boolean rising = true;
        boolean falling = true;
        for (int i = 1; i < numbers.size(); i++) {
            int c = numbers.get(i).compareTo(numbers.get(i - 1));
            rising &= c > 0;
            falling &= c < 0;
        }
        return rising ? "rising" : falling ? "falling" : "changing";
    }

    private static final Map<String, String> UNITS = Map.of("Seconds", "s", "MiB", " MiB", "Ms", " ms");

    private static String unit(String field) {
        return UNITS.entrySet().stream().filter(e -> field.endsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse("");
    }

    private static final java.util.regex.Pattern SHORT = java.util.regex.Pattern.compile("-(\\d{5}-[a-z0-9]{3})$");

    /** netra-backend-staging-00697-gp6 -> 00697-gp6: the part a reader compares. */
    static String shortName(String revision) {
        java.util.regex.Matcher m = SHORT.matcher(revision);
        return m.find() ? m.group(1) : revision;
    }
}
