package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.faultline.incident.Fixtures.hit;
import static org.assertj.core.api.Assertions.assertThat;

/** Revision health, the last working revision and the config diff, fed through the Grouper as the pipeline does. */
class ForensicsTest {

    private static final String SERVICE = "shop-api";
    private static final Signature PORT = new Signature("cloudrun.port-listen-timeout", 1, "port", Signature.Layer.PLATFORM,
            Signature.Level.CRITICAL, Signature.Role.SYMPTOM, Signature.Status.STABLE, List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), "r", List.of("cpu", "memory", "timeoutSeconds"), "test.yaml");

    private final Grouper grouper = new Grouper(3);
    private final Judge judge = new Judge(List.of());

    @Test
    void diffAgainstTheLastWorkingRevisionListsRelatedSettingsFirst() {
        spec("shop-api-00010-aaa", "2025-10-01T10:00:00Z", Map.of("image", "shop:1", "cpu", "2", "memory", "4Gi",
                "timeoutSeconds", "600", "envNames", "A,B"));
        served("shop-api-00010-aaa", "2025-10-01T10:05:00Z", 200);
        spec(null, "2025-10-02T09:00:00Z", Map.of("image", "shop:2", "cpu", "1", "memory", "512Mi",
                "timeoutSeconds", "300", "envNames", "A,C"));
        fails("shop-api-00011-bbb", "2025-10-02T09:01:00Z");

        Incident incident = judged("shop-api-00011-bbb");

        assertThat(incident.lastWorkingRevision()).isEqualTo("shop-api-00010-aaa");
        assertThat(incident.firstFailingRevision()).isEqualTo("shop-api-00011-bbb");
        assertThat(incident.configDiffAvailable()).isTrue();
        assertThat(incident.configChanges()).extracting(ConfigChange::describe)
                .containsExactly("cpu 2 -> 1", "memory 4Gi -> 512Mi", "timeoutSeconds 600 -> 300", "image shop:1 -> shop:2",
                        "envNames +C -B");
        assertThat(incident.configChanges()).extracting(ConfigChange::related).containsExactly(true, true, true, false, false);
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("configuration changed since the last working revision shop-api-00010-aaa: cpu 2 -> 1, memory 4Gi -> 512Mi")
                .contains("worth checking first"));
    }

    /** An unnamed service spec belongs to the revision that first logged after it, not to an older one. */
    @Test
    void unnamedServiceSpecsGoToTheRevisionDeployedAfterThem() {
        spec(null, "2025-10-01T10:00:00Z", Map.of("cpu", "2"));
        served("shop-api-00010-aaa", "2025-10-01T10:01:00Z", 200);
        spec(null, "2025-10-02T10:00:00Z", Map.of("cpu", "1"));
        fails("shop-api-00011-bbb", "2025-10-02T10:01:00Z");

        Map<String, RevisionHits> byName = byName();
        assertThat(byName.get("shop-api-00010-aaa").config().settings()).containsEntry("cpu", "2");
        assertThat(byName.get("shop-api-00011-bbb").config().settings()).containsEntry("cpu", "1");
        assertThat(byName.get("shop-api-00011-bbb").created()).isEqualTo(Instant.parse("2025-10-02T10:00:00Z"));
    }

    /** Exports filtered to stderr carry no audit entries: say the diff is unavailable and where it is. */
    @Test
    void withoutAuditEntriesTheDiffIsUnavailableAndTheReasonNamesTheLog() {
        served("shop-api-00010-aaa", "2025-10-01T10:05:00Z", 200);
        fails("shop-api-00011-bbb", "2025-10-02T09:01:00Z");

        Incident incident = judged("shop-api-00011-bbb");

        assertThat(incident.lastWorkingRevision()).isEqualTo("shop-api-00010-aaa");
        assertThat(incident.configDiffAvailable()).isFalse();
        assertThat(incident.configChanges()).isEmpty();
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("configuration diff unavailable")
                .contains("shop-api-00010-aaa or shop-api-00011-bbb")
                .contains("cloudaudit.googleapis.com%2Factivity")
                .contains("resource.labels.service_name=\"shop-api\""));
    }

    /**
     * A rollback: 00011 fails, traffic goes back to 00010, then 00012 fails too. The last working
     * revision of 00012 is 00010 (not the rolled-back-to order in the log), and the first failing one is 00011.
     */
    @Test
    void rollbackKeepsTheOlderRevisionAsLastWorkingAndNamesTheFirstFailure() {
        served("shop-api-00010-aaa", "2025-10-01T10:05:00Z", 200);
        fails("shop-api-00011-bbb", "2025-10-02T09:01:00Z");
        served("shop-api-00010-aaa", "2025-10-02T09:30:00Z", 200);   // rolled back
        fails("shop-api-00012-ccc", "2025-10-03T09:01:00Z");
        served("shop-api-00010-aaa", "2025-10-03T09:30:00Z", 200);

        Incident incident = judged("shop-api-00012-ccc");

        assertThat(incident.lastWorkingRevision()).isEqualTo("shop-api-00010-aaa");
        assertThat(incident.firstFailingRevision()).isEqualTo("shop-api-00011-bbb");
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r)
                .contains("the first failing one after it is shop-api-00011-bbb"));
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r)
                .contains("shop-api-00010-aaa still served successful requests after this revision failed")
                .contains("rolled back"));
        assertThat(byName().get("shop-api-00010-aaa").health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void whenEveryRevisionFailsThereIsNoLastWorkingOneAndTheReasonSaysSo() {
        fails("shop-api-00010-aaa", "2025-10-01T10:05:00Z");
        fails("shop-api-00011-bbb", "2025-10-02T09:01:00Z");
        fails("shop-api-00012-ccc", "2025-10-03T09:01:00Z");

        Incident incident = judged("shop-api-00012-ccc");

        assertThat(incident.lastWorkingRevision()).isNull();
        assertThat(incident.firstFailingRevision()).isNull();
        assertThat(incident.configDiffAvailable()).isFalse();
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("no earlier working revision of shop-api in these logs (the 2 earlier ones fail too)"));
    }

    @Test
    void healthFromHitsAndRequests() {
        // failure hits while mostly serving fine: degraded, still judged
        for (int i = 0; i < 30; i++) {
            served("shop-api-00020-deg", "2025-10-01T10:%02d:00Z".formatted(i), 200);
        }
        fails("shop-api-00020-deg", "2025-10-01T10:31:00Z");
        // no signature, but 5xx on every request: failing, judged new with the cause not in the catalog
        for (int i = 0; i < 25; i++) {
            served("shop-api-00021-err", "2025-10-02T10:%02d:00Z".formatted(i), 503);
        }
        // only an audit entry names it
        audit("shop-api-00022-unk", "2025-10-03T10:00:00Z");
        // a few 5xx among many 2xx: below the 5% threshold
        for (int i = 0; i < 40; i++) {
            served("shop-api-00023-ok", "2025-10-04T10:%02d:00Z".formatted(i), i == 0 ? 500 : 200);
        }

        Map<String, RevisionHits> byName = byName();
        assertThat(byName.get("shop-api-00020-deg").health()).isEqualTo(Health.DEGRADED);
        assertThat(byName.get("shop-api-00021-err").health()).isEqualTo(Health.FAILING);
        assertThat(byName.get("shop-api-00022-unk").health()).isEqualTo(Health.UNKNOWN);
        assertThat(byName.get("shop-api-00023-ok").health()).isEqualTo(Health.HEALTHY);

        Incident err = judged("shop-api-00021-err");
        assertThat(err.verdict()).isEqualTo(Verdict.NEW);
        assertThat(err.fingerprint()).isEmpty();
        assertThat(err.reasons()).anySatisfy(r -> assertThat(r)
                .isEqualTo("cause not in the catalog: no failure signature matched, but 25 of 25 requests failed with 5xx"));
        assertThat(judged("shop-api-00023-ok").verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judged("shop-api-00020-deg").verdict()).isEqualTo(Verdict.NEW);
    }

    // ---- fixtures: entries shaped like the real logs, fed through the Grouper

    private Incident judged(String revision) {
        return judge.judge(grouper.revisions()).stream()
                .filter(r -> r.key().revision().equals(revision))
                .findFirst().orElseThrow().incident();
    }

    private Map<String, RevisionHits> byName() {
        Map<String, RevisionHits> out = new HashMap<>();
        grouper.revisions().forEach(r -> out.put(r.key().revision(), r));
        return out;
    }

    private void spec(String revision, String time, Map<String, String> settings) {
        LogEntry e = new LogEntry(new Origin("t.json", 1, 1), Instant.parse(time), Severity.NOTICE, LogEntry.AUDIT_ACTIVITY,
                resource(""), null, "a-" + time, null, "", 0, -1, "google.cloud.run.v1.Services.ReplaceService",
                new RevisionConfig(revision, settings));
        grouper.accept(Event.of(e), List.of());
    }

    private void audit(String revision, String time) {
        LogEntry e = new LogEntry(new Origin("t.json", 1, 1), Instant.parse(time), Severity.NOTICE, LogEntry.AUDIT_SYSTEM_EVENT,
                resource(revision), null, "s-" + time, null, "Ready condition status changed to True", 0, -1, null);
        grouper.accept(Event.of(e), List.of());
    }

    private void served(String revision, String time, int status) {
        LogEntry e = new LogEntry(new Origin("t.json", 1, 1), Instant.parse(time), Severity.INFO, LogEntry.REQUESTS,
                resource(revision), "i1", "r-" + revision + time, null, "GET /", status, 12, null);
        grouper.accept(Event.of(e), List.of());
    }

    private void fails(String revision, String time) {
        LogEntry e = new LogEntry(new Origin("t.json", 1, 1), Instant.parse(time), Severity.ERROR, LogEntry.VARLOG_SYSTEM,
                resource(revision), "i2", "f-" + revision + time, null,
                "The user-provided container failed to start and listen on the port defined provided by the PORT=8080", 0, -1, null);
        Event event = Event.of(e);
        grouper.accept(event, List.of(hit(PORT, event, Map.of("port", "8080"))));
    }

    private static Resource resource(String revision) {
        return new Resource(Resource.CLOUD_RUN_REVISION, "shop-prod", SERVICE, revision, SERVICE, "europe-west1");
    }
}
