package dev.faultline;

import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.Catalog;
import dev.faultline.incident.Grouper;
import dev.faultline.incident.Judge;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.RevisionReport;
import dev.faultline.match.Hit;
import dev.faultline.match.Matcher;
import dev.faultline.mine.Mined;
import dev.faultline.mine.Miner;
import dev.faultline.source.EntrySource;
import dev.faultline.source.InputProblem;
import dev.faultline.source.SourceStats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    public Triage(Catalog catalog, int evidencePerSignature) {
        this.catalog = catalog;
        this.matcher = new Matcher(catalog.diagnostic());
        this.noise = new Matcher(catalog.noise());
        this.evidencePerSignature = evidencePerSignature;
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
        Judge judge = new Judge(catalog.knownIssues());
        Stitcher stitcher = new Stitcher(event -> {
            List<Hit> hits = matcher.match(event);
            grouper.accept(event, hits);
            miner.accept(event, hits);
            if (updates != null && !hits.isEmpty()) {
                updates.accept(new Update(hits, judge.judge(revisions(grouper, miner.mined()))));
            }
        });
        List<InputProblem> kept = new ArrayList<>();
        long[] problemCount = {0};
        InputScope.Collector scope = new InputScope.Collector();
        List<SourceStats> stats = source.read(entry -> {
            scope.accept(entry);
            stitcher.accept(entry);
        }, problem -> {
            problemCount[0]++;
            if (kept.size() < PROBLEMS_KEPT) {
                kept.add(problem);
            }
            problems.accept(problem);
        });
        stitcher.finish();
        grouper.requestSample(source.requestSample());

        long read = stats.stream().mapToLong(SourceStats::read).sum();
        long parsed = stats.stream().mapToLong(SourceStats::parsed).sum();
        long malformed = stats.stream().mapToLong(SourceStats::malformed).sum();
        InputCounts counts = new InputCounts(read, parsed, malformed, grouper.matchedEntries(),
                grouper.unmatchedEntries(), grouper.events(), grouper.unattributedEntries(), problemCount[0]);
        Mined mined = miner.mined();
        return new TriageResult(Version.get(), catalog.version(), stats, counts, kept,
                judge.judge(revisions(grouper, mined)), scope.scope(), null, 0, mined);
    }

    /** The grouped revisions with what the miner found on each, for the judge. */
    private static List<RevisionHits> revisions(Grouper grouper, Mined mined) {
        return grouper.revisions().stream()
                .map(r -> r.withMined(mined.revision(r.key().service(), r.key().revision())))
                .toList();
    }
}
