package dev.faultline.history;

import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.UnusableInputException;
import dev.faultline.Version;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.KnownIssue;
import dev.faultline.entry.EntrySelection;
import dev.faultline.incident.FailureIdentity;
import dev.faultline.incident.IncidentReport;
import dev.faultline.incident.Incidents;
import dev.faultline.incident.Regression;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.Verdict;
import dev.faultline.mine.RevisionTemplate;
import dev.faultline.mine.Template;
import dev.faultline.mine.Templates;
import dev.faultline.source.EntrySource;
import dev.faultline.source.InputProblem;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One run of the scheduled report: works out the window (from the end of the last complete
 * run, so nothing is missed or counted twice), runs the triage pipeline over it with the
 * state's known-issue overrides, compares what it found with what the state remembers, and
 * records the run, all in one transaction.
 */
public final class ReportJob {

    /** How far back a first run looks when no window start is given. */
    public static final Duration FIRST_RUN_LOOKBACK = Duration.ofHours(24);
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofDays(7);

    /**
     * @param since       when set, the window is {@code [until - since, until)} whatever earlier runs covered (backfills)
     * @param until       the end of the window: now, or a past instant to replay
     * @param quietPeriod a remembered fingerprint back after being quiet this long is a recurrence
     * @param selection   the service or revision to cover (every entry by default); the window adds the time range
     * @param firstRunCoversInput a first run (no complete run yet, no {@code since}) covers everything the input holds
     *                    before {@code until}, not just the last 24 hours: for exported files, which hold what they hold
     */
    public record Options(Duration since, Instant until, Duration quietPeriod, int evidence, EntrySelection selection,
                          boolean firstRunCoversInput) {

        public Options(Duration since, Instant until, Duration quietPeriod, int evidence) {
            this(since, until, quietPeriod, evidence, EntrySelection.ALL, false);
        }
    }

    /** Called just before the commit; tests inject a crash here. */
    interface BeforeCommit {
        void run() throws StateException;
    }

    private final StateStore store;
    private final Catalog catalog;
    private final Clock clock;
    private BeforeCommit beforeCommit = () -> { };

