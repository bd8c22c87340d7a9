package dev.faultline;

import dev.faultline.assemble.Event;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.EntrySelection;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Tallies;
import dev.faultline.incident.Grouper;
import dev.faultline.incident.Judge;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.RevisionReport;
import dev.faultline.match.Hit;
import dev.faultline.match.Matcher;
import dev.faultline.mine.Mined;
import dev.faultline.mine.Miner;
import dev.faultline.report.Redactor;
import dev.faultline.source.EntrySource;
import dev.faultline.source.InputProblem;
import dev.faultline.source.SourceStats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole pipeline of DESIGN.md in one pass: source -> assemble -> match -> group -> judge, with
 * the events no signature matched going to the miner, whose templates and probable causes the
 * judge and the reports see. Entries stream through; only per-revision sums, bounded templates and
 * a few evidence events are kept.
 */
public final class Triage {

    /** Problems kept in the result for the report; all of them still reach the problem listener. */
    public static final int PROBLEMS_KEPT = 50;

    private final Catalog catalog;
    private final Matcher matcher;
    private final Matcher noise;
    private final int evidencePerSignature;
    private final boolean redact;
    private final EntrySelection selection;

    /** A triage whose results are redacted. */
    public Triage(Catalog catalog, int evidencePerSignature) {
        this(catalog, evidencePerSignature, EntrySelection.ALL);
    }

    /**
     * @param selection the entries to judge; the others are read and counted ({@code input.excluded}) but
     *                  neither matched nor grouped. A live source selects on the server; files hold everything.
     */
    public Triage(Catalog catalog, int evidencePerSignature, EntrySelection selection) {
        this(catalog, evidencePerSignature, selection, true);
    }

    /** @param redact mask secrets in what the result holds ({@code --no-redact} turns it off) */
    public Triage(Catalog catalog, int evidencePerSignature, EntrySelection selection, boolean redact) {
        this.catalog = catalog;
        this.matcher = new Matcher(catalog.diagnostic());
        this.noise = new Matcher(catalog.noise());
        this.evidencePerSignature = evidencePerSignature;
        this.selection = selection;
        this.redact = redact;
    }

    /**
     * Runs the pipeline over one source.
     *
     * @param problems told of each input problem as it is found (the CLI prints them to stderr)
     * @throws IOException when the source cannot be read at all
     */
    public TriageResult run(EntrySource source, Consumer<InputProblem> problems) throws IOException {
        return run(source, problems, null);
    }

    /**
     * What an event with hits changed, for a triage that follows a live tail: the hits, and every
     * revision judged again with them (trends and known issues span revisions).
     */
    public record Update(List<Hit> hits, List<RevisionReport> revisions) {
        public Update {
            hits = List.copyOf(hits);
            revisions = List.copyOf(revisions);
        }
    }

