package dev.faultline.incident;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds how extracted values of a failing revision's signatures moved across the revisions of
 * its service, ordered by when each revision first showed the signature. The trend of a
 * (service, signature, field) is the same for every revision of the service, so one judging
 * works each out once: judging stays linear in the number of revisions.
 */
final class Trends {

    /** Steps a trend keeps: the first and the latest ones. */
    static final int MAX_STEPS = 12;
    /** Revisions a step names: the first ones and the latest. */
    static final int MAX_STEP_REVISIONS = 6;

    private final Map<String, List<RevisionHits>> byService = new HashMap<>();
    private final Map<List<String>, Optional<Trend>> worked = new HashMap<>();
    private final Map<Trend, String> described = new IdentityHashMap<>();

    Trends(List<RevisionHits> all) {
        for (RevisionHits r : all) {
            byService.computeIfAbsent(r.key().service(), s -> new ArrayList<>()).add(r);
        }
    }

    List<Trend> of(RevisionHits revision) {
        List<Trend> trends = new ArrayList<>();
        for (SignatureHits hits : revision.failureHits()) {
            String id = hits.signature().id();
            for (String field : hits.fieldValues().keySet()) {
                worked.computeIfAbsent(Arrays.asList(revision.key().service(), id, field),
                        k -> trend(revision.key().service(), id, field)).ifPresent(trends::add);
            }
        }
        return trends;
    }

    private Optional<Trend> trend(String service, String signature, String field) {
        List<Step> steps = steps(byService.getOrDefault(service, List.of()), signature, field);
        if (steps.size() < 2) {
            return Optional.empty();
        }
        String direction = direction(steps);
        List<Step> kept = steps.size() <= MAX_STEPS ? steps
                : concat(steps.subList(0, 1), steps.subList(steps.size() - (MAX_STEPS - 1), steps.size()));
        return Optional.of(new Trend(signature, field, kept.stream().map(Step::toStep).toList(), direction,
                steps.size() - kept.size()));
    }

    /** {@link #describe}, once per trend however many revisions share it. */
    String reason(Trend trend) {
        return described.computeIfAbsent(trend, Trends::describe);
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

    private static List<Step> steps(List<RevisionHits> revisions, String signature, String field) {
        record Point(String revision, java.time.Instant firstSeen, List<String> values) { }
        List<Point> points = new ArrayList<>();
        for (RevisionHits r : revisions) {
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
                last.add(p.revision());
            }
        }
        return steps;
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
