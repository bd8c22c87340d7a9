package dev.faultline.incident;

import dev.faultline.catalog.KnownIssue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.faultline.incident.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A known issue judges only the projects, services and revisions it names: the same fingerprint
 * on someone else's service is a new incident there, with a reason saying whose ticket has it.
 */
class ScopedKnownIssuesTest {

    /** #1263 as the seed team files it: its own project and service. */
    private static final KnownIssue.Scope SEED_TEAM = new KnownIssue.Scope(List.of("netra-staging"),
            List.of("netra-backend-staging"), List.of());

    private static KnownIssue issue1263(KnownIssue.Scope scope) {
        return new KnownIssue("#1263", "Cloud SQL connectivity at startup", KnownIssue.Status.RESOLVED,
                Instant.parse("2025-09-10T00:00:00Z"), null, List.of(PHASE_TIMEOUT.id(), SOCKET.id()), List.of(EXIT.id()),
                List.of(), "", "known-issues.yaml", scope);
    }

    /** One failing revision per (project, service, revision), each with #1263's whole fingerprint after its resolution. */
    private static List<RevisionReport> judge(KnownIssue issue, String[]... revisions) {
        Grouper g = new Grouper(3);
        for (String[] r : revisions) {
            var e = event(r[0], r[1], r[2], "i-" + r[2], "2025-09-15T16:35:07Z", "Database initialization timeout after 20.0s");
            g.accept(e, List.of(hit(PHASE_TIMEOUT, e, Map.of("timeoutSeconds", "20.0")), hit(SOCKET, e, Map.of())));
        }
        return new Judge(List.of(issue)).judge(g.revisions());
    }

    private static Incident of(List<RevisionReport> reports, String revision) {
        return reports.stream().filter(r -> r.key().revision().equals(revision)).findFirst().orElseThrow().incident();
    }

    @Test
    void scopedByProjectAndServiceTheTicketJudgesOnlyItsOwnService() {
        List<RevisionReport> reports = judge(issue1263(SEED_TEAM),
                new String[] {"netra-staging", "netra-backend-staging", "netra-backend-staging-00697-gp6"},
                new String[] {"acme-prod", "shop-api", "shop-api-00697-gp6"},
                new String[] {"netra-staging", "shop-api", "shop-api-00012-abc"},
                new String[] {"acme-prod", "netra-backend-staging", "netra-backend-staging-00001-xyz"});

        assertThat(of(reports, "netra-backend-staging-00697-gp6").verdict()).isEqualTo(Verdict.RECURRENCE);
        assertThat(of(reports, "netra-backend-staging-00697-gp6").knownIssue()).isEqualTo("#1263");
        // another team's project and service; the team's project but another service; another project, same service name
        for (String other : List.of("shop-api-00697-gp6", "shop-api-00012-abc", "netra-backend-staging-00001-xyz")) {
            Incident incident = of(reports, other);
            assertThat(incident.verdict()).as(other).isEqualTo(Verdict.NEW);
            assertThat(incident.knownIssue()).as(other).isNull();
            assertThat(incident.reasons()).as(other).anySatisfy(r -> assertThat(r)
                    .contains("known issue #1263 (project netra-staging, service netra-backend-staging) has this fingerprint"
                            + " but belongs to another scope"));
        }
        assertThat(of(reports, "shop-api-00697-gp6").reasons()).anySatisfy(r -> assertThat(r)
                .endsWith("this revision is project acme-prod, service shop-api"));
    }

    @Test
    void scopedByServicePatternOnly() {
        KnownIssue checkout = issue1263(new KnownIssue.Scope(List.of(), List.of("checkout-*"), List.of()));
        List<RevisionReport> reports = judge(checkout,
                new String[] {"p1", "checkout-api", "checkout-api-00003-aaa"},
                new String[] {"p2", "checkout-worker", "checkout-worker-00001-bbb"},
                new String[] {"p1", "cart-api", "cart-api-00007-ccc"});

        assertThat(of(reports, "checkout-api-00003-aaa").verdict()).isEqualTo(Verdict.RECURRENCE);
        assertThat(of(reports, "checkout-worker-00001-bbb").verdict()).as("any project, as the scope names none").isEqualTo(Verdict.RECURRENCE);
        assertThat(of(reports, "cart-api-00007-ccc").verdict()).isEqualTo(Verdict.NEW);
    }

    /** A ticket for the deploys of one release train: revisions 00690 to 00699 only. */
    @Test
    void scopedByRevisionPattern() {
        KnownIssue release = issue1263(new KnownIssue.Scope(List.of(), List.of("netra-backend-staging"),
                List.of("netra-backend-staging-0069?-*")));
        List<RevisionReport> reports = judge(release,
                new String[] {"netra-staging", "netra-backend-staging", "netra-backend-staging-00697-gp6"},
                new String[] {"netra-staging", "netra-backend-staging", "netra-backend-staging-00704-ds8"});

        assertThat(of(reports, "netra-backend-staging-00697-gp6").verdict()).isEqualTo(Verdict.RECURRENCE);
        assertThat(of(reports, "netra-backend-staging-00704-ds8").verdict()).isEqualTo(Verdict.NEW);
        assertThat(of(reports, "netra-backend-staging-00704-ds8").reasons()).anySatisfy(r -> assertThat(r)
                .contains("revision netra-backend-staging-0069?-*"));
    }

    /** Logs that do not name the project cannot show that the revision is the team's: the project-scoped ticket stays out. */
    @Test
    void revisionWithoutAProjectIsNotCoveredByAProjectScope() {
        List<RevisionReport> reports = judge(issue1263(SEED_TEAM),
                new String[] {null, "netra-backend-staging", "netra-backend-staging-00697-gp6"});
        assertThat(reports.get(0).incident().verdict()).isEqualTo(Verdict.NEW);
        assertThat(reports.get(0).incident().reasons()).anySatisfy(r -> assertThat(r).contains("project (not in the logs)"));
    }

    /** A ticket without a scope applies wherever its registry is loaded, as before. */
    @Test
    void unscopedTicketAppliesEverywhere() {
        List<RevisionReport> reports = judge(issue1263(KnownIssue.Scope.ANY),
                new String[] {"acme-prod", "shop-api", "shop-api-00697-gp6"});
        assertThat(reports.get(0).incident().verdict()).isEqualTo(Verdict.RECURRENCE);
    }
}
