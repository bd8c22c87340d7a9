package dev.faultline.mine;

import dev.faultline.assemble.Event;
import dev.faultline.entry.LogEntry;
import dev.faultline.match.Hit;
import dev.faultline.match.Matcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mine stage: error-shaped events that no signature matched ({@link ErrorShape}), unless the
 * catalog's noise part knows them, are grouped into templates ({@link Templates}) and counted per
 * revision and per instance. For a revision whose failure no cause signature explains, the
 * templates logged before its first symptom (or, with no symptom, its first 5xx) are ranked as
 * probable causes.
 *
 * <p>Ranking, most likely first: exception-shaped before a bare error level; then nearness: on an
 * instance that failed, before its own first symptom, by how long before (up to 2 s, 30 s, 5 min,
 * 1 h, more), where "elsewhere on the revision, before its first symptom" counts one step further;
 * then the earlier first occurrence; then the larger count. Events up to {@link #GRACE} after the
 * symptom still count as before it (clocks of the app and the platform differ, and stdout is buffered).
 * Platform lines (varlog/system) are never candidates: they are symptoms by nature.
 *
 * <p>Memory is bounded whatever the input: the template cap of {@link Templates}, {@link #MAX_CELLS}
 * per-revision and per-instance counts, {@link #EXAMPLE_BUDGET} characters of examples, and capped
 * name sets; what a bound left out is counted in {@link Mined.Stats}. Not thread-safe.
 */
public final class Miner {

    /** Revision names kept per template. */
    public static final int MAX_NAMES = 20;
    /** Instances counted per template. */
    public static final int MAX_INSTANCES = 100;
    /** Probable causes listed per revision: the most likely and the next two. */
    public static final int CANDIDATES_SHOWN = 3;
    /** Examples kept per template. */
    public static final int EXAMPLES = 3;
    /** How long after a symptom an event still counts as before it. */
    public static final Duration GRACE = Duration.ofSeconds(1);
    static final int MAX_CELLS = 50_000;
    static final long EXAMPLE_BUDGET = 4_000_000;
    static final int TIMES_KEPT = 8;
    private static final Duration[] NEARNESS = {Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1)};

    private final Matcher noise;
    private final Templates templates = new Templates(Templates.Config.DEFAULT);
    private final Map<Templates.Variant, VariantStats> variants = new IdentityHashMap<>();
    private final Map<String, RevisionState> revisions = new HashMap<>();
    private long errorEvents;
    private long noiseEvents;
    private long cells;
    private long cellsDropped;
    private long exampleChars;
    private long examplesDropped;

    /** @param noise a matcher over the catalog's noise signatures (possibly none) */
    public Miner(Matcher noise) {
        this.noise = noise;
    }

    /** The key of a revision in {@link Mined#revisions()}. */
    public static String key(String service, String revision) {
        return service + "\u0000" + revision;
    }

    /** Takes one event and the hits the matcher found in it (possibly none). */
    public void accept(Event event, List<Hit> hits) {
        LogEntry head = event.head();
        // a revision gets state only when something is kept for it: most revisions of a big input log no error
        if (!hits.isEmpty()) {
            for (Hit hit : hits) {
                RevisionState revision = hit.signature().marksFailure() ? state(head) : null;
                if (revision != null) {
                    revision.failure(hit.signature().isCause(), hit.signature().id(), event.timestamp(), head.instanceId());
                }
            }
            return;
        }
        if (head.isRequestLog()) {
            RevisionState revision = head.httpStatus() >= 500 ? state(head) : null;
            if (revision != null) {
                Instant end = head.latencyMs() > 0 ? head.timestamp().plusMillis(head.latencyMs()) : head.timestamp();
                revision.serverError(end, head.instanceId());
            }
            return;
        }
        ErrorShape shape = ErrorShape.of(event);
        if (shape == null) {
            return;
        }
        errorEvents++;
        if (!noise.signatures().isEmpty()) {
            List<Hit> known = noise.match(event);
            if (!known.isEmpty()) {
                noiseEvents++;
                RevisionState revision = state(head);
                if (revision != null) {
                    known.forEach(h -> revision.noise.merge(h.signature().id(), 1L, Long::sum));
                }
                return;
            }
        }
        Templates.Variant variant = templates.add(Masker.tokens(shape.core()), shape.frame());
        if (variant == null) {
            return; // counted by Templates as dropped
        }
        VariantStats stats = variants.computeIfAbsent(variant, v -> new VariantStats());
        Instant t = event.timestamp();
        stats.see(shape.kind(), t, head.instanceId(), head.resource() != null && head.resource().namesRevision()
                ? head.resource().revision() : null);
        Example example = stats.wantsExample(t) ? example(event, shape) : null;
        if (example != null) {
            stats.keep(example);
        }
        RevisionState revision = state(head);
        if (revision != null) {
            RevisionCell cell = revision.cells.get(variant);
            if (cell == null && room()) {
                cell = new RevisionCell();
                revision.cells.put(variant, cell);
            }
            if (cell != null) {
                cell.see(t, example);
            }
            if (!LogEntry.VARLOG_SYSTEM.equals(head.logName())) {
                InstanceKey at = new InstanceKey(head.instanceId() == null ? "" : head.instanceId(), variant);
                InstanceCell candidate = revision.candidates.get(at);
                if (candidate == null && room()) {
                    candidate = new InstanceCell();
                    revision.candidates.put(at, candidate);
                }
                if (candidate != null) {
                    candidate.see(t, example);
                }
            }
        }
    }

    /** The state of the entry's revision, made on first need while the cell budget lasts; null without a revision or room. */
    private RevisionState state(LogEntry head) {
        if (head.resource() == null || !head.resource().namesRevision()) {
            return null;
        }
        String key = key(head.resource().service(), head.resource().revision());
        RevisionState state = revisions.get(key);
        if (state == null && room()) {
            state = new RevisionState(head.resource().service(), head.resource().revision());
            revisions.put(key, state);
        }
        return state;
    }

    private boolean room() {
        if (cells >= MAX_CELLS) {
            cellsDropped++;
            return false;
        }
        cells++;
        return true;
    }

    private Example example(Event event, ErrorShape shape) {
        LogEntry head = event.head();
        Example e = new Example(event.timestamp(), head.resource() == null ? null : head.resource().service(),
                head.resource() == null ? null : head.resource().revision(), head.instanceId(), head.insertId(), head.logName(),
                head.severity().name(), shape.line(), event.text());
        if (exampleChars + e.size() > EXAMPLE_BUDGET) {
            examplesDropped++;
            return null;
        }
        exampleChars += e.size();
        return e;
    }

    /**
     * Lines given by a person (say, pasted into {@code catalog draft --lines}) mined as templates:
     * every line counts, error-shaped or not; a traceback's reduction applies to lines that are one.
     */
    public static Mined ofLines(List<String> lines) {
        Miner m = new Miner(new Matcher(List.of()));
        Instant t = Instant.EPOCH;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            t = t.plusSeconds(1);
            ErrorShape shape = ErrorShape.of(line, dev.faultline.entry.Severity.DEFAULT);
            if (shape == null) {
                shape = new ErrorShape(ErrorShape.Kind.LEVEL, line.strip(), null);
            }
            Templates.Variant variant = m.templates.add(Masker.tokens(shape.core()), shape.frame());
            if (variant != null) {
                VariantStats stats = m.variants.computeIfAbsent(variant, v -> new VariantStats());
                stats.see(shape.kind(), t, null, null);
                if (stats.wantsExample(t)) {
                    stats.keep(new Example(t, null, null, null, null, null, "DEFAULT", shape.line(), line));
                }
            }
        }
        return m.mined();
    }

    /** Everything found so far: templates, and per revision its templates and probable causes. */
    public Mined mined() {
        List<Templates.Group> groups = templates.groups();
        Map<Templates.Variant, Template> templateOf = new IdentityHashMap<>();
        List<Template> all = new ArrayList<>();
        for (Templates.Group g : groups) {
            List<VariantStats> parts = g.variants().stream().map(variants::get).filter(s -> s != null).toList();
            if (parts.isEmpty()) {
                continue;
            }
            Template t = template(g, parts);
            all.add(t);
            g.variants().forEach(v -> templateOf.put(v, t));
        }
        all.sort(BY_COUNT);
        Map<String, MinedRevision> out = new LinkedHashMap<>();
        for (Map.Entry<String, RevisionState> e : new TreeMap<>(revisions).entrySet()) {
            RevisionState r = e.getValue();
            out.put(e.getKey(), new MinedRevision(unclassified(r, templateOf), probableCauses(r, templateOf), r.noise));
        }
        return new Mined(all, out, new Mined.Stats(errorEvents, noiseEvents, templates.dropped(), templates.overflowed(),
                cellsDropped, examplesDropped));
    }

    private static final Comparator<Template> BY_COUNT = Comparator.comparingLong(Template::count).reversed()
            .thenComparing(Template::firstSeen).thenComparing(Template::id);

    private static Template template(Templates.Group g, List<VariantStats> parts) {
        long count = 0;
        Instant first = null;
        Instant last = null;
        ErrorShape.Kind kind = ErrorShape.Kind.LEVEL;
        Set<String> names = new LinkedHashSet<>();
        Set<String> revisionSet = new HashSet<>();
        Set<String> instances = new HashSet<>();
        List<Example> examples = new ArrayList<>();
        for (VariantStats s : parts) {
            count += s.count;
            first = first == null || s.first.isBefore(first) ? s.first : first;
            last = last == null || s.last.isAfter(last) ? s.last : last;
            if (s.kind == ErrorShape.Kind.EXCEPTION) {
                kind = ErrorShape.Kind.EXCEPTION;
            }
            revisionSet.addAll(s.revisions);
            instances.addAll(s.instances);
            examples.addAll(s.examples);
        }
        revisionSet.stream().sorted().limit(MAX_NAMES).forEach(names::add);
        examples.sort(Comparator.comparing(Example::timestamp));
        return new Template(g.id(), g.text(), g.anchor(), kind, count, new ArrayList<>(names), revisionSet.size(),
                Math.min(instances.size(), MAX_INSTANCES), first, last, examples.subList(0, Math.min(EXAMPLES, examples.size())));
    }

    private static List<RevisionTemplate> unclassified(RevisionState r, Map<Templates.Variant, Template> templateOf) {
        Map<Template, RevisionCell> byTemplate = new LinkedHashMap<>();
        r.cells.forEach((variant, cell) -> {
            Template t = templateOf.get(variant);
            if (t != null) {
                byTemplate.merge(t, cell, RevisionCell::plus);
            }
        });
        List<RevisionTemplate> out = new ArrayList<>();
        byTemplate.forEach((t, c) -> out.add(new RevisionTemplate(t, c.count, c.first, c.last,
                c.example != null ? c.example : t.examples().isEmpty() ? null : t.examples().get(0))));
        out.sort(Comparator.comparingLong(RevisionTemplate::count).reversed().thenComparing(RevisionTemplate::firstSeen)
                .thenComparing(rt -> rt.template().id()));
        return out;
    }

    /** A template's standing against one revision's failure, summed over the instances it was logged on. */
    private static final class Candidate {
        final Template template;
        boolean onFailing;
        Duration gap;
        long count;
        int instances;
        Instant first;
        Instant lastBefore;
        Instant referenceAt;
        Example evidence;
        /** Whether {@link #evidence} is from the instance it is ranked by; else the earliest event of another. */
        boolean evidenceFromBest;

        Candidate(Template template) {
            this.template = template;
        }

        int tier() {
            int bucket = NEARNESS.length;
            for (int i = 0; i < NEARNESS.length; i++) {
                if (gap.compareTo(NEARNESS[i]) <= 0) {
                    bucket = i;
                    break;
                }
            }
            return bucket + (onFailing ? 0 : 1);
        }
    }

    private static final Comparator<Candidate> RANKING = Comparator
            .comparingInt((Candidate c) -> c.template.kind() == ErrorShape.Kind.EXCEPTION ? 0 : 1)
            .thenComparingInt(Candidate::tier)
            .thenComparing(c -> c.first)
            .thenComparing(Comparator.comparingLong((Candidate c) -> c.count).reversed())
            .thenComparing(c -> c.template.id());

    private static List<ProbableCause> probableCauses(RevisionState r, Map<Templates.Variant, Template> templateOf) {
        if (r.causeSeen) {
            return List.of();
        }
        boolean symptoms = r.firstSymptom != null;
        Instant t0 = symptoms ? r.firstSymptom : r.first5xx;
        if (t0 == null) {
            return List.of();
        }
        Map<String, Instant> own = symptoms ? r.symptomByInstance : r.serverErrorByInstance;
        Map<Template, Candidate> byTemplate = new LinkedHashMap<>();
        r.candidates.forEach((at, cell) -> {
            Template t = templateOf.get(at.variant());
            if (t == null) {
                return;
            }
            Instant ownRef = own.get(at.instance());
            Instant ref = ownRef != null ? ownRef : t0;
            Instant limit = ref.plus(GRACE);
            if (cell.first.isAfter(limit)) {
                return; // only after the failure: a consequence, if anything
            }
            Instant lastBefore = cell.lastBefore(limit);
            long countBefore = cell.last.isAfter(limit) ? cell.keptBefore(limit) : cell.count;
            Candidate c = byTemplate.computeIfAbsent(t, Candidate::new);
            Duration gap = Duration.between(lastBefore, ref);
            // on the failing instance before elsewhere, then the nearest, then the earliest failure (a stable choice)
            boolean better = c.gap == null || (ownRef != null && !c.onFailing)
                    || (ownRef != null) == c.onFailing && (gap.compareTo(c.gap) < 0 || gap.equals(c.gap) && ref.isBefore(c.referenceAt));
            if (better) {
                c.onFailing = ownRef != null;
                c.gap = gap;
                c.lastBefore = lastBefore;
                c.referenceAt = ref;
                boolean valid = cell.example != null && !cell.example.timestamp().isAfter(limit);
                c.evidence = valid ? cell.example : c.evidenceFromBest ? null : c.evidence;
                c.evidenceFromBest = valid;
            }
            if (!better && cell.example != null && !cell.example.timestamp().isAfter(limit)
                    && (c.evidence == null || cell.example.timestamp().isBefore(c.evidence.timestamp()))) {
                c.evidence = c.evidence == null || !c.evidenceFromBest ? cell.example : c.evidence;
            }
            c.count += countBefore;
            c.instances++;
            c.first = c.first == null || cell.first.isBefore(c.first) ? cell.first : c.first;
        });
        List<Candidate> ranked = new ArrayList<>(byTemplate.values());
        ranked.sort(RANKING);
        String reference = symptoms ? r.firstSymptomId : "first 5xx";
        List<ProbableCause> out = new ArrayList<>();
        for (int i = 0; i < Math.min(CANDIDATES_SHOWN, ranked.size()); i++) {
            Candidate c = ranked.get(i);
            Example evidence = c.evidence != null ? c.evidence : c.template.examples().isEmpty() ? null : c.template.examples().get(0);
            out.add(new ProbableCause(c.template, i + 1, c.count, c.instances, c.first, c.lastBefore, c.gap, c.onFailing,
                    reference, c.referenceAt, evidence, reason(c, i + 1, ranked.size(), symptoms, reference)));
        }
        return out;
    }

    private static String reason(Candidate c, int rank, int of, boolean symptoms, String reference) {
        String what = symptoms ? reference : "first 5xx";
        String when = relative(c.gap) + (c.gap.isNegative() ? " (within the grace for clocks and buffering)" : "");
        String where = c.onFailing
                ? "logged by an instance that then failed, " + when + " its " + what
                : "logged on this revision, not by an instance that failed, " + when + " the first " + what;
        return (c.template.kind() == ErrorShape.Kind.EXCEPTION ? "exception-shaped" : "an error level, no exception")
                + "; " + where + " (" + c.referenceAt + "); first seen " + c.first + "; " + c.count + " event"
                + (c.count == 1 ? "" : "s") + " on " + c.instances + " instance" + (c.instances == 1 ? "" : "s")
                + " before the failure; rank " + rank + " of " + of;
    }

    /** How the candidates are ordered, in words, for the reasons of a verdict. */
    public static final String RANKING_RULE = "ranked among the unclassified error templates logged before the failure: "
            + "exception-shaped before a bare error level, then nearer the failure on an instance that failed before earlier "
            + "or elsewhere, then first occurrence, then count";

    /** {@code 4 ms before}, {@code 75 ms after}: a gap measured back from a failure. */
    public static String relative(Duration gap) {
        return seconds(gap) + (gap.isNegative() ? " after" : " before");
    }

    /** {@code 140 ms}, {@code 4.2 s}, {@code 12 s}, {@code 3 min}: how far apart, for a reader. */
    public static String seconds(Duration d) {
        long micros = Math.abs(d.toNanos() / 1000);
        if (micros < 1_000) {
            return "under 1 ms";
        }
        if (micros < 1_000_000) {
            return micros / 1000 + " ms";
        }
        long ms = micros / 1000;
        if (ms < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 120_000) {
            return ms / 1000 + " s";
        }
        if (ms < 7_200_000) {
            return ms / 60_000 + " min";
        }
        return ms / 3_600_000 + " h";
    }

    // ---------------------------------------------------------------- accumulators

    private static final class VariantStats {
        long count;
        Instant first;
        Instant last;
        ErrorShape.Kind kind = ErrorShape.Kind.LEVEL;
        final Set<String> revisions = new LinkedHashSet<>();
        final Set<String> instances = new HashSet<>();
        final List<Example> examples = new ArrayList<>(EXAMPLES);

        void see(ErrorShape.Kind k, Instant t, String instance, String revision) {
            count++;
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
            if (k == ErrorShape.Kind.EXCEPTION) {
                kind = k;
            }
            if (revision != null && revisions.size() < 1_000) {
                revisions.add(revision);
            }
            if (instance != null && instances.size() < MAX_INSTANCES) {
                instances.add(instance);
            }
        }

        /** Whether an event at {@code t} would be among the earliest {@link #EXAMPLES}. */
        boolean wantsExample(Instant t) {
            return examples.size() < EXAMPLES || examples.stream().anyMatch(e -> e.timestamp().isAfter(t));
        }

        void keep(Example e) {
            examples.add(e);
            examples.sort(Comparator.comparing(Example::timestamp));
            if (examples.size() > EXAMPLES) {
                examples.remove(examples.size() - 1);
            }
        }
    }

    /** One template's events in one place: how many, the first and last, and the earliest kept example. */
    private static class RevisionCell {
        long count;
        Instant first;
        Instant last;
        Example example;

        void see(Instant t, Example e) {
            count++;
            if (first == null || t.isBefore(first)) {
                first = t;
                if (e != null) {
                    example = e;
                }
            } else if (example == null && e != null) {
                example = e;
            }
            last = last == null || t.isAfter(last) ? t : last;
        }

        RevisionCell plus(RevisionCell o) {
            RevisionCell sum = new RevisionCell();
            sum.count = count + o.count;
            boolean mine = !o.first.isBefore(first);
            sum.first = mine ? first : o.first;
            sum.last = last.isAfter(o.last) ? last : o.last;
            sum.example = mine ? (example != null ? example : o.example) : (o.example != null ? o.example : example);
            return sum;
        }
    }

    /** One template's events on one instance, with the earliest {@link #TIMES_KEPT} timestamps. */
    private static final class InstanceCell extends RevisionCell {
        Instant[] times = new Instant[0];

        @Override
        void see(Instant t, Example e) {
            super.see(t, e);
            if (times.length < TIMES_KEPT || t.isBefore(times[times.length - 1])) {
                Instant[] grown = Arrays.copyOf(times, Math.min(TIMES_KEPT, times.length + 1));
                grown[grown.length - 1] = t;
                Arrays.sort(grown);
                times = grown;
            }
        }

        Instant lastBefore(Instant limit) {
            if (!last.isAfter(limit)) {
                return last;
            }
            Instant best = first;
            for (Instant t : times) {
                if (!t.isAfter(limit)) {
                    best = t;
                }
            }
            return best;
        }

        long keptBefore(Instant limit) {
            return Arrays.stream(times).filter(t -> !t.isAfter(limit)).count();
        }
    }

    private record InstanceKey(String instance, Templates.Variant variant) {
    }

    private static final class RevisionState {
        final String service;
        final String revision;
        boolean causeSeen;
        Instant firstSymptom;
        String firstSymptomId;
        final Map<String, Instant> symptomByInstance = new HashMap<>();
        Instant first5xx;
        final Map<String, Instant> serverErrorByInstance = new HashMap<>();
        final Map<String, Long> noise = new TreeMap<>();
        final Map<Templates.Variant, RevisionCell> cells = new IdentityHashMap<>();
        final Map<InstanceKey, InstanceCell> candidates = new HashMap<>();

        RevisionState(String service, String revision) {
            this.service = service;
            this.revision = revision;
        }

        void failure(boolean cause, String id, Instant t, String instance) {
            if (cause) {
                causeSeen = true;
                return;
            }
            if (firstSymptom == null || t.isBefore(firstSymptom)) {
                firstSymptom = t;
                firstSymptomId = id;
            }
            if (instance != null && symptomByInstance.size() < MAX_CELLS) {
                symptomByInstance.merge(instance, t, (a, b) -> a.isBefore(b) ? a : b);
            }
        }

        void serverError(Instant end, String instance) {
            first5xx = first5xx == null || end.isBefore(first5xx) ? end : first5xx;
            if (instance != null && serverErrorByInstance.size() < MAX_CELLS) {
                serverErrorByInstance.merge(instance, end, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
    }
}
