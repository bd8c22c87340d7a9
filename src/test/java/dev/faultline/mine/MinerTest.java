package dev.faultline.mine;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import dev.faultline.match.Hit;
import dev.faultline.match.Matcher;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ranking of probable causes, the per-revision view and the noise filter, on hand-built events. */
class MinerTest {

    private static final Signature EXIT = signature("cloudrun.container-exit", Signature.Role.SYMPTOM);
    private static final Signature CAUSE = signature("app.some-cause", Signature.Role.CAUSE);
    private static final String REV = "api-00002-new";
    private static final Instant T0 = Instant.parse("2025-10-02T14:05:00Z");

    private static Signature signature(String id, Signature.Role role) {
        return new Signature(id, 1, "title", Signature.Layer.PLATFORM, Signature.Level.ERROR, role, Signature.Status.STABLE,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), "fix", List.of(), "test.yaml");
    }

    private static Event event(String instance, double seconds, Severity severity, String log, String text) {
        return event(instance, seconds, severity, log, text, 0, -1);
    }

    private static Event event(String instance, double seconds, Severity severity, String log, String text, int status, long latency) {
        Resource r = new Resource(Resource.CLOUD_RUN_REVISION, "p", "api", REV, "api", "europe-west1");
        return Event.of(new LogEntry(new Origin("t", 1, 1), T0.plusMillis((long) (seconds * 1000)), severity, log, r, instance,
                "id" + seconds, null, text, status, latency, null));
    }

    private static Miner miner() {
        return new Miner(new Matcher(List.of()));
    }

    private static void exit(Miner m, String instance, double seconds) {
        Event e = event(instance, seconds, Severity.WARNING, LogEntry.VARLOG_SYSTEM, "Container called exit(1).");
        m.accept(e, List.of(new Hit(EXIT, e, Map.of())));
    }

    @Test
    void anExceptionOnTheFailingInstanceRanksFirstThenTheNextTwo() {
        Miner m = miner();
        m.accept(event("i1", 1.0, Severity.ERROR, LogEntry.STDOUT, "Feature flag service unavailable: 503"), List.of());
        m.accept(event("i2", 1.5, Severity.DEFAULT, LogEntry.STDERR, "RuntimeError: cache warmup failed on a sibling"), List.of());
        m.accept(event("i1", 1.9, Severity.DEFAULT, LogEntry.STDERR,
                "Traceback (most recent call last):\n  File \"/app/x.py\", line 3, in load\nValueError: bad config value 'x'"), List.of());
        m.accept(event("i1", 2.05, Severity.DEFAULT, LogEntry.STDERR, "[1] [ERROR] Shutting down: Master"), List.of());
        exit(m, "i1", 2.0);
        // long after the failure (beyond the grace): a consequence, not a candidate
        m.accept(event("i1", 30, Severity.DEFAULT, LogEntry.STDERR, "KeyError: 'late'"), List.of());

        List<ProbableCause> ranked = m.mined().revision("api", REV).probableCauses();
        // exception shape first; among the bare levels the earlier first occurrence
        assertThat(ranked).extracting(p -> p.template().text()).containsExactly(
                "ValueError: bad config value '<QUOTED>'",
                "RuntimeError: cache warmup failed on a sibling",
                "Feature flag service unavailable: <NUM>");
        ProbableCause top = ranked.get(0);
        assertThat(top.rank()).isEqualTo(1);
        assertThat(top.onFailingInstance()).isTrue();
        assertThat(top.template().frame()).isEqualTo("/app/x.py in load");
        assertThat(top.reference()).isEqualTo("cloudrun.container-exit");
        assertThat(top.before().toMillis()).isEqualTo(100);
        assertThat(top.evidence().text()).startsWith("Traceback");
        assertThat(top.reason()).contains("exception-shaped").contains("100 ms before its cloudrun.container-exit").contains("rank 1 of 4");
        // the sibling's exception is elsewhere (its instance never failed), behind the one on the failing instance
        assertThat(ranked.get(1).onFailingInstance()).isFalse();
        assertThat(ranked.get(2).before().toMillis()).isEqualTo(1000);
    }

    @Test
    void anEventJustAfterTheSymptomStillCountsWithinTheGrace() {
        Miner m = miner();
        exit(m, "i1", 2.0);
        m.accept(event("i1", 2.4, Severity.DEFAULT, LogEntry.STDERR, "ValueError: flushed after the exit"), List.of());
        m.accept(event("i1", 3.5, Severity.DEFAULT, LogEntry.STDERR, "KeyError: 'too late'"), List.of());
        List<ProbableCause> ranked = m.mined().revision("api", REV).probableCauses();
        assertThat(ranked).extracting(p -> p.template().text()).containsExactly("ValueError: flushed after the exit");
        assertThat(ranked.get(0).before().toMillis()).isEqualTo(-400);
        assertThat(ranked.get(0).reason()).contains("400 ms after (within the grace");
    }

    @Test
    void aCauseSignatureLeavesNothingToGuess() {
        Miner m = miner();
        m.accept(event("i1", 1, Severity.DEFAULT, LogEntry.STDERR, "ValueError: x"), List.of());
        Event cause = event("i1", 1.5, Severity.ERROR, LogEntry.STDERR, "the known cause");
        m.accept(cause, List.of(new Hit(CAUSE, cause, Map.of())));
        exit(m, "i1", 2);
        MinedRevision r = m.mined().revision("api", REV);
        assertThat(r.probableCauses()).isEmpty();
        assertThat(r.unclassified()).hasSize(1); // still listed as unclassified
    }

    @Test
    void withoutSymptomsTheFirst5xxIsTheReferenceAndItsEndCounts() {
        Miner m = miner();
        // the request starts at 10 s and takes 300 ms; the handler logs its error 200 ms into it
        m.accept(event("i1", 10, Severity.ERROR, LogEntry.REQUESTS, "", 500, 300), List.of());
        m.accept(event("i1", 10.2, Severity.ERROR, LogEntry.STDERR, "psycopg2.errors.UndefinedTable: relation \"orders\" does not exist"), List.of());
        List<ProbableCause> ranked = m.mined().revision("api", REV).probableCauses();
        assertThat(ranked).hasSize(1);
        assertThat(ranked.get(0).reference()).isEqualTo("first 5xx");
        assertThat(ranked.get(0).before().toMillis()).isEqualTo(100);
    }

    @Test
    void unclassifiedTemplatesPerRevisionAreCountedWithTheirSpan() {
        Miner m = miner();
        for (int i = 0; i < 30; i++) {
            m.accept(event("i" + (i % 3), i, Severity.ERROR, LogEntry.STDERR,
                    "Failed to load recommendations for product " + (1000 + i) + ": relation \"recs\" does not exist"), List.of());
        }
        Mined mined = m.mined();
        assertThat(mined.templates()).hasSize(1);
        Template t = mined.templates().get(0);
        assertThat(t.count()).isEqualTo(30);
        assertThat(t.instanceCount()).isEqualTo(3);
        assertThat(t.revisions()).containsExactly(REV);
        assertThat(t.examples()).hasSize(Miner.EXAMPLES).extracting(Example::timestamp).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2));
        RevisionTemplate rt = mined.revision("api", REV).unclassified().get(0);
        assertThat(rt.count()).isEqualTo(30);
        assertThat(rt.firstSeen()).isEqualTo(T0);
        assertThat(rt.lastSeen()).isEqualTo(T0.plusSeconds(29));
        assertThat(mined.stats().errorEvents()).isEqualTo(30);
    }

    @Test
    void knownNoiseIsCountedAndNeverMined() throws Exception {
        Miner m = new Miner(new Matcher(CatalogLoader.loadBundled().noise()));
        m.accept(event("i1", 1, Severity.ERROR, LogEntry.STDERR,
                "[2025-09-11 07:31:58 +0000] [7] [ERROR] Error while closing socket [Errno 9] Bad file descriptor"), List.of());
        m.accept(event("i1", 2, Severity.ERROR, LogEntry.VARLOG_SYSTEM,
                "Container Sandbox: Unsupported syscall setsockopt(0x12e,0x1,0xd,0x3e23363fefb8,0x8,0x3e234cef5490)."), List.of());
        m.accept(event("i1", 3, Severity.ERROR, LogEntry.STDERR, "Error while closing socket [Errno 104] Connection reset by peer"), List.of());
        exit(m, "i1", 4);
        Mined mined = m.mined();
        assertThat(mined.stats().noiseEvents()).isEqualTo(2);
        assertThat(mined.revision("api", REV).noise())
                .containsOnlyKeys("noise.gunicorn-close-socket-ebadf", "noise.gvisor-unsupported-syscall");
        assertThat(mined.templates()).extracting(Template::text).containsExactly("Error while closing socket [Errno <NUM>] Connection reset by peer");
        assertThat(mined.revision("api", REV).probableCauses()).extracting(p -> p.template().text())
                .containsExactly("Error while closing socket [Errno <NUM>] Connection reset by peer");
    }

    @Test
    void countsStayBoundedOnAnyInput() {
        Miner m = miner();
        for (int i = 0; i < Miner.MAX_CELLS + 500; i++) {
            m.accept(event("instance-" + i, 1, Severity.ERROR, LogEntry.STDERR, "same error every time"), List.of());
        }
        Mined mined = m.mined();
        assertThat(mined.templates().get(0).count()).isEqualTo(Miner.MAX_CELLS + 500);
        assertThat(mined.templates().get(0).instanceCount()).isEqualTo(Miner.MAX_INSTANCES);
        // the revision's state and its count take one cell each, then one per instance up to the cap
        assertThat(mined.stats().cellsDropped()).isEqualTo(502);
    }
}
