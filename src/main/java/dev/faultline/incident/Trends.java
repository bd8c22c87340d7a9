package dev.faultline.incident;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds how extracted values moved across the revisions of one incident, ordered by when each
 * revision first showed the signature (the database timeout 8.0s -> 20.0s -> 25.0s). One pass over
 * the incident's hits and a sort per value: n log n in the hits, whatever the number of revisions.
 * A trend keeps its first step and the latest ones, and each step its first revisions and its
 * latest, so that thousands of failing revisions do not make a trend as long as the input.
 */
final class Trends {

    /** Steps a trend keeps: the first and the latest ones. */
    static final int MAX_STEPS = 12;
    /** Revisions a step names: the first ones and the latest. */
    static final int MAX_STEP_REVISIONS = 6;

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
            list.sort(Comparator.comparing(Point::firstSeen, Comparator.nullsLast(Comparator.naturalOrder())));
            List<Step> steps = new ArrayList<>();
            for (Point p : list) {
                for (String value : p.values()) {
                    Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
                    if (last == null || !last.value.equals(value)) {
                        last = new Step(value);
                        steps.add(last);
                    }
                    last.add(p.revision());
                }
            }
            if (steps.size() > 1) {
                List<Step> kept = steps.size() <= MAX_STEPS ? steps
                        : concat(steps.subList(0, 1), steps.subList(steps.size() - (MAX_STEPS - 1), steps.size()));
                trends.put(key, new Trend(key.signature(), key.field(), kept.stream().map(Step::toStep).toList(),
                        direction(steps), steps.size() - kept.size()));
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
            if (i == 1 && trend.stepsLeftOut() > 0) {
                sb.append("... (").append(trend.stepsLeftOut()).append(" more steps) -> ");
            }
            List<String> names = new ArrayList<>(step.revisions().stream().map(Trends::shortName).toList());
            if (step.revisionsLeftOut() > 0) {
                names.add(names.size() - 1, "... " + step.revisionsLeftOut() + " more");
            }
            sb.append(step.value()).append(unit).append(" (").append(String.join(", ", names)).append(')');
        }
        return sb.toString();
    }

    /** A step while it is worked out: its revisions in a set, so adding one is not a scan of the others. */
    private static final class Step {
        final String value;
        final Set<String> revisions = new LinkedHashSet<>();
        String latest;

        Step(String value) {
            this.value = value;
        }

        void add(String revision) {
            revisions.add(revision);
            latest = revision;
        }

        /** The first revisions and the latest, with the count of those left out between them. */
        Trend.Step toStep() {
            if (revisions.size() <= MAX_STEP_REVISIONS) {
                return new Trend.Step(value, List.copyOf(revisions));
            }
            List<String> names = new ArrayList<>(MAX_STEP_REVISIONS);
            for (String r : revisions) {
                if (names.size() == MAX_STEP_REVISIONS - 1) {
                    break;
                }
                if (!r.equals(latest)) {
                    names.add(r);
                }
            }
            names.add(latest);
            return new Trend.Step(value, names, revisions.size() - names.size());
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
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

    private static final java.util.regex.Pattern GENERATION = java.util.regex.Pattern.compile("-(\\d{5}-[a-z0-9]{3})$");

    /** netra-backend-staging-00697-gp6 -> 00697-gp6: the part a reader compares. */
    static String shortName(String revision) {
        java.util.regex.Matcher m = GENERATION.matcher(revision);
        return m.find() ? m.group(1) : revision;
    }
}
