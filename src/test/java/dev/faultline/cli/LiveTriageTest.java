package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.source.FakeLogging;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code triage --project} end to end: the CLI, the real client, and a Logging server on loopback. */
class LiveTriageTest {

    static final String[] RANGE = {"--from", "2025-09-01T00:00:00Z", "--until", "2025-10-01T00:00:00Z"};

    static String[] live(String endpoint, String... more) {
        List<String> args = new ArrayList<>(List.of("triage", "--project", "netra-staging", "--endpoint", endpoint));
        args.addAll(List.of(RANGE));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * With --all-entries (no prefilter): the same revisions, hits, evidence, verdicts and counts as the
     * export; only the source line differs. What the prefilter changes is PrefilterVerdictTest's subject.
     */
    @ParameterizedTest
    @ValueSource(strings = {TriageCommandTest.DB_SAMPLE, TriageCommandTest.PORT_SAMPLE})
    void liveTriageOfAllEntriesGivesTheSameReportAsTheExport(String sample) throws Exception {
        try (FakeLogging server = new FakeLogging(sample)) {
            Cli.Run live = run(live(server.endpoint(), "--all-entries", "--format", "json"));
            Cli.Run file = run("triage", sample(sample), "--format", "json");

            assertThat(live.err()).isEmpty();
            assertThat(live.exitCode()).isEqualTo(file.exitCode()).isEqualTo(4);
            JsonNode l = live.json();
            JsonNode f = file.json();
            // Evidence says where each line came from: a file line there, the API entry here; all else is equal.
            assertThat(l.findValuesAsText("origin")).isNotEmpty()
                    .allSatisfy(o -> assertThat(o).startsWith("cloud-logging:projects/netra-staging (entry "));
            assertThat(withoutOrigins(l.get("revisions"))).isNotEmpty().isEqualTo(withoutOrigins(f.get("revisions")));
            assertThat(l.get("summary")).isEqualTo(f.get("summary"));
            assertThat(l.at("/input/sources/0/source").asText()).isEqualTo("cloud-logging:projects/netra-staging");
            assertThat(l.at("/input/sources/0/complete").asBoolean()).isTrue();
            assertThat(withoutSources(l.get("input"))).isEqualTo(withoutSources(f.get("input")));
        }
    }

    /** pull -o FILE, then triage FILE: the verdicts a live triage gives, from the file. */
    @Test
    void pullThenTriageGivesTheSameReportAsLiveTriage(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("netra.jsonl.gz");
        try (FakeLogging server = new FakeLogging(TriageCommandTest.DB_SAMPLE)) {
            List<String> pull = new ArrayList<>(List.of(live(server.endpoint())));
            pull.set(0, "pull");
            pull.addAll(List.of("-o", saved.toString()));
            Cli.Run pulled = run(pull.toArray(String[]::new));
            Cli.Run live = run(live(server.endpoint(), "--format", "json"));
            Cli.Run file = run("triage", saved.toString(), "--format", "json");

            assertThat(pulled.exitCode()).isZero();
            // the prefiltered selection of the 401 entries (see PrefilterVerdictTest) and the context of its traceback lines;
            // the selection includes what the miner could call an error (the three CRITICAL "CHAT FUNCTIONALITY IS BROKEN")
            assertThat(pulled.err()).isEqualTo("faultline: 209 entries of project netra-staging saved in " + saved + System.lineSeparator());
            assertThat(file.exitCode()).isEqualTo(live.exitCode()).isEqualTo(4);
            // a pull reads every request entry (its file has no follow-up reads to make up for a sample); a
            assertThat(server.calls.get(0).filter()).doesNotContain("sample(insertId");
            // live triage samples those below 400 and counts the 2xx with a follow-up read: the same verdicts
            // and counts, but fewer entries (a revision's first or last entry may be a 2xx left out)
            assertThat(PrefilterVerdictTest.verdicts(live.json())).isNotEmpty().isEqualTo(PrefilterVerdictTest.verdicts(file.json()));
            assertThat(live.json().get("summary")).isEqualTo(file.json().get("summary"));
            assertThat(live.json().at("/input/entriesRead").asLong()).isLessThan(209);
            // both read the context of the traceback lines: the same hits
            assertThat(hitsOf(live.json())).isEqualTo(hitsOf(file.json()));
        }
    }

    @Test
    void pullThatCannotReadIsOneLineAndLeavesNoExport(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("netra.jsonl.gz");
        try (FakeLogging server = new FakeLogging(TriageCommandTest.DB_SAMPLE)) {
            server.fail(0, Status.NOT_FOUND.withDescription("no such project"));
            Cli.Run r = run("pull", "--project", "netra-staging", "--endpoint", server.endpoint(), "-o", saved.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("faultline: project netra-staging not found by Cloud Logging: check --project")
                    .hasLineCount(1);
            assertThat(saved).doesNotExist();
        }
        assertThat(run("pull", "-o", saved.toString()).exitCode()).isEqualTo(2);
    }

    /** --follow: hits and verdict changes stream out (to stderr beside a JSON report), then the full report. */
    @Test
    void followStreamsHitsAndVerdictsThenTheReport() throws Exception {
        try (FakeLogging server = new FakeLogging(TriageCommandTest.PORT_SAMPLE)) {
            Cli.Run r = run("triage", "--project", "netra-staging", "--endpoint", server.endpoint(), "--follow", "--format", "json");
            Cli.Run file = run("triage", sample(TriageCommandTest.PORT_SAMPLE), "--format", "json");

            assertThat(server.tailFilters).singleElement().asString().doesNotContain("timestamp").contains("textPayload:(\"");
            assertThat(r.err()).contains("hit 2025-09-08T02:53:07.184522Z netra-backend-staging-00161-67z cloudrun.port-listen-timeout: "
                    + "failed to start and listen on the port defined provided by the PORT=8000");
            assertThat(r.err().lines().filter(l -> l.startsWith("verdict netra-backend-staging-00161-67z: ")))
                    .containsExactly("verdict netra-backend-staging-00161-67z: new");
            assertThat(r.exitCode()).isEqualTo(file.exitCode());
            // the tail is prefiltered: entry counts differ (PrefilterVerdictTest), statuses and incidents do not
            assertThat(r.json().findValuesAsText("status")).isNotEmpty().isEqualTo(file.json().findValuesAsText("status"));
            assertThat(r.json().findValues("incident")).isNotEmpty().isEqualTo(file.json().findValues("incident"));
        }
        assertThat(run("triage", sample(TriageCommandTest.PORT_SAMPLE), "--follow").exitCode()).isEqualTo(2);
    }

    @Test
    void showQueryPrintsTheFilterTheServerReceives() throws Exception {
        try (FakeLogging server = new FakeLogging(TriageCommandTest.PORT_SAMPLE)) {
            Cli.Run r = run(live(server.endpoint(), "--service", "netra-backend-staging", "--show-query", "--format", "json"));

            String filter = server.calls.get(0).filter();
            assertThat(r.err().strip()).isEqualTo(filter.strip());
            assertThat(filter).contains("resource.labels.service_name=\"netra-backend-staging\"", "timestamp>=\"2025-09-01T00:00:00Z\"",
                    "textPayload:(\"");
            assertThat(r.json().get("revisions")).isNotEmpty();
        }
    }

    @Test
    void allEntriesSendsNoPrefilter() throws Exception {
        try (FakeLogging server = new FakeLogging(TriageCommandTest.PORT_SAMPLE)) {
            run(live(server.endpoint(), "--all-entries", "--format", "json"));
            assertThat(server.calls.get(0).filter()).doesNotContain("textPayload:").doesNotContain("log_id(");
        }
    }

    @Test
    void permissionDeniedIsOneLineNamingTheProject() throws Exception {
        try (FakeLogging server = new FakeLogging(TriageCommandTest.DB_SAMPLE)) {
            server.fail(0, Status.PERMISSION_DENIED.withDescription("denied"));
            Cli.Run r = run(live(server.endpoint(), "--format", "json"));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("faultline: permission denied reading logs of project netra-staging: the account needs "
                    + "roles/logging.viewer on it (PERMISSION_DENIED: denied)" + System.lineSeparator());
        }
    }

    @Test
    void filesAndProjectOrNeitherIsBadUsage() {
        assertThat(run("triage", sample(TriageCommandTest.DB_SAMPLE), "--project", "p").exitCode()).isEqualTo(2);
        assertThat(run("triage").exitCode()).isEqualTo(2);
        Cli.Run both = run("triage", "--project", "p", "--since", "2h", "--from", "2025-09-01T00:00:00Z", "--endpoint", "127.0.0.1:1");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--since and --from exclude each other");
        assertThat(run("triage", "--project", "p", "--since", "2 hours").err()).contains("'2 hours' is not a duration such as 90s, 30m, 24h, 7d or 1w");
    }

    /**
     * File triage must not load the Cloud Logging client (about a second of start-up): a child JVM
     * runs it with class loading logged.
     */
    @Test
    void fileTriageLoadsNoCloudClientClass() throws IOException, InterruptedException {
        Cli.Run r = Cli.withClassLoading("triage", sample(TriageCommandTest.PORT_SAMPLE), "--format", "json");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).contains("dev.faultline.source.ExportSource").contains("dev.faultline.cli.TriageCommand");
        Cli.CLOUD_CLASSES.forEach(c -> assertThat(r.out()).doesNotContain(c));
    }

    private static JsonNode withoutOrigins(JsonNode revisions) {
        JsonNode copy = revisions.deepCopy();
        copy.findParents("origin").forEach(evidence -> ((ObjectNode) evidence).remove("origin"));
        return copy;
    }

    /** Every hit of every revision, without where its evidence came from. */
    private static List<JsonNode> hitsOf(JsonNode report) {
        List<JsonNode> hits = new ArrayList<>();
        report.get("revisions").forEach(r -> withoutOrigins(r.get("hits")).forEach(hits::add));
        return hits;
    }

    private static JsonNode withoutSources(JsonNode input) {
        ObjectNode copy = input.deepCopy();
        copy.remove("sources");
        return copy;
    }
}
