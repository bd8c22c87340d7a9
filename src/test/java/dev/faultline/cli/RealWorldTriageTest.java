package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.TriageCommandTest.assertBalanced;
import static dev.faultline.cli.TriageCommandTest.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real logs of the seed system (../shared/realworld, third-party data kept outside the
 * repository; skipped when absent): the verdicts the team reached by hand, from raw entries.
 */
class RealWorldTriageTest {

    private static final Path NETRA = Cli.HOME.resolve("../shared/realworld/netra");

    @BeforeAll
    static void present() {
        assumeTrue(Files.isDirectory(NETRA), "skipped: " + NETRA.toAbsolutePath().normalize() + " is not here (it lives outside the repository)");
    }

    private static JsonNode triage(String file, int exitCode) {
        Cli.Run r = run("triage", "--catalog", Cli.SEED_CATALOG, NETRA.resolve(file).toString(), "--format", "json");
        assertThat(r.exitCode()).as(file).isEqualTo(exitCode);
        assertBalanced(r.json());
        return r.json();
    }

    @Test
    void healthyRolloutWithShutdownNoiseHasNoFailingRevision() {
        JsonNode json = triage("case-02-control-healthy-rollout-20250828.json", 0);
        assertThat(json.get("summary").get("failing").asInt()).isZero();
        json.get("revisions").forEach(r -> assertThat(r.get("hits")).as(r.get("revision").asText()).isEmpty());
    }

    @Test
    void dbInitTimeoutAt25sIsTheRecurrenceOf1263AndTheNextRevisionIsHealthy() {
        JsonNode json = triage("case-08-db-init-timeout-25s-00704-ds8.json", 4);
        JsonNode failing = revision(json, "netra-backend-staging-00704-ds8").get("incident");
        assertThat(failing.get("verdict").asText()).isEqualTo("recurrence");
        assertThat(failing.get("knownIssue").asText()).isEqualTo("#1263");
        assertThat(revision(json, "netra-backend-staging-00705-znb").get("incident").get("verdict").asText()).isEqualTo("healthy");
    }

    @Test
    void consecutiveRevisionsWithTheSameChainAreBothRecurrences() {
        JsonNode json = triage("case-09-db-init-timeout-25s-00709-bg5-00711-d6z.json", 4);
        for (String name : new String[] {"netra-backend-staging-00709-bg5", "netra-backend-staging-00711-d6z"}) {
            JsonNode incident = revision(json, name).get("incident");
            assertThat(incident.get("verdict").asText()).as(name).isEqualTo("recurrence");
            assertThat(incident.get("knownIssue").asText()).as(name).isEqualTo("#1263");
        }
        assertThat(revision(json, "netra-backend-staging-00712-kkr").get("incident").get("verdict").asText()).isEqualTo("healthy");
    }

    /** Four quoted lines without the socket error: not enough for #1263's fingerprint, and the reasons say what is missing. */
    @Test
    void partialChainIsNewButNamesTheClosestKnownIssue() {
        JsonNode incident = revision(triage("case-07-smd-phase3-db-timeout-20s-00697-gp6.json", 4),
                "netra-backend-staging-00697-gp6").get("incident");
        assertThat(incident.get("verdict").asText()).isEqualTo("new");
        assertThat(incident.get("reasons").toString()).contains("closest known issue #1263")
                .contains("lacks postgres.cloudsql-socket-error");
    }

    @Test
    void portListenTimeoutLineGivesThePort() {
        JsonNode rev = revision(triage("case-03-port-listen-timeout-00161-67z.json", 4), "netra-backend-staging-00161-67z");
        assertThat(rev.get("hits").get(0).get("signature").asText()).isEqualTo("cloudrun.port-listen-timeout");
        assertThat(rev.get("hits").get(0).get("fields").get("port").asText()).isEqualTo("8000");
    }
}
