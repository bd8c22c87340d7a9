package dev.faultline.incident;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.faultline.incident.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class JudgeTest {

    private final Judge judge = new Judge(List.of(ISSUE_1263, ISSUE_1278));

    /** The second seed: the database timeout on a new revision after #1263 was marked resolved. */
    @Test
    void fingerprintOfResolvedIssueSeenAfterResolutionIsARecurrenceOfTheCanonicalTicket() {
        Grouper g = new Grouper(3);
        var e1 = event("netra-backend-staging-00697-gp6", "i1", "2025-09-15T16:35:07Z", "Database initialization timeout after 20.0s");
        var e2 = event("netra-backend-staging-00697-gp6", "i1", "2025-09-15T16:35:06Z", "socket");
        var e3 = event("netra-backend-staging-00697-gp6", "i1", "2025-09-15T16:35:08Z", "Container called exit(3).");
        g.accept(e1, List.of(hit(PHASE_TIMEOUT, e1, Map.of("timeoutSeconds", "20.0"))));
        g.accept(e2, List.of(hit(SOCKET, e2, Map.of())));
        g.accept(e3, List.of(hit(EXIT, e3, Map.of("exitCode", "3"))));

        Incident incident = judge.judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.RECURRENCE);
        assertThat(incident.knownIssue()).isEqualTo("#1263");
        assertThat(incident.alsoTrackedAs()).containsExactly("#1278");
        assertThat(incident.causeFound()).isTrue();
        // causes first (by first seen), then the symptom
        assertThat(incident.fingerprint()).containsExactly(SOCKET.id(), PHASE_TIMEOUT.id(), EXIT.id());
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r).contains("#1263 was marked resolved on 2025-09-10T00:00:00Z"));
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r).contains("shared signatures app.startup-phase-timeout, postgres.cloudsql-socket-error"));
    }

    @Test
    void hitsFromBeforeTheResolutionAreOngoingNotRecurrence() {
        Grouper g = new Grouper(3);
        var e1 = event("svc-00690-k2m", "i1", "2025-09-09T10:00:00Z", "a");
        g.accept(e1, List.of(hit(PHASE_TIMEOUT, e1, Map.of()), hit(SOCKET, e1, Map.of())));

        Incident incident = judge.judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.ONGOING);
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r).contains("predate the resolution"));
    }

    @Test
    void partialFingerprintIsNewAndNamesTheClosestIssue() {
        Grouper g = new Grouper(3);
        var e = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "socket");
        g.accept(e, List.of(hit(SOCKET, e, Map.of())));

        Incident incident = judge.judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.NEW);
        assertThat(incident.knownIssue()).isNull();
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r)
                .contains("closest known issue #1263").contains("lacks app.startup-phase-timeout"));
    }

    @Test
    void onlySymptomsSaySoInsteadOfInventingACause() {
        Grouper g = new Grouper(3);
        var e = event("netra-backend-staging-00161-67z", "i1", "2025-09-08T02:53:07Z", "port");
        g.accept(e, List.of(hit(PORT, e, Map.of("port", "8000"))));

        Incident incident = judge.judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.NEW);
        assertThat(incident.causeFound()).isFalse();
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r).startsWith("cause not in the catalog"));
    }

    @Test
    void warningsAloneLeaveARevisionHealthy() {
        Grouper g = new Grouper(3);
        var e = event("svc-00001-aaa", "i1", "2025-09-15T10:00:00Z", "warn");
        g.accept(e, List.of(hit(WARN, e, Map.of())));
        var quiet = event("svc-00002-bbb", "i1", "2025-09-15T10:00:00Z", "hello");
        g.accept(quiet, List.of());

        List<RevisionReport> reports = judge.judge(g.revisions());

        assertThat(reports).extracting(r -> r.incident().verdict()).containsExactly(Verdict.HEALTHY, Verdict.HEALTHY);
        assertThat(reports.get(0).revision().hits()).hasSize(1);
    }

    @Test
    void openIssueIsOngoing() {
        var open = new dev.faultline.catalog.KnownIssue("#1301", "port", dev.faultline.catalog.KnownIssue.Status.OPEN, null, null,
                List.of(PORT.id()), List.of(), List.of(), "", "x.yaml");
        Grouper g = new Grouper(3);
        var e = event("svc-00003-ccc", "i1", "2025-09-15T10:00:00Z", "port");
        g.accept(e, List.of(hit(PORT, e, Map.of())));

        Incident incident = new Judge(List.of(open)).judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.ONGOING);
        assertThat(incident.knownIssue()).isEqualTo("#1301");
    }

    /** The escalation of seed 001: 8.0s -> 20.0s -> 25.0s across revisions, in time order, not name order. */
    @Test
    void reportsTheTimeoutTrendAcrossRevisions() {
        Grouper g = new Grouper(3);
        String[][] rows = {
                {"netra-backend-staging-00704-ds8", "2025-09-15T21:05:00Z", "25.0"},
                {"netra-backend-staging-00690-k2m", "2025-09-12T09:00:00Z", "8.0"},
                {"netra-backend-staging-00697-gp6", "2025-09-15T16:35:00Z", "20.0"},
                {"netra-backend-staging-00709-bg5", "2025-09-15T21:28:00Z", "25.0"},
        };
        for (String[] row : rows) {
            var e = event(row[0], "i1", row[1], "timeout");
            g.accept(e, List.of(hit(PHASE_TIMEOUT, e, Map.of("timeoutSeconds", row[2])), hit(SOCKET, e, Map.of())));
        }

        List<RevisionReport> reports = judge.judge(g.revisions());
        Incident last = reports.get(3).incident();

        assertThat(last.trends()).hasSize(1);
        Trend trend = last.trends().get(0);
        assertThat(trend.direction()).isEqualTo("rising");
        assertThat(trend.steps()).extracting(Trend.Step::value).containsExactly("8.0", "20.0", "25.0");
        assertThat(trend.steps().get(2).revisions()).containsExactly("netra-backend-staging-00704-ds8", "netra-backend-staging-00709-bg5");
        assertThat(last.reasons()).anySatisfy(r -> assertThat(r)
                .contains("timeoutSeconds rising across revisions: 8.0s (00690-k2m) -> 20.0s (00697-gp6) -> 25.0s (00704-ds8, 00709-bg5)"));
    }
    /**
     * Issue 18 item 4c: thousands of failing revisions of one service. Every one is judged with the
     * same trend (worked out once), which keeps the first step and the latest ones and says how
     * many it left out; each step names its first revisions and its latest one.
     */
    @Test
    void aLongTrendKeepsItsFirstAndLatestStepsAndSaysWhatItLeftOut() {
        Grouper g = new Grouper(3);
        int revisions = 3000;
        for (int i = 0; i < revisions; i++) {
            String name = String.format("netra-backend-staging-%05d-abc", i + 1);
            var e = event(name, "i" + i, java.time.Instant.parse("2025-09-15T00:00:00Z").plusSeconds(i).toString(), "timeout");
            g.accept(e, List.of(hit(PHASE_TIMEOUT, e, Map.of("timeoutSeconds", String.valueOf(8 + i / 100)))));
        }

        List<RevisionReport> reports = judge.judge(g.revisions());

        assertThat(reports).hasSize(revisions).allSatisfy(r -> assertThat(r.incident().verdict()).isEqualTo(Verdict.NEW));
        Trend trend = reports.get(revisions - 1).incident().trends().get(0);
        assertThat(trend).isSameAs(reports.get(0).incident().trends().get(0)); // one trend per (service, signature, field)
        assertThat(trend.direction()).isEqualTo("rising");
        assertThat(trend.steps()).hasSize(Trends.MAX_STEPS);
        assertThat(trend.stepsLeftOut()).isEqualTo(30 - Trends.MAX_STEPS);
        assertThat(trend.steps()).extracting(Trend.Step::value).startsWith("8", "27").endsWith("37");
        Trend.Step last = trend.steps().get(Trends.MAX_STEPS - 1);
        assertThat(last.revisions()).hasSize(Trends.MAX_STEP_REVISIONS).startsWith("netra-backend-staging-02901-abc")
                .endsWith("netra-backend-staging-03000-abc");
        assertThat(last.revisionsLeftOut()).isEqualTo(100 - Trends.MAX_STEP_REVISIONS);
        assertThat(reports.get(10).incident().reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("app.startup-phase-timeout timeoutSeconds rising across revisions: 8s (00001-abc, 00002-abc,")
                .contains("-> ... (18 more steps) -> 27s (").contains("... 94 more, 03000-abc)"));
        // the last working revision, the first failing one and the count of earlier failing ones come from one index
        assertThat(reports.get(revisions - 1).incident().reasons())
                .anySatisfy(r -> assertThat(r).contains("(the 2999 earlier ones fail too)"));
    }
}
