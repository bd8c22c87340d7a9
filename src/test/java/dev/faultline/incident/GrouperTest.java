package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import dev.faultline.entry.Tallies;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.faultline.incident.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class GrouperTest {

    @Test
    void keepsTheEarliestEvidenceWhateverTheReadingOrder() {
        Grouper g = new Grouper(2);
        // newest first, as gcloud prints
        for (String t : List.of("2025-09-15T10:00:05Z", "2025-09-15T10:00:03Z", "2025-09-15T10:00:04Z", "2025-09-15T10:00:01Z")) {
            var e = event("svc-00001-aaa", "i1", t, "x");
            g.accept(e, List.of(hit(EXIT, e, Map.of("exitCode", t.endsWith("05Z") ? "1" : "3"))));
        }
        SignatureHits hits = g.revisions().get(0).hits().get(0);

        assertThat(hits.count()).isEqualTo(4);
        assertThat(hits.firstSeen()).isEqualTo(Instant.parse("2025-09-15T10:00:01Z"));
        assertThat(hits.lastSeen()).isEqualTo(Instant.parse("2025-09-15T10:00:05Z"));
        assertThat(hits.evidence()).extracting(Event::timestamp)
                .containsExactly(Instant.parse("2025-09-15T10:00:01Z"), Instant.parse("2025-09-15T10:00:03Z"));
        // values ordered by when they were first seen, not by reading order
        assertThat(hits.fieldValues().get("exitCode")).containsExactly("3", "1");
        assertThat(hits.latest("exitCode")).isEqualTo("1");
    }

    @Test
    void accountsForEveryEntryAndKeepsUnattributedOnesOutOfRevisions() {
        Grouper g = new Grouper(3);
        LogEntry noRevision = new LogEntry(new Origin("t", 1, 1), Instant.parse("2025-09-15T10:00:00Z"), Severity.NOTICE,
                LogEntry.AUDIT_ACTIVITY, new Resource(Resource.CLOUD_RUN_REVISION, "p", "svc", "", "svc", "us"),
                null, "a", null, "service-level audit", 0, -1, null);
        var stitched = new Event(List.of(entry("i1", "Traceback (most recent call last):"), entry("i1", "  File \"x\""),
                entry("i1", "ValueError: x")), "Traceback...");
        g.accept(Event.of(noRevision), List.of());
        g.accept(stitched, List.of(hit(EXIT, stitched, Map.of())));
        g.accept(Event.of(entry("i2", "fine")), List.of());

        assertThat(g.unattributedEntries()).isEqualTo(1);
        assertThat(g.matchedEntries()).isEqualTo(3);
        assertThat(g.unmatchedEntries()).isEqualTo(2);
        assertThat(g.events()).isEqualTo(3);
        RevisionHits r = g.revisions().get(0);
        assertThat(r.entries()).isEqualTo(4);
        assertThat(r.instances()).containsExactlyInAnyOrder("i1", "i2");
        assertThat(r.hits().get(0).entries()).isEqualTo(3);
    }

    @Test
    void countsRequestsByStatusClass() {
        Grouper g = new Grouper(3);
        for (int status : new int[] {200, 200, 404, 503, 0}) {
            LogEntry req = new LogEntry(new Origin("t", 1, 1), Instant.parse("2025-09-15T10:00:00Z"), Severity.INFO,
                    LogEntry.REQUESTS, new Resource(Resource.CLOUD_RUN_REVISION, "p", "svc", "svc-00001-aaa", "svc", "us"),
                    null, "r" + status, null, "", status, 12, null);
            g.accept(Event.of(req), List.of());
        }
        RequestStats stats = g.revisions().get(0).requests();
        assertThat(stats).isEqualTo(new RequestStats(5, 2, 0, 1, 1));
    }

    @Test
    void talliedEntriesAndHitsAddToTheStreamedOnesOfTheSameRevision() {
        Grouper g = new Grouper(2);
        String revision = "netra-backend-staging-00161-67z";
        var streamed = event(revision, "i1", "2025-09-15T10:00:03Z", "Container called exit(3).");
        g.accept(streamed, List.of(hit(EXIT, streamed, Map.of("exitCode", "3"))));
        g.accept(event(revision, "i2", "2025-09-15T10:00:09Z", "fine"), List.of());
        g.add(new Tallies.RevisionTally("netra-backend-staging", revision, "netra-staging", "us-central1", 10, 8, 2,
                Instant.parse("2025-09-15T10:00:01Z"), Instant.parse("2025-09-15T10:00:05Z"), Set.of("i1", "i3"),
                4, 1, 0, 1, 2, Instant.parse("2025-09-15T10:00:02Z")));
        g.add(new Tallies.RevisionTally("netra-backend-staging", "", "netra-staging", "us-central1", 3, 0, 1,
                Instant.parse("2025-09-15T09:00:00Z"), Instant.parse("2025-09-15T09:00:00Z"), Set.of(), 0, 0, 0, 0, 0, null));
        LogEntry early = event(revision, "i3", "2025-09-15T10:00:01Z", "Container called exit(1).").head();
        g.add(new Tallies.HitTally("netra-backend-staging", revision, EXIT.id(), 2, Instant.parse("2025-09-15T10:00:01Z"),
                Instant.parse("2025-09-15T10:00:04Z"), Set.of("i3"),
                Map.of("exitCode", Map.of("1", Instant.parse("2025-09-15T10:00:01Z"), "3", Instant.parse("2025-09-15T10:00:04Z"))),
                List.of(early)), EXIT);

        assertThat(g.events()).isEqualTo(2 + 10 + 3);
        assertThat(g.matchedEntries()).isEqualTo(1 + 2 + 1);
        assertThat(g.unmatchedEntries()).isEqualTo(1 + 8 + 2);
        assertThat(g.unattributedEntries()).isEqualTo(3);
        RevisionHits r = g.revisions().get(0);
        assertThat(r.entries()).isEqualTo(12);
        assertThat(r.ownEntries()).isEqualTo(10);
        assertThat(r.firstSeen()).isEqualTo(Instant.parse("2025-09-15T10:00:01Z"));
        assertThat(r.lastSeen()).isEqualTo(Instant.parse("2025-09-15T10:00:09Z"));
        assertThat(r.instances()).containsExactlyInAnyOrder("i1", "i2", "i3");
        assertThat(r.requests()).isEqualTo(new RequestStats(4, 1, 0, 1, 2));
        assertThat(r.lastServedOk()).isEqualTo(Instant.parse("2025-09-15T10:00:02Z"));
        SignatureHits exits = r.hits().get(0);
        assertThat(exits.count()).isEqualTo(3);
        assertThat(exits.firstSeen()).isEqualTo(Instant.parse("2025-09-15T10:00:01Z"));
        assertThat(exits.lastSeen()).isEqualTo(Instant.parse("2025-09-15T10:00:04Z"));
        assertThat(exits.instances()).containsExactlyInAnyOrder("i1", "i3");
        // "3" was first seen streamed at :03, before the tally's :04
        assertThat(exits.fieldValues().get("exitCode")).containsExactly("1", "3");
        assertThat(exits.evidence()).extracting(e -> e.head().text())
                .containsExactly("Container called exit(1).", "Container called exit(3).");
    }

    /**
     * Issue 18 item 4b: past the revisions kept in full detail, new ones are only counted; a failing
     * one takes the place of the oldest revision without failures; once every kept revision fails,
     * further failures are counted by signature, and the count of revisions is exact while small.
     */
    @Test
    void keepsAtMostTheLimitInDetailFailingOnesFirstAndCountsTheRest() {
        Grouper g = new Grouper(3, 4);
        for (int i = 1; i <= 6; i++) { // six quiet revisions: four kept, two counted
            g.accept(event(rev(i), "q" + i, "2025-09-15T10:00:0" + i + "Z", "fine"), List.of());
        }
        var failing = event(rev(7), "f7", "2025-09-15T10:01:00Z", "timeout");
        g.accept(failing, List.of(hit(PHASE_TIMEOUT, failing, Map.of())));
        assertThat(g.revisions()).extracting(r -> r.key().revision()).containsExactly(rev(2), rev(3), rev(4), rev(7));
        for (int i = 8; i <= 10; i++) { // three more failing ones displace the remaining quiet ones
            var e = event(rev(i), "f" + i, "2025-09-15T10:01:0" + i % 10 + "Z", "timeout");
            g.accept(e, List.of(hit(PHASE_TIMEOUT, e, Map.of())));
        }
        var late = event(rev(11), "f11", "2025-09-15T10:02:00Z", "timeout"); // no room left: counted with its signature
        g.accept(late, List.of(hit(PHASE_TIMEOUT, late, Map.of()), hit(EXIT, late, Map.of())));
        g.accept(event(rev(2), "q2", "2025-09-15T10:03:00Z", "fine again"), List.of()); // a displaced one stays counted

        assertThat(g.revisions()).extracting(r -> r.key().revision()).containsExactly(rev(7), rev(8), rev(9), rev(10));
        assertThat(g.revisions()).allSatisfy(r -> assertThat(r.failing()).isTrue());
        Summarised s = g.summarised();
        assertThat(s.revisions()).isEqualTo(7); // 1..6 and 11, each once
        assertThat(s.estimated()).isFalse();
        assertThat(s.entries()).isEqualTo(8);
        assertThat(s.failureHits()).containsExactly(Map.entry(PHASE_TIMEOUT.id(), 1L), Map.entry(EXIT.id(), 1L));
        assertThat(s.describe()).startsWith("7 more revisions (8 entries) only counted, not judged: faultline keeps 4 revisions")
                .endsWith("failure hits among them: app.startup-phase-timeout 1x, cloudrun.container-exit 1x");
        assertThat(g.matchedEntries() + g.unmatchedEntries()).isEqualTo(12); // every entry still accounted for
    }

    @Test
    void countsDistinctRevisionsInFixedMemoryExactlyWhileFew() {
        DistinctCount few = new DistinctCount();
        for (int i = 0; i < 1000; i++) {
            few.add("svc", "r" + (i % 700));
        }
        assertThat(few.count()).isEqualTo(700);
        assertThat(few.estimated()).isFalse();
        DistinctCount many = new DistinctCount();
        for (int i = 0; i < 200_000; i++) {
            many.add("svc", "r" + i);
            many.add("svc", "r" + (i / 2)); // repeats do not count
        }
        assertThat(many.estimated()).isTrue();
        assertThat((double) many.count()).isCloseTo(200_000, org.assertj.core.data.Percentage.withPercentage(5));
    }

    private static String rev(int i) {
        return String.format("netra-backend-staging-%05d-abc", i);
    }

    private static LogEntry entry(String instance, String text) {
        return new LogEntry(new Origin("t", 1, 1), Instant.parse("2025-09-15T10:00:00Z"), Severity.DEFAULT, LogEntry.STDERR,
                new Resource(Resource.CLOUD_RUN_REVISION, "p", "svc", "svc-00001-aaa", "svc", "us"), instance, "x", null, text, 0, -1, null);
    }
}
