package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    private static LogEntry entry(String instance, String text) {
        return new LogEntry(new Origin("t", 1, 1), Instant.parse("2025-09-15T10:00:00Z"), Severity.DEFAULT, LogEntry.STDERR,
                new Resource(Resource.CLOUD_RUN_REVISION, "p", "svc", "svc-00001-aaa", "svc", "us"), instance, "x", null, text, 0, -1, null);
    }
}