    /**
     * Runs the pipeline over one source and tells {@code updates} (when not null) of each event
     * that matched, as it is matched.
     */
    public TriageResult run(EntrySource source, Consumer<InputProblem> problems, Consumer<Update> updates) throws IOException {
        Grouper grouper = new Grouper(evidencePerSignature);
        Miner miner = new Miner(noise);
        Judge judge = new Judge(catalog.knownIssues(), catalog.byId());
        // Redaction happens here, once, before anything is judged or rendered (see Redactor): the
        // result's count is this redactor's; a follow's interim updates use one that does not count.
        Redactor redactor = new Redactor(redact);
        Redactor interim = new Redactor(redact);
        Current current = new Current();
        Stitcher stitcher = new Stitcher(event -> {
            List<Hit> hits = event.size() == 1 && event.head() == current.entry && current.hits != null
                    ? current.hits : matcher.match(event);
            grouper.accept(event, hits);
            miner.accept(event, hits);
            if (updates != null && !hits.isEmpty()) {
                updates.accept(new Update(hits.stream().map(interim::hit).toList(),
                        judge.judge(revisions(interim.revisions(grouper.revisions()), interim.mined(miner.mined())))));
            }
        });
        List<InputProblem> kept = new ArrayList<>();
        long[] problemCount = {0};
        long[] excluded = {0};
        InputScope.Collector scope = new InputScope.Collector();
        List<SourceStats> stats = source.read(this::matchAlone, (entry, hits) -> {
            scope.accept(entry);
            if (selection.test(entry)) {
                current.entry = entry;
                current.hits = hits;
                stitcher.accept(entry);
                current.entry = null;
                current.hits = null;
            } else {
                excluded[0]++;
            }
        }, found -> {
            problemCount[0]++;
            InputProblem problem = kept.size() < PROBLEMS_KEPT ? redactor.problem(found) : interim.problem(found);
            if (kept.size() < PROBLEMS_KEPT) {
                kept.add(problem);
            }
            problems.accept(problem);
        });
        stitcher.finish();
        grouper.requestSample(source.requestSample());
        addTallies(source.tallies(), grouper, scope, problems, stats.isEmpty() ? "source" : stats.get(0).source());

        long read = stats.stream().mapToLong(SourceStats::read).sum();
        long parsed = stats.stream().mapToLong(SourceStats::parsed).sum();
        long malformed = stats.stream().mapToLong(SourceStats::malformed).sum();
        InputCounts counts = new InputCounts(read, parsed, malformed, grouper.matchedEntries(),
                grouper.unmatchedEntries(), excluded[0], grouper.events(), grouper.unattributedEntries(), problemCount[0]);
        Mined mined = redactor.mined(miner.mined());
        List<RevisionHits> revisions = revisions(redactor.revisions(grouper.revisions()), mined);
        return new TriageResult(Version.get(), catalog.version(), stats, counts, kept, judge.judge(revisions), scope.scope(),
                null, 0, selection, catalog.layers(), new TriageResult.Redaction(redact, redactor.redactions()),
                grouper.summarised(), mined);
    }

    /** The grouped revisions with what the miner found on each, for the judge. */
    private static List<RevisionHits> revisions(List<RevisionHits> grouped, Mined mined) {
        return grouped.stream()
                .map(r -> r.withMined(mined.revision(r.key().service(), r.key().revision())))
                .toList();
    }

    /** The entry being handed to the stitcher, and its hits when a worker matched it already (else null). */
    private static final class Current {
        LogEntry entry;
        List<Hit> hits;
    }

    /**
     * Runs where the source parses (a worker thread when it has several): an entry the stitcher
     * passes on alone, as its own event, is matched here already, so that most matching runs in
     * parallel; null for entries that may become part of a larger event (they are matched on the
     * calling thread once stitched) and for entries the selection leaves out. The stitcher's event for such an entry equals {@code
     * Event.of(entry)}, so the hits are the same either way; the calling thread uses them only when
     * the stitcher hands on exactly that entry alone.
     */
    private List<Hit> matchAlone(LogEntry entry) {
        if (entry.instanceId() != null) {
            // A String caches its hash: computed here, the calling thread's stitcher and grouper,
            // which key on the instance id (~128 chars on Cloud Run), find it ready.
            entry.instanceId().hashCode();
        }
        if (!Stitcher.passesAlone(entry) || !selection.test(entry)) {
            return null;
        }
        return matcher.match(Event.of(entry));
    }

    /**
     * What the source summed up itself joins the grouper beside the streamed entries; the matcher
     * and the judge never see the difference. A hit of a signature this catalog lacks (a query made
     * from another catalog) is left out with a problem rather than guessed.
     */
    private void addTallies(Tallies tallies, Grouper grouper, InputScope.Collector scope, Consumer<InputProblem> problems,
                            String sourceName) {
        if (tallies == Tallies.NONE) {
            return;
        }
        tallies.revisions().forEach(t -> {
            grouper.add(t);
            scope.add(t);
        });
        Map<String, Signature> byId = catalog.byId();
        for (Tallies.HitTally hit : tallies.hits()) {
            Signature signature = byId.get(hit.signature());
            if (signature == null || signature.status() == Signature.Status.DEPRECATED) {
                problems.accept(new InputProblem(sourceName, 0, 0, "hits of signature '" + hit.signature()
                        + "' left out: not an active signature of catalog " + catalog.version()));
            } else {
                grouper.add(hit, signature);
            }
        }
        tallies.configs().forEach(grouper::addSpec);
    }
}
