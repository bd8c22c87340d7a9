package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** End to end: the CLI on the bundled samples, asserting on the parsed JSON. */
class TriageCommandTest {

    static final String PORT_SAMPLE = "netra-staging-2025-09-08-port-timeout.json";
    static final String DB_SAMPLE = "netra-staging-2025-09-15-db-timeout.json";
    static final String DB_SAMPLE_SINK = "netra-staging-2025-09-15-db-timeout.jsonl.gz";

    /** Seed 001: the database startup timeout is #1263 come back, and the timeout kept rising. */
    @Test
    void dbTimeoutSampleIsARecurrenceOf1263WithTheTimeoutProgression() {
        Cli.Run r = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "json");
        JsonNode json = r.json();

        assertThat(r.exitCode()).isEqualTo(4);
        List<JsonNode> failing = failing(json);
        assertThat(failing).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode rev : failing) {
            JsonNode incident = rev.get("incident");
            assertThat(incident.get("verdict").asText()).as(rev.get("revision").asText()).isEqualTo("recurrence");
            assertThat(incident.get("knownIssue").asText()).isEqualTo("#1263");
            assertThat(texts(incident.get("reasons"))).anySatisfy(reason -> assertThat(reason)
                    .contains("app.startup-phase-timeout").contains("postgres.cloudsql-socket-error"));
        }
        JsonNode last = failing.get(failing.size() - 1).get("incident");
        assertThat(texts(last.get("trends").get(0).get("values"))).containsExactly("8.0", "20.0", "25.0");
        assertThat(texts(last.get("reasons"))).anySatisfy(reason -> assertThat(reason).matches(".*8\\.0s .*-> 20\\.0s .*-> 25\\.0s .*"));
        assertThat(revision(json, "netra-backend-staging-00712-kkr").get("incident").get("verdict").asText()).isEqualTo("healthy");
        assertBalanced(json);
    }

    /** Cause first: the database timeout ahead of the exit code it leads to. */
    @Test
    void dbTimeoutHitsAreOrderedCauseFirst() {
        JsonNode json = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "json").json();
        JsonNode hits = failing(json).get(0).get("hits");
        List<String> roles = new ArrayList<>();
        hits.forEach(h -> roles.add(h.get("role").asText()));
        assertThat(roles.get(0)).isEqualTo("cause");
        assertThat(roles.indexOf("symptom")).isGreaterThan(roles.lastIndexOf("cause"));
        assertThat(StreamSupport.stream(hits.spliterator(), false).map(h -> h.get("signature").asText()))
                .contains("cloudrun.container-exit");
    }

    /** The traceback split one entry per line reaches the matcher and the evidence whole. */
    @Test
    void splitTracebackIsStitchedIntoOneEvidenceEvent() {
        JsonNode json = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "json", "--evidence", "50").json();
        List<JsonNode> stitched = new ArrayList<>();
        json.get("revisions").forEach(rev -> rev.get("hits").forEach(h -> h.get("evidence").forEach(e -> {
            if (e.get("entries").asInt() > 1 && e.get("text").asText().startsWith("Traceback (most recent call last):")) {
                stitched.add(e);
            }
        })));
        assertThat(stitched).isNotEmpty();
        String text = stitched.get(0).get("text").asText();
        // the sample's chained traceback: frames, the "direct cause" bridge, and the final exception line
        assertThat(text).contains("  File \"").contains("The above exception was the direct cause of the following exception")
                .contains("DeterministicStartupError: CRITICAL STARTUP FAILURE");
        assertThat(stitched.get(0).get("entries").asInt()).isGreaterThan(10);
    }

    /** Seed 000: the port-listen timeout on 00161-67z; the last working revision is healthy. */
    @Test
    void portTimeoutSampleFlagsTheListenTimeoutWithItsPort() {
        Cli.Run r = run("triage", sample(PORT_SAMPLE), "--format", "json");
        JsonNode json = r.json();

        JsonNode failingRev = revision(json, "netra-backend-staging-00161-67z");
        assertThat(failingRev.get("status").asText()).isEqualTo("failing");
        JsonNode hit = hit(failingRev, "cloudrun.port-listen-timeout");
        assertThat(hit.get("fields").get("port").asText()).isEqualTo("8000");
        assertThat(failingRev.get("incident").get("verdict").asText()).isEqualTo("new");
        assertThat(revision(json, "netra-backend-staging-00035-fnj").get("incident").get("verdict").asText()).isEqualTo("healthy");
        assertThat(r.exitCode()).isEqualTo(4);
        assertBalanced(json);
    }

    @Test
    void healthyAndNoisySamplesHaveNoFailingRevision() {
        for (String name : List.of("healthy-rollout.json", "noisy-but-healthy.json")) {
            Cli.Run r = run("triage", sample(name), "--format", "json");
            JsonNode json = r.json();
            assertThat(r.exitCode()).as(name).isZero();
            assertThat(json.get("summary").get("failing").asInt()).as(name).isZero();
            assertThat(json.get("revisions").size()).as(name).isPositive();
            assertBalanced(json);
        }
    }

    /** A Cloud Logging sink's gzip NDJSON (oldest first) gives the same verdicts as the gcloud array. */
    @Test
    void sinkExportGivesTheSameVerdictsAsTheGcloudExport() {
        JsonNode array = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "json").json();
        JsonNode sink = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE_SINK), "--format", "json").json();
        assertThat(verdicts(sink)).isEqualTo(verdicts(array));
        assertThat(sink.get("input").get("entriesRead")).isEqualTo(array.get("input").get("entriesRead"));
        assertThat(sink.get("input").get("matched")).isEqualTo(array.get("input").get("matched"));
    }

    @Test
    void readsStdin() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Cli.SAMPLES.resolve(PORT_SAMPLE))));
            JsonNode json = run("triage", "-", "--format", "json").json();
            assertThat(json.get("input").get("sources").get(0).get("source").asText()).isEqualTo("-");
            assertThat(revision(json, "netra-backend-staging-00161-67z").get("status").asText()).isEqualTo("failing");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void textOutputLeadsWithTheVerdict() {
        Cli.Run r = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE));
        assertThat(r.out()).contains("RECURRENCE of #1263").contains("netra-backend-staging-00697-gp6");
        assertThat(r.out()).doesNotContain("\u001b["); // not a TTY: no colour codes
        assertThat(r.out().indexOf("RECURRENCE")).isLessThan(r.out().indexOf("healthy"));
    }

    @Test
    void markdownStartsWithOneLineVerdicts(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("incident.md");
        Cli.Run r = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "markdown", "--output", out.toString());
        String md = Files.readString(out);
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        // one line per incident: the five failing revisions are one incident
        assertThat(md.lines().filter(l -> l.startsWith("- **RECURRENCE of #1263** incident `1244c2854b8f`")).count()).isEqualTo(1);
        // the newest failing revision in detail, the others one row each (all in detail with --full: TicketSizeTest)
        assertThat(md.lines().filter(l -> l.startsWith("### netra-backend-staging-")).count()).isEqualTo(1);
        assertThat(md.lines().filter(l -> l.startsWith("| netra-backend-staging-") && l.contains("| RECURRENCE of #1263 |")).count())
                .isEqualTo(failingCount(DB_SAMPLE) - 1);
        assertThat(md).contains("| app.startup-phase-timeout@");
        assertThat(md).contains("catalog 2026.");
    }

    @Test
    void missingFileIsExitOneWithOneLine() {
        Cli.Run r = run("triage", Cli.HOME.resolve("no/such/file.json").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("no/such/file.json");
    }

    @Test
    void unknownFormatIsBadUsage() {
        assertThat(run("triage", sample(PORT_SAMPLE), "--format", "pdf").exitCode()).isEqualTo(2);
    }

    /** Issue 18 item 8: an endpoint without a usable port is bad usage (exit 2) before anything connects, not a crash. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"127.0.0.1:", "127.0.0.1", ":8085", "127.0.0.1:99999",
            "127.0.0.1:0", "127.0.0.1:http", "http://127.0.0.1:8085", "::1"})
    void endpointWithoutAPortIsBadUsage(String endpoint) {
        for (String command : List.of("triage", "pull")) {
            Cli.Run r = run(command, "--project", "p", "--endpoint", endpoint, "-o", "/dev/null");
            assertThat(r.exitCode()).as(command + " " + endpoint + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("'" + endpoint + "' is not HOST:PORT").doesNotContain("Exception");
        }
    }

    /** Issue 18 item 4a: an entry whose resource names a revision but no service_name is reported, not a crash. */
    @Test
    void revisionWithoutServiceNameIsReportedInEveryFormat(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("nosvc.json"), """
                [{"timestamp":"2025-09-15T10:00:00Z","logName":"projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem",
                  "resource":{"type":"cloud_run_revision","labels":{"revision_name":"x-00001-abc","project_id":"p"}},
                  "textPayload":"Container called exit(3)."},
                 {"timestamp":"2025-09-15T10:00:01Z","logName":"projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem",
                  "resource":{"type":"cloud_run_revision","labels":{"revision_name":"x-00002-abc","project_id":"p"}},
                  "textPayload":"Container called exit(3)."}]
                """);
        for (String format : List.of("text", "json", "markdown", "html")) {
            Cli.Run r = run("triage", file.toString(), "--format", format);
            assertThat(r.exitCode()).as(format + ": " + r.err()).isEqualTo(4);
            assertThat(r.err()).as(format).isEmpty();
            assertThat(r.out()).as(format).contains("x-00002-abc");
        }
        assertThat(run("triage", file.toString()).out()).contains("same failure on 1 earlier revision");
    }

    @Test
    void brokenCatalogIsExitOneNamingFileAndSignature(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("catalog.yaml"), "version: \"test-1\"\nname: broken-test\nfiles: [broken.yaml]\n");
        Files.writeString(dir.resolve("broken.yaml"), """
                family: broken
                signatures:
                  - id: broken.unclosed-group
                    version: 1
                    status: stable
                    title: A regex that does not compile
                    layer: app
                    severity: error
                    role: cause
                    match:
                      any:
                        - regex: 'Traceback (most recent call'
                    extract: []
                    examples:
                      match: []
                      no_match: []
                    references: []
                    remediation: none
                """);
        Cli.Run r = run("triage", sample(PORT_SAMPLE), "--catalog", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("broken.yaml").contains("broken.unclosed-group");
    }

    /** The terminal tells one story per failure: in full on the newest revision, one line per earlier one. */
    @Test
    void textReportFoldsRevisionsThatFailTheSameWay() {
        String out = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE)).out();
        assertThat(out.lines().filter(l -> l.startsWith("RECURRENCE of #1263")).toList())
                .singleElement().asString().contains("netra-backend-staging-00711-d6z");
        assertThat(out).contains("same failure on 4 earlier revisions:");
        assertThat(out.lines().filter(l -> l.contains("netra-backend-staging-00690-k2m")).toList())
                .anySatisfy(l -> assertThat(l).contains("timeoutSeconds=8.0").doesNotContain("socket="));
        assertThat(out).contains("5 failing revisions (0 new, 5 recurrence, 0 ongoing), 2 healthy");
    }

    static void assertBalanced(JsonNode json) {
        JsonNode in = json.get("input");
        assertThat(in.get("entriesRead").asLong()).isEqualTo(in.get("parsed").asLong() + in.get("malformed").asLong());
        assertThat(in.get("parsed").asLong())
                .isEqualTo(in.get("matched").asLong() + in.get("unmatched").asLong() + in.path("excluded").asLong());
    }

    static List<JsonNode> failing(JsonNode json) {
        List<JsonNode> out = new ArrayList<>();
        json.get("revisions").forEach(r -> {
            if (r.get("status").asText().equals("failing")) {
                out.add(r);
            }
        });
        return out;
    }

    static JsonNode revision(JsonNode json, String name) {
        for (JsonNode r : json.get("revisions")) {
            if (r.get("revision").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no revision " + name + " in " + json.get("revisions"));
    }

    static JsonNode hit(JsonNode revision, String signature) {
        for (JsonNode h : revision.get("hits")) {
            if (h.get("signature").asText().equals(signature)) {
                return h;
            }
        }
        throw new AssertionError("no hit " + signature + " on " + revision.get("revision"));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> verdicts(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.get("revisions").forEach(r -> out.add(r.get("revision").asText() + "=" + r.get("incident").get("verdict").asText()
                + ":" + r.get("incident").get("knownIssue").asText()));
        return out;
    }

    private static long failingCount(String name) {
        return failing(run("triage", "--catalog", Cli.SEED_CATALOG, sample(name), "--format", "json").json()).size();
    }
}
