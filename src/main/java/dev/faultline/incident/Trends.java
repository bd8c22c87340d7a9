package dev.faultline.incident;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds how extracted values of a failing revision's signatures moved across the revisions of
 * its service, ordered by when each revision first showed the signature.
 */
final class Trends {

    private Trends() {
    }

    static List<Trend> of(RevisionHits revision, List<RevisionHits> all) {
        List<Trend> trends = new ArrayList<>();
        for (SignatureHits hits : revision.failureHits()) {
            String id = hits.signature().id();
            for (String field : hits.fieldValues().keySet()) {
                List<Step> steps = steps(revision.key().service(), id, field, all);
                if (steps.size() > 1) {
                    trends.add(new Trend(id, field, steps.stream().map(s -> new Trend.Step(s.value, s.revisions)).toList(),
                            direction(steps)));
                }
            }
        }
        return trends;
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

    private static final class Step {
        final String value;
        final List<String> revisions = new ArrayList<>();

        Step(String value) {
            this.value = value;
        }
    }

    private static List<Step> steps(String service, String signature, String field, List<RevisionHits> all) {
        record Point(String revision, java.time.Instant firstSeen, List<String> values) { }
        List<Point> points = new ArrayList<>();
        for (RevisionHits r : all) {
            if (!Objects.equals(r.key().service(), service)) {
                continue;
            }
            for (SignatureHits h : r.hits()) {
                List<String> values = h.fieldValues().get(field);
                if (h.signature().id().equals(signature) && values != null && !values.isEmpty()) {
                    points.add(new Point(r.key().revision(), h.firstSeen(), values));
                }
            }
        }
        points.sort(Comparator.comparing(Point::firstSeen));
        List<Step> steps = new ArrayList<>();
        for (Point p : points) {
            for (String value : p.values()) {
                Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
                if (last == null || !last.value.equals(value)) {
                    last = new Step(value);
                    steps.add(last);
                }
                if (!last.revisions.contains(p.revision())) {
                    last.revisions.add(p.revision());
                }
            }
        }
        return steps;
    }

    private static String direction(List<Step> steps) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (Step s : steps) {
            try {
                numbers.add(new BigDecimal(s.value));
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

    /** netra-backend-staging-00697-gp6 -> 00697-gp6: the part a reader compares. */
    static String shortName(String revision) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d{5}-[a-z0-9]{3})$").matcher(revision);
        return m.find() ? m.group(1) : revision;
    }
}
