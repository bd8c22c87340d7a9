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

    // ---- near misses: both sides of the rule (KnownIssues)

    /** A partial export: the phase timeout (a cause of #1263) without the socket error is judged as #1263, naming what is missing. */
    @Test
    void aCauseOfAnIssueWithoutTheRestIsANearMissJudgedAgainstThatIssue() {
        Judge titled = new Judge(List.of(ISSUE_1263, ISSUE_1278), Map.of(SOCKET.id(), SOCKET, PHASE_TIMEOUT.id(), PHASE_TIMEOUT));
        Grouper g = new Grouper(3);
        var e1 = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "Database initialization timeout after 25.0s");
        var e2 = event("svc-00700-abc", "i1", "2025-09-15T10:00:01Z", "Container called exit(3).");
        g.accept(e1, List.of(hit(PHASE_TIMEOUT, e1, Map.of("timeoutSeconds", "25.0"))));
        g.accept(e2, List.of(hit(EXIT, e2, Map.of("exitCode", "3"))));

        Incident incident = titled.judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.RECURRENCE);
        assertThat(incident.knownIssue()).isEqualTo("#1263");
        assertThat(incident.nearMiss()).isTrue();
        assertThat(incident.missing()).containsExactly(SOCKET.id());
        assertThat(incident.alsoTrackedAs()).containsExactly("#1278");
        assertThat(incident.reasons().get(0)).startsWith("#1263 again, but no postgres.cloudsql-socket-error (title of "
                + "postgres.cloudsql-socket-error) in these logs");
    }

    @Test
    void aNearMissOfAnOpenIssueIsOngoingSoTheExitCodeFollows() {
        var open = new dev.faultline.catalog.KnownIssue("#1400", "db", dev.faultline.catalog.KnownIssue.Status.OPEN, null, null,
                List.of(PHASE_TIMEOUT.id(), SOCKET.id()), List.of(), List.of(), "", "x.yaml");
        Grouper g = new Grouper(3);
        var e = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "socket");
        g.accept(e, List.of(hit(SOCKET, e, Map.of())));

        Incident incident = new Judge(List.of(open)).judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.ONGOING);
        assertThat(incident.missing()).containsExactly(PHASE_TIMEOUT.id());
    }

    /** Sharing only a symptom (an exit code many failures have) is not enough: new, with the nearest issue named. */
    @Test
    void sharingOnlyASymptomStaysNewAndNamesTheNearestIssue() {
        var withExit = new dev.faultline.catalog.KnownIssue("#1500", "crash", dev.faultline.catalog.KnownIssue.Status.RESOLVED,
                java.time.Instant.parse("2025-09-01T00:00:00Z"), null, List.of(SOCKET.id(), EXIT.id()), List.of(), List.of(), "", "x.yaml");
        Grouper g = new Grouper(3);
        var e = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "Container called exit(3).");
        g.accept(e, List.of(hit(EXIT, e, Map.of("exitCode", "3"))));

        Incident incident = new Judge(List.of(withExit), Map.of(EXIT.id(), EXIT, SOCKET.id(), SOCKET)).judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.NEW);
        assertThat(incident.knownIssue()).isNull();
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r).contains("closest known issue #1500").contains("lacks "
                + SOCKET.id()).contains("only a symptom"));
    }

    /** A cause the issue does not know explains the failure otherwise: no near miss. */
    @Test
    void aForeignCauseBesideAnIssuesCauseIsNoNearMiss() {
        var redis = Fixtures.signature("redis.connection-refused", dev.faultline.catalog.Signature.Role.CAUSE,
                dev.faultline.catalog.Signature.Level.CRITICAL);
        Grouper g = new Grouper(3);
        var e = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "timeout");
        g.accept(e, List.of(hit(PHASE_TIMEOUT, e, Map.of()), hit(redis, e, Map.of())));

        Incident incident = judge.judge(g.revisions()).get(0).incident();

        assertThat(incident.verdict()).isEqualTo(Verdict.NEW);
        assertThat(incident.reasons()).anySatisfy(r -> assertThat(r).contains("closest known issue #1263"));
    }

    /** Less than half of a three-signature fingerprint is not "most of it". */
    @Test
    void lessThanHalfOfTheFingerprintIsNoNearMiss() {
        var three = new dev.faultline.catalog.KnownIssue("#1600", "three", dev.faultline.catalog.KnownIssue.Status.OPEN, null, null,
                List.of(PHASE_TIMEOUT.id(), SOCKET.id(), EXIT.id()), List.of(), List.of(), "", "x.yaml");
        Grouper g = new Grouper(3);
        var e = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "socket");
        g.accept(e, List.of(hit(SOCKET, e, Map.of())));

        assertThat(new Judge(List.of(three)).judge(g.revisions()).get(0).incident().verdict()).isEqualTo(Verdict.NEW);
    }

    /** Two different tickets that fit as well: nothing is decided. */
    @Test
    void twoIssuesThatFitEquallyWellLeaveItNew() {
        var a = new dev.faultline.catalog.KnownIssue("#1", "a", dev.faultline.catalog.KnownIssue.Status.OPEN, null, null,
                List.of(SOCKET.id(), PORT.id()), List.of(), List.of(), "", "x.yaml");
        var b = new dev.faultline.catalog.KnownIssue("#2", "b", dev.faultline.catalog.KnownIssue.Status.OPEN, null, null,
                List.of(SOCKET.id(), EXIT.id()), List.of(), List.of(), "", "x.yaml");
        Grouper g = new Grouper(3);
        var e = event("svc-00700-abc", "i1", "2025-09-15T10:00:00Z", "socket");
        g.accept(e, List.of(hit(SOCKET, e, Map.of())));

        assertThat(new Judge(List.of(a, b)).judge(g.revisions()).get(0).incident().verdict()).isEqualTo(Verdict.NEW);
    }

    // ---- incidents across revisions

    /** Fail, fix, fail again: the later failure is a recurrence though no ticket knows it, and the healthy revision is named. */
    @Test
    void aFailureFixedByARevisionAndBackIsARecurrenceWithoutATicket() {
        Grouper g = new Grouper(3);
        failsOnPort(g, "svc-00001-aaa", "2025-10-01T10:00:00Z");
        servesOk(g, "svc-00002-bbb", "2025-10-01T11:00:00Z");
        servesOk(g, "svc-00002-bbb", "2025-10-01T11:05:00Z");
        failsOnPort(g, "svc-00003-ccc", "2025-10-02T10:00:00Z");
        failsOnPort(g, "svc-00004-ddd", "2025-10-02T12:00:00Z");

        List<RevisionReport> reports = new Judge(List.of()).judge(g.revisions());

        assertThat(reports).extracting(r -> r.incident().verdict())
                .containsExactly(Verdict.NEW, Verdict.HEALTHY, Verdict.RECURRENCE, Verdict.RECURRENCE);
        Regression back = reports.get(2).incident().regression();
        assertThat(back.healthyRevision()).isEqualTo("svc-00002-bbb");
        assertThat(back.status2xx()).isEqualTo(2);
        assertThat(back.failedBefore()).isEqualTo("svc-00001-aaa");
        assertThat(back.failingAgainSince()).isEqualTo("svc-00003-ccc");
        assertThat(reports.get(3).incident().regression()).isEqualTo(back);
        assertThat(reports.get(2).incident().reasons().get(0)).startsWith("regressed: healthy on svc-00002-bbb (2 2xx, last at "
                + "2025-10-01T11:05:00Z), failing again since svc-00003-ccc");

        List<IncidentReport> incidents = Incidents.of(reports);
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.revisions()).extracting(RevisionReport::key).extracting(RevisionKey::revision)
                    .containsExactly("svc-00001-aaa", "svc-00003-ccc", "svc-00004-ddd");
            assertThat(i.verdict()).isEqualTo(Verdict.RECURRENCE);
            assertThat(i.healthyBetween()).isTrue();
            assertThat(i.firstSeen()).isEqualTo(java.time.Instant.parse("2025-10-01T10:00:00Z"));
            assertThat(i.lastSeen()).isEqualTo(java.time.Instant.parse("2025-10-02T12:00:00Z"));
        });
    }

    /** A revision that logged nothing wrong but served nothing is no proof of a fix; consecutive failures stay new. */
    @Test
    void aSilentRevisionInBetweenIsNoFixAndFailuresInARowStayNew() {
        Grouper g = new Grouper(3);
        failsOnPort(g, "svc-00001-aaa", "2025-10-01T10:00:00Z");
        var quiet = event("svc-00002-bbb", "i9", "2025-10-01T11:00:00Z", "starting");
        g.accept(quiet, List.of());
        failsOnPort(g, "svc-00003-ccc", "2025-10-02T10:00:00Z");

        List<RevisionReport> reports = new Judge(List.of()).judge(g.revisions());

        assertThat(reports).extracting(r -> r.incident().verdict()).containsExactly(Verdict.NEW, Verdict.HEALTHY, Verdict.NEW);
        assertThat(Incidents.of(reports)).singleElement().satisfies(i -> assertThat(i.healthyBetween()).isFalse());
    }

    /** Different causes are different incidents, even on one service. */
    @Test
    void differentCausesAreDifferentIncidents() {
        Grouper g = new Grouper(3);
        failsOnPort(g, "svc-00001-aaa", "2025-10-01T10:00:00Z");
        var e = event("svc-00002-bbb", "i1", "2025-10-01T12:00:00Z", "socket");
        g.accept(e, List.of(hit(SOCKET, e, Map.of())));

        List<IncidentReport> incidents = Incidents.of(new Judge(List.of()).judge(g.revisions()));

        assertThat(incidents).hasSize(2);
        assertThat(incidents.get(0).lastSeen()).isAfter(incidents.get(1).lastSeen()); // newest first
        assertThat(incidents).extracting(i -> i.identity().basis())
                .containsExactly(FailureIdentity.Basis.CAUSES, FailureIdentity.Basis.SYMPTOMS);
    }

    /** A mined probable cause stands in for the missing cause signature: different exceptions, different incidents. */
    @Test
    void aProbableCauseTemplateStandsInForAMissingCause() {
        Grouper g = new Grouper(3);
        failsOnPort(g, "svc-00001-aaa", "2025-10-01T10:00:00Z");
        failsOnPort(g, "svc-00002-bbb", "2025-10-01T12:00:00Z");
        List<RevisionHits> mined = g.revisions().stream()
                .map(r -> r.withMined(probableCause(r.key().revision().contains("00001") ? "t-aaa" : "t-bbb")))
                .toList();

        List<IncidentReport> incidents = Incidents.of(new Judge(List.of()).judge(mined));

        assertThat(incidents).hasSize(2).allSatisfy(i -> assertThat(i.identity().basis()).isEqualTo(FailureIdentity.Basis.TEMPLATE));
        assertThat(Incidents.of(new Judge(List.of()).judge(g.revisions()))).hasSize(1);
        // the same probable cause on both is one incident
        List<RevisionHits> same = g.revisions().stream().map(r -> r.withMined(probableCause("t-same"))).toList();
        assertThat(Incidents.of(new Judge(List.of()).judge(same))).hasSize(1);
    }

    private static dev.faultline.mine.MinedRevision probableCause(String templateId) {
        java.time.Instant t = java.time.Instant.parse("2025-10-01T09:59:00Z");
        var template = new dev.faultline.mine.Template(templateId, "ValueError: bad config " + templateId, null,
                dev.faultline.mine.ErrorShape.Kind.EXCEPTION, 1, List.of(), 1, 1, t, t, List.of());
        var cause = new dev.faultline.mine.ProbableCause(template, 1, 1, 1, t, t, java.time.Duration.ofSeconds(5), true,
                "cloudrun.container-exit", t.plusSeconds(5), null, "logged by the instance that failed, 5 s before");
        return new dev.faultline.mine.MinedRevision(List.of(), List.of(cause), Map.of());
    }

    /** A service-level entry that names no revision is grouped as "(no revision)" and judged, never compared as a deploy. */
    @Test
    void entriesWithoutARevisionAreJudgedUnderTheirService() {
        Grouper g = new Grouper(3);
        servesOk(g, "svc-00001-aaa", "2025-10-01T10:00:00Z");
        var e = event("", "i1", "2025-10-01T12:00:00Z", "Image 'x' not found.");
        g.accept(e, List.of(hit(PORT, e, Map.of())));

        List<RevisionReport> reports = new Judge(List.of()).judge(g.revisions());

        RevisionReport none = reports.get(1);
        assertThat(none.key()).isEqualTo(RevisionKey.noRevision("netra-backend-staging"));
        assertThat(none.incident().verdict()).isEqualTo(Verdict.NEW);
        assertThat(none.incident().lastWorkingRevision()).isNull();
        assertThat(none.incident().reasons()).anySatisfy(r -> assertThat(r).contains("name no revision"));
    }

    private static void failsOnPort(Grouper g, String revision, String time) {
        var e = event(revision, "i1", time, "port");
        g.accept(e, List.of(hit(PORT, e, Map.of("port", "8080"))));
    }

    private static void servesOk(Grouper g, String revision, String time) {
        var entry = new dev.faultline.entry.LogEntry(new dev.faultline.entry.Origin("t", 1, 1), java.time.Instant.parse(time),
                dev.faultline.entry.Severity.INFO, dev.faultline.entry.LogEntry.REQUESTS,
                new dev.faultline.entry.Resource(dev.faultline.entry.Resource.CLOUD_RUN_REVISION, "p", "netra-backend-staging",
                        revision, "svc", "us"), "i1", "r" + time, null, "GET /", 200, 10, null);
        g.accept(dev.faultline.assemble.Event.of(entry), List.of());
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

        // no registry: the phase timeout alone would be a near miss of #1263 (judged as #1263) with this class's registry
        List<RevisionReport> reports = new Judge(List.of()).judge(g.revisions());

        assertThat(reports).hasSize(revisions).allSatisfy(r -> assertThat(r.incident().verdict()).isEqualTo(Verdict.NEW));
        Trend trend = reports.get(revisions - 1).incident().trends().get(0);
        assertThat(trend).isSameAs(reports.get(0).incident().trends().get(0)); // one trend per incident, signature and field
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