    public ReportJob(StateStore store, Catalog catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    ReportJob beforeCommit(BeforeCommit hook) {
        this.beforeCommit = hook;
        return this;
    }

    /**
     * Runs the report.
     *
     * @param source gives the entries of a window: a live source asks the server for them, a file source gives
     *               everything and the run selects the window's entries itself
     * @param inputs the names of the inputs, for the record and the evidence commands
     * @throws IOException when the input cannot be read; the failed run is recorded and its window retried next time
     */
    public Digest run(Function<RunWindow, EntrySource> source, List<String> inputs, Options options,
                      Consumer<InputProblem> problems) throws IOException, StateException {
        Instant startedAt = clock.instant();
        RunWindow window;
        TriageResult result;
        try (StateStore.Transaction tx = store.begin()) {
            window = window(options);
            Catalog effective = store.overrides().applyTo(catalog, store.file().toString());
            String previousCatalog = store.lastCompleteRun().map(RunRecord::catalogVersion)
                    .filter(v -> !v.equals(catalog.version())).orElse(null);
            try {
                result = new Triage(effective, options.evidence(), options.selection().within(window.start(), window.end()))
                        .run(source.apply(window), problems);
            } catch (IOException | RuntimeException e) {
                tx.close(); // roll back, then keep a record of the failure in a transaction of its own
                recordFailure(startedAt, window, inputs, e);
                throw e;
            }
            if (!inputs.isEmpty()) {
                // files that hold nothing to judge (empty, all malformed, not Cloud Run) are no clean run:
                // recorded as failed, so the window is covered again, and the run exits 1
                Optional<String> nothing = result.nothingToJudge(String.join(", ", inputs));
                if (nothing.isPresent()) {
                    UnusableInputException e = new UnusableInputException(nothing.get());
                    tx.close();
                    recordFailure(startedAt, window, inputs, e);
                    throw e;
                }
            }
            if (window.start().equals(Instant.EPOCH) && result.scope().from() != null && result.scope().from().isBefore(window.end())) {
                window = new RunWindow(result.scope().from(), window.end()); // a first run over files: the input's own span
            }
            if (!result.partial() && result.input().parsed() > 0 && result.input().selected() == 0) {
                // An export that lies outside the window is not "all clear": nothing was looked at. (A partial
                // input may have lost the window's entries: it is recorded as partial and retried instead.)
                StateException outside = new StateException(outsideWindow(result, window));
                tx.close();
                recordFailure(startedAt, window, inputs, outside);
                throw outside;
            }
            Map<String, IncidentRecord> known = store.incidents();
            List<Digest.Item> items = items(result, effective, known, options.quietPeriod());
            List<Digest.Recovery> recovered = recoveries(result, items, known);
            boolean complete = !result.partial();
            int exitCode = Digest.exitCode(items);
            RunRecord run = new RunRecord(0, startedAt, window, complete ? RunRecord.Status.COMPLETE : RunRecord.Status.PARTIAL,
                    result.catalogVersion(), Version.get(), inputs, result.input().read(),
                    result.input().selected(), result.input().malformed(),
                    result.input().problems(), exitCode, complete ? null : "input incomplete: window will be covered again");
            long runId = store.insertRun(run);
            run = new RunRecord(runId, run.startedAt(), run.window(), run.status(), run.catalogVersion(), run.faultlineVersion(),
                    run.inputs(), run.entriesRead(), run.inWindow(), run.malformed(), run.problems(), run.exitCode(), run.error());
            Map<String, SeenTemplate> seen = templates(result);
            List<Digest.NewTemplate> newTemplates = newTemplates(seen);
            if (complete) {
                // A partial run's findings are shown but not remembered: its window is covered
                // again, and remembering them now would count them twice.
                remember(runId, result, items, recovered, known);
                rememberTemplates(runId, seen);
            }
            beforeCommit.run();
            tx.commit();
            // absolute paths: the digest's evidence commands are run from wherever the reader is, not cron's directory
            return new Digest(run, store.file().toAbsolutePath().normalize().toString(), inputs.stream().map(ReportJob::absolute).toList(),
                    items, recovered, effective.layers(), previousCatalog, newTemplates);
        }
    }

    private RunWindow window(Options options) throws StateException {
        Instant end = options.until();
        if (options.since() != null) {
            return new RunWindow(end.minus(options.since()), end);
        }
        Optional<RunRecord> last = store.lastCompleteRun();
        // Instant.EPOCH: no lower bound; the run narrows the window to the input's first entry
        Instant start = last.map(r -> r.window().end())
                .orElse(options.firstRunCoversInput() ? Instant.EPOCH : end.minus(FIRST_RUN_LOOKBACK));
        if (!start.isBefore(end)) {
            throw new StateException("nothing to cover: the last complete run (#" + last.map(RunRecord::id).orElse(0L)
                    + ") already covers up to " + start + ", and this run would end at " + end);
        }
        return new RunWindow(start, end);
    }

    private static String absolute(String input) {
        return input.equals("-") ? input : java.nio.file.Path.of(input).toAbsolutePath().normalize().toString();
    }

    /** One line: the window, where the input's entries lie, and the option that covers them. */
    private static String outsideWindow(TriageResult result, RunWindow window) {
        Instant from = result.scope().from();
        Instant until = result.scope().until();
        Instant coverUntil = until.plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long days = Math.max(1, Duration.between(from, coverUntil).toDays() + 1);
        return "none of the " + result.input().parsed() + " entries read is in this run's window " + window.start() + " .. "
                + window.end() + " (run not recorded as clean; the window stays open): the input spans " + from + " .. " + until
                + "; to cover it run again with --until " + coverUntil + " --since " + days + "d";
    }

    private void recordFailure(Instant startedAt, RunWindow window, List<String> inputs, Exception e) throws StateException {
        try (StateStore.Transaction tx = store.begin()) {
            store.insertRun(new RunRecord(0, startedAt, window, RunRecord.Status.FAILED, catalog.version(), Version.get(), inputs,
                    0, 0, 0, 0, 1, String.valueOf(e.getMessage())));
            tx.commit();
        }
    }

    /**
     * The incidents of this run (the triage's: failing revisions of one service with the same
     * identity), one item each, placed in its digest section. Back after a quiet period, back after
     * a resolution, or back after a revision had fixed it (seen by an earlier run, or within this
     * one) is a recurrence; seen before and still failing is ongoing.
     */
    private List<Digest.Item> items(TriageResult result, Catalog effective, Map<String, IncidentRecord> known, Duration quietPeriod) {
        List<Digest.Item> items = new ArrayList<>();
        for (IncidentReport incident : result.incidents()) {
            List<RevisionReport> revisions = incident.revisions();
            RevisionReport latest = incident.newest();
            Verdict verdict = incident.verdict();
            String issue = incident.knownIssue();
            long hits = incident.hits();
            Instant first = incident.firstSeen();
            Instant last = incident.lastSeen();
            IncidentRecord prior = known.get(incident.id());
            Optional<KnownIssue> knownIssue = issue == null ? Optional.empty() : effective.knownIssue(issue);
            Optional<Regression> backInThisRun = incident.regressions().stream()
                    .filter(g -> prior == null || !prior.revisions().contains(g.failingAgainSince()))
                    .reduce((a, b) -> b);

            Digest.Section section;
            String why;
            if (prior == null) {
                section = switch (verdict) {
                    case NEW -> Digest.Section.NEW;
                    case RECURRENCE -> Digest.Section.RECURRENCE;
                    default -> Digest.Section.ONGOING;
                };
                why = switch (verdict) {
                    case NEW -> "no known issue explains it and this job has not seen it before";
                    case RECURRENCE -> issue == null
                            ? backInThisRun.map(Regression::describe).orElse("back after a fix") + "; first report by this job"
                            : issue + " was resolved on " + knownIssue.map(KnownIssue::resolvedAt).orElse(null)
                                    + " and is back" + (incident.missing().isEmpty() ? "" : " (near miss: "
                                    + String.join(", ", incident.missing()) + " not in these logs)") + "; first report by this job";
                    default -> issue + " is open; first seen by this job";
                };
            } else if (Duration.between(prior.lastSeen(), first).compareTo(quietPeriod) > 0) {
                section = Digest.Section.RECURRENCE;
                why = "back after " + Duration.between(prior.lastSeen(), first).toDays() + " days quiet (last seen "
                        + prior.lastSeen() + ", quiet period " + quietPeriod.toDays() + " days)";
            } else if (prior.recoveredBy() != null) {
                section = Digest.Section.RECURRENCE;
                why = "regressed: " + prior.service() + " had recovered on " + prior.recoveredBy() + " (recorded by run #"
                        + prior.lastRun() + " or later), failing again since " + revisions.get(0).key().revision();
            } else if (backInThisRun.isPresent()) {
                section = Digest.Section.RECURRENCE;
                why = backInThisRun.get().describe();
            } else if (verdict == Verdict.RECURRENCE && knownIssue.map(KnownIssue::resolvedAt)
                    .filter(at -> at.isAfter(prior.lastSeen())).isPresent()) {
                section = Digest.Section.RECURRENCE;
                why = issue + " was resolved on " + knownIssue.get().resolvedAt() + ", after this job last saw it on "
                        + prior.lastSeen() + ", and is back";
            } else {
                section = Digest.Section.ONGOING;
                why = "seen since run #" + prior.firstRun() + " (" + prior.firstSeen() + "); +" + hits + " hits this run, "
                        + (prior.hits() + hits) + " in all";
            }
            // said once: remembering the incident stores the version it is judged with now
            String judgedWith = prior == null || prior.catalogVersion() == null
                    || prior.catalogVersion().equals(result.catalogVersion()) ? null : prior.catalogVersion();
            items.add(new Digest.Item(section, prior == null, incident.id(), incident.identity().scope(),
                    revisions.stream().map(r -> r.key().revision()).toList(), issue,
                    knownIssue.map(KnownIssue::title).orElse(null), verdict, incident.identity().parts(), hits,
                    (prior == null ? 0 : prior.hits()) + hits, prior == null ? 1 : prior.runsSeen() + 1,
                    prior == null ? first : min(prior.firstSeen(), first), prior == null ? last : max(prior.lastSeen(), last),
                    why, latest.incident().reasons(), judgedWith)); // reasons: redacted by Triage before judging
        }
        items.sort(Comparator.comparing(Digest.Item::section).thenComparing(Digest.Item::service)
                .thenComparing(Digest.Item::firstSeen));
        return items;
    }

    /**
     * Services back on a healthy revision that served requests and was deployed after every
     * failing revision of theirs that has not recovered yet.
     */
    private static List<Digest.Recovery> recoveries(TriageResult result, List<Digest.Item> items, Map<String, IncidentRecord> known) {
        Map<String, List<RevisionReport>> byService = new LinkedHashMap<>();
        result.revisions().forEach(r -> byService.computeIfAbsent(FailureIdentity.scope(r.key()), k -> new ArrayList<>()).add(r));
        List<Digest.Recovery> out = new ArrayList<>();
        for (Map.Entry<String, List<RevisionReport>> e : byService.entrySet()) {
            String service = e.getKey();
            Map<String, String> failingRevisionToFingerprint = new LinkedHashMap<>();
            Instant lastFailure = null;
            for (IncidentRecord k : known.values()) {
                if (service.equals(k.service()) && k.recoveredBy() == null) {
                    k.revisions().forEach(rev -> failingRevisionToFingerprint.put(rev, k.fingerprint()));
                    lastFailure = lastFailure == null ? k.lastSeen() : max(lastFailure, k.lastSeen());
                }
            }
            for (Digest.Item i : items) {
                if (service.equals(i.service())) {
                    i.revisions().forEach(rev -> failingRevisionToFingerprint.put(rev, i.fingerprint()));
                    lastFailure = lastFailure == null ? i.lastSeen() : max(lastFailure, i.lastSeen());
                }
            }
            if (failingRevisionToFingerprint.isEmpty()) {
                continue;
            }
            String newestFailing = failingRevisionToFingerprint.keySet().stream().max(Comparator.naturalOrder()).orElseThrow();
            Instant failedUntil = lastFailure;
            // after the failing ones: a later revision name, or for a job's executions (random names) a later start
            e.getValue().stream()
                    .filter(r -> r.incident().verdict() == Verdict.HEALTHY && Incidents.worked(r.revision()))
                    .filter(r -> r.key().job() ? r.revision().firstSeen().isAfter(failedUntil) : r.key().revision().compareTo(newestFailing) > 0)
                    .max(Comparator.comparing(RevisionReport::revision, Incidents.DEPLOY_ORDER))
                    .ifPresent(healthy -> out.add(new Digest.Recovery(service, healthy.key().revision(),
                            healthy.revision().requests().ok2xx(), failingRevisionToFingerprint.keySet().stream().sorted().toList(),
                            failingRevisionToFingerprint.values().stream().distinct().toList())));
        }
        return out;
    }

    private void remember(long runId, TriageResult result, List<Digest.Item> items, List<Digest.Recovery> recovered,
                          Map<String, IncidentRecord> known) throws StateException {
        Map<String, IncidentReport> incidents = new LinkedHashMap<>();
        result.incidents().forEach(i -> incidents.put(i.id(), i));
        for (Digest.Item item : items) {
            IncidentRecord prior = known.get(item.fingerprint());
            IncidentReport incident = incidents.get(item.fingerprint());
            Set<String> revisions = new LinkedHashSet<>(prior == null ? List.of() : prior.revisions());
            revisions.addAll(item.revisions());
            Set<String> healthyBetween = new LinkedHashSet<>(prior == null ? List.of() : prior.healthyBetween());
            incident.regressions().forEach(g -> healthyBetween.add(g.healthyRevision()));
            if (prior != null && prior.recoveredBy() != null) {
                healthyBetween.add(prior.recoveredBy());
            }
            store.saveIncident(new IncidentRecord(item.fingerprint(), item.service(), item.signatures(),
                    incident.identity().basis().label(), item.knownIssue(), item.verdict(), item.firstSeen(), item.lastSeen(),
                    item.hitsTotal(), item.runsSeen(), List.copyOf(revisions), prior == null ? runId : prior.firstRun(), runId,
                    item.section(), null, result.catalogVersion(), List.copyOf(healthyBetween)));
        }
        for (RevisionReport r : result.failing()) {
            store.insertSighting(new Sighting(runId, r.incident().incidentId(), r.key().revision(), firstFailure(r), lastFailure(r),
                    failureHits(r), r.incident().verdict(), r.incident().knownIssue(),
                    r.incident().reasons()));
        }
        for (Digest.Recovery recovery : recovered) {
            for (String fingerprint : recovery.fingerprints()) {
                store.saveIncident(store.requireIncident(fingerprint).recoveredBy(recovery.revision()));
            }
        }
    }

    /** One unclassified template on one service in this run, summed over its revisions. */
    private static final class SeenTemplate {
        final String service;
        final Template template;
        long events;
        Instant first;
        Instant last;
        final Set<String> revisions = new LinkedHashSet<>();
        String example;

        SeenTemplate(String service, Template template) {
            this.service = service;
            this.template = template;
        }
    }

    /**
     * The unclassified templates of every revision, per (service, template id). Their texts and examples
     * come redacted: the job's triage always redacts, at its model boundary (report.Redactor#mined).
     */
    private static Map<String, SeenTemplate> templates(TriageResult result) {
        Map<String, SeenTemplate> seen = new LinkedHashMap<>();
        for (RevisionReport r : result.revisions()) {
            for (RevisionTemplate t : r.revision().mined().unclassified()) {
                SeenTemplate s = seen.computeIfAbsent(r.key().service() + "\u0000" + t.template().id(),
                        k -> new SeenTemplate(r.key().service(), t.template()));
                s.events += t.count();
                s.first = s.first == null || t.firstSeen().isBefore(s.first) ? t.firstSeen() : s.first;
                s.last = s.last == null || t.lastSeen().isAfter(s.last) ? t.lastSeen() : s.last;
                s.revisions.add(r.key().revision());
                if (s.example == null && t.example() != null) {
                    s.example = t.example().line();
                }
            }
        }
        return seen;
    }

    /**
     * The templates this job has not seen on their service, nor any it has seen that stands for the
     * same message ({@link Templates#alike}: the same template with one more value generalised).
     */
    private List<Digest.NewTemplate> newTemplates(Map<String, SeenTemplate> seen) throws StateException {
        Map<String, List<TemplateRecord>> stored = new HashMap<>();
        List<Digest.NewTemplate> out = new ArrayList<>();
        for (SeenTemplate s : seen.values()) {
            List<TemplateRecord> known = stored(stored, s.service);
            boolean before = known.stream().anyMatch(k -> k.id().equals(s.template.id()) || Templates.alike(k.template(), s.template.text()));
            if (!before) {
                out.add(new Digest.NewTemplate(s.service, s.template.id(), s.template.display(), s.template.kind().label(),
                        s.events, new ArrayList<>(s.revisions), s.first, s.last, s.example));
            }
        }
        out.sort(Comparator.comparing(Digest.NewTemplate::service).thenComparing(Comparator.comparingLong(Digest.NewTemplate::events).reversed())
                .thenComparing(Digest.NewTemplate::id));
        return out;
    }

    /** The templates remembered for a service, read from the state once per run step. */
    private List<TemplateRecord> stored(Map<String, List<TemplateRecord>> cache, String service) throws StateException {
        List<TemplateRecord> known = cache.get(service);
        if (known == null) {
            known = store.templates(service);
            cache.put(service, known);
        }
        return known;
    }

    private void rememberTemplates(long runId, Map<String, SeenTemplate> seen) throws StateException {
        // read once per service: each (service, id) occurs once in seen, so a save never changes what a later lookup needs
        Map<String, List<TemplateRecord>> stored = new HashMap<>();
        for (SeenTemplate s : seen.values()) {
            TemplateRecord prior = stored(stored, s.service).stream()
                    .filter(k -> k.id().equals(s.template.id())).findFirst().orElse(null);
            store.saveTemplate(new TemplateRecord(s.service, s.template.id(), s.template.text(), s.template.kind().label(),
                    prior == null ? s.first : min(prior.firstSeen(), s.first), prior == null ? s.last : max(prior.lastSeen(), s.last),
                    (prior == null ? 0 : prior.events()) + s.events, (prior == null ? 0 : prior.runsSeen()) + 1,
                    prior == null ? runId : prior.firstRun(), runId));
        }
    }

    private static long failureHits(RevisionReport r) {
        return r.revision().failureHits().stream().mapToLong(SignatureHits::count).sum();
    }

    /** The first failure signal; a revision failing on 5xx alone has none, so its first entry stands in. */
    private static Instant firstFailure(RevisionReport r) {
        return r.revision().failureHits().stream().map(SignatureHits::firstSeen).min(Comparator.naturalOrder())
                .orElse(r.revision().firstSeen());
    }

    private static Instant lastFailure(RevisionReport r) {
        return r.revision().failureHits().stream().map(SignatureHits::lastSeen).max(Comparator.naturalOrder())
                .orElse(r.revision().lastSeen());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
