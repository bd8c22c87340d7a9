package dev.faultline;

import dev.faultline.catalog.BenignLine;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.match.ExampleRunner;
import dev.faultline.source.EntrySource;
import dev.faultline.source.SourceStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's examples through the whole pipeline, not just the matcher: each example becomes
 * one Cloud Run LogEntry (on stderr, or the signature's first {@code log_name}) of a revision of
 * its own, and one {@link Triage} run takes them all through stitching, matching and grouping.
 * A signature that passes {@link ExampleRunner} but fails here is one the stitcher or grouper
 * would hide in a real run. The rules are {@link ExampleRunner}'s, overlaps included.
 * <p>Known-noise examples are written at severity ERROR, the way they mislead: a match example must
 * then be recognised as noise (never reach the unclassified errors), a no_match example must not.
 */
public final class ExampleTriage {

    private static final String SERVICE = "catalog-examples";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private ExampleTriage() {
    }

    private record Case(Signature signature, String example, boolean positive, LogEntry entry) {
    }

    /** Every failing example of the catalog's active signatures; empty when all pass. */
    public static List<ExampleRunner.Failure> run(Catalog catalog) {
        return run(catalog, List.of());
    }

    /**
     * Every failing example of the catalog's active signatures, and every signature a line of
     * {@code benign} fires (each line on a revision of its own, like the examples).
     */
    public static List<ExampleRunner.Failure> run(Catalog catalog, List<BenignLine> benign) {
        List<Case> cases = cases(catalog.active());
        for (BenignLine line : benign) {
            cases.add(new Case(null, line.text(), false, entry(cases.size() + 1, line.logName(), line.text(), Severity.DEFAULT)));
        }
        EntrySource source = (entries, problems) -> {
            cases.forEach(c -> entries.accept(c.entry()));
            return List.of(new SourceStats("catalog examples", "examples", cases.size(), cases.size(), 0, true, null));
        };
        TriageResult result;
        try {
            result = new Triage(catalog, 1).run(source, problem -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the source above never reads anything
        }
        Map<String, List<String>> firedByRevision = new HashMap<>();
        for (RevisionReport r : result.revisions()) {
            List<String> fired = new ArrayList<>(r.revision().hits().stream().map(SignatureHits::signature).map(Signature::id).toList());
            fired.addAll(r.revision().mined().noise().keySet());
            firedByRevision.put(r.key().revision(), fired);
        }
        Map<String, Signature> byId = catalog.byId();
        List<ExampleRunner.Failure> failures = new ArrayList<>();
        for (Case c : cases) {
            List<String> fired = firedByRevision.getOrDefault(c.entry().resource().revision(), List.of());
            if (c.signature() == null) { // a benign line may be known noise: that is what noise is for
                fired.stream().filter(id -> byId.get(id) == null || !byId.get(id).isNoise()).forEach(id -> failures.add(new ExampleRunner.Failure(id, c.example(), ExampleRunner.Problem.BENIGN_MATCHED,
                        List.of(id))));
                continue;
            }
            String id = c.signature().id();
            if (c.positive() && !fired.contains(id)) {
                failures.add(new ExampleRunner.Failure(id, c.example(), ExampleRunner.Problem.MISSED, fired));
            } else if (c.positive() && !ExampleRunner.undeclared(c.signature(), fired, byId).isEmpty()) {
                failures.add(new ExampleRunner.Failure(id, c.example(), ExampleRunner.Problem.ALSO_FIRED, fired));
            } else if (!c.positive() && fired.contains(id)) {
                failures.add(new ExampleRunner.Failure(id, c.example(), ExampleRunner.Problem.FALSE_POSITIVE, fired));
            }
        }
        return failures;
    }

    /** One entry per example, each on its own revision and instance so that nothing stitches them together. */
    private static List<Case> cases(List<Signature> signatures) {
        List<Case> cases = new ArrayList<>();
        for (Signature s : signatures) {
            String log = s.logNames().isEmpty() ? LogEntry.STDERR : s.logNames().get(0);
            for (int positive = 1; positive >= 0; positive--) {
                for (String example : positive == 1 ? s.examplesMatch() : s.examplesNoMatch()) {
                    cases.add(new Case(s, example, positive == 1, entry(cases.size() + 1, log, example,
                            s.isNoise() ? Severity.ERROR : Severity.DEFAULT)));
                }
            }
        }
        return cases;
    }

    /** The {@code n}th case's entry: on revision and instance {@code n} of its own. */
    /** @param severity ERROR for known noise: its lines must be told apart where the miner would take them as errors */
    private static LogEntry entry(int n, String log, String text, Severity severity) {
        String revision = String.format("%s-%05d-ex", SERVICE, n);
        Resource resource = new Resource(Resource.CLOUD_RUN_REVISION, "catalog", SERVICE, revision, SERVICE, "us-central1");
        return new LogEntry(new Origin("catalog examples", n, 0), START.plusSeconds(n), severity, log,
                resource, "instance-" + n, Integer.toHexString(n), null, text, 0, -1, null);
    }
}
