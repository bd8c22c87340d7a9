package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.history.RunRecord;
import dev.faultline.history.StateStore;
import dev.faultline.source.FakeLogging;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code report --project}: the scheduled digest read live through the real client from a Logging server on loopback. */
class LiveReportCommandTest {

    static final String DB = TriageCommandTest.DB_SAMPLE;

    /** The seed-2 replay of ReportCommandTest: three windows, a resolve between the second and third run. */
    static final List<String[]> SLICES = List.of(
            new String[] {"--since", "4d", "--until", "2025-09-15T18:00:00Z"},
            new String[] {"--until", "2025-09-15T21:00:00Z"},
            new String[] {"--until", "2025-09-15T21:50:00Z"});

    @TempDir
    Path dir;

    private static Cli.Run report(Path state, List<String> source, String... more) {
        List<String> args = new ArrayList<>(List.of("report"));
        args.addAll(source);
        args.addAll(List.of("--state", state.toString(), "--format", "json", "--catalog", Cli.SEED_CATALOG));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static List<String> live(FakeLogging server) {
        return List.of("--project", "netra-staging", "--service", "netra-backend-staging", "--endpoint", server.endpoint());
    }

    /** The three-slice scenario live and from the file: the same digest, item by item, and the same chain of windows. */
    @Test
    void threeLiveRunsGiveTheDigestsOfTheFileRuns() throws Exception {
        Path fileState = dir.resolve("file.db");
        Path liveState = dir.resolve("live.db");
        try (FakeLogging server = new FakeLogging(DB)) {
            for (int i = 0; i < SLICES.size(); i++) {
                if (i == 2) {
                    for (Path state : List.of(fileState, liveState)) {
                        String fingerprint = fingerprintOf(state);
                        assertThat(run("issues", "resolve", fingerprint, "--at", "2025-09-15T21:10:00Z", "--state", state.toString(),
                                "--catalog", Cli.SEED_CATALOG)
                                .exitCode()).isZero();
                    }
                }
                Cli.Run file = report(fileState, List.of(sample(DB)), SLICES.get(i));
                Cli.Run live = report(liveState, live(server), SLICES.get(i));
                assertThat(live.err()).as("run %d", i + 1).isEmpty();
                assertThat(live.exitCode()).as("run %d", i + 1).isEqualTo(file.exitCode()).isEqualTo(i == 1 ? 3 : 4);
                JsonNode l = live.json();
                JsonNode f = file.json();
                if (i == 2) {
                    // 00711-d6z's chained traceback is one event live too (the context read fetches its lines)
                    assertThat(texts(l.at("/recurrences/0/revisions"))).contains("netra-backend-staging-00711-d6z");
                }
                for (String section : List.of("new", "recurrences", "ongoing", "recovered")) {
                    assertThat(comparable(l.get(section))).as("run %d %s", i + 1, section).isEqualTo(comparable(f.get(section)));
                }
                assertThat(l.get("recurrences").size() + l.get("ongoing").size()).isEqualTo(1);
                if (i == 2) {
                    assertThat(l.at("/recovered/0/revision").asText()).isEqualTo("netra-backend-staging-00712-kkr");
                }
                assertThat(l.at("/run/status").asText()).isEqualTo("complete");
                // the live run names no input files, so its evidence offers no file triage command
                assertThat(l.at("/run/inputs")).isEmpty();
                assertThat(f.at("/run/inputs")).isNotEmpty();
            }
            // each window became the time bounds of the query the server received
            // (and of each run's follow-up read of its revisions' 2xx, and of the context read of 00711-d6z's traceback)
            List<String> reads = server.calls.stream().map(FakeLogging.Call::filter).filter(f -> f.contains("textPayload:(")).toList();
            assertThat(server.calls).hasSize(3 + 3 + 1);
            assertThat(reads).hasSize(3).allSatisfy(filter ->
                    assertThat(filter).contains("resource.labels.service_name=\"netra-backend-staging\"", "textPayload:(\""));
            assertThat(reads.get(0)).contains("timestamp>=\"2025-09-11T18:00:00Z\"", "timestamp<\"2025-09-15T18:00:00Z\"");
            assertThat(reads.get(1)).contains("timestamp>=\"2025-09-15T18:00:00Z\"", "timestamp<\"2025-09-15T21:00:00Z\"");
            assertThat(reads.get(2)).contains("timestamp>=\"2025-09-15T21:00:00Z\"", "timestamp<\"2025-09-15T21:50:00Z\"");
            List<String> probes = server.calls.stream().filter(c -> c.orderBy().equals("timestamp desc")).map(FakeLogging.Call::filter).toList();
            assertThat(probes).hasSize(3).allSatisfy(filter -> assertThat(filter).contains("httpRequest.status>=200"));
            assertThat(probes.get(0)).contains("timestamp>=\"2025-09-11T18:00:00Z\"", "timestamp<\"2025-09-15T18:00:00Z\"");
        }
        assertThat(windows(liveState)).isEqualTo(windows(fileState)).hasSize(3);
    }

    /**
     * A read that fails mid-way (after retries) is a failed run; the next run covers the same window,
     * and what it reports counts nothing twice.
     */
    @Test
    void aReadThatCannotFinishIsRetriedNextRun() throws Exception {
        Path state = dir.resolve("live.db");
        try (FakeLogging server = new FakeLogging(DB)) {
            assertThat(report(state, live(server), SLICES.get(0)).exitCode()).isEqualTo(4);
            server.fail(server.calls.size(), Status.PERMISSION_DENIED.withDescription("revoked"));
            Cli.Run failed = report(state, live(server), SLICES.get(1));
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.err().strip()).doesNotContain("\n").contains("permission denied reading logs of project netra-staging");

            Cli.Run retry = report(state, live(server), SLICES.get(1));
            assertThat(retry.exitCode()).as(retry.err()).isEqualTo(3);
            assertThat(retry.json().at("/ongoing/0/runsSeen").asInt()).isEqualTo(2);
        }
        List<RunRecord> runs = runs(state);
        assertThat(runs).extracting(RunRecord::status)
                .containsExactly(RunRecord.Status.COMPLETE, RunRecord.Status.FAILED, RunRecord.Status.COMPLETE);
        assertThat(runs.get(1).error()).contains("permission denied");
        assertThat(runs.get(2).window()).isEqualTo(runs.get(1).window());
        assertThat(runs.get(2).window().start()).isEqualTo(runs.get(0).window().end());
    }

    @Test
    void filesAndProjectTogetherOrNeitherIsBadUsage() {
        Path state = dir.resolve("s.db");
        Cli.Run both = report(state, List.of(sample(DB), "--project", "p", "--endpoint", "127.0.0.1:1"));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give either files or --project, not both");
        Cli.Run neither = report(state, List.of());
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give files to read, - for stdin, or --project P");
        assertThat(state).doesNotExist();
    }

    /** A file-based report run loads no cloud client class, as file triage does not. */
    @Test
    void fileReportLoadsNoCloudClientClass() throws Exception {
        Cli.Run r = Cli.withClassLoading("report", sample(DB), "--state", dir.resolve("s.db").toString(),
                "--since", "4d", "--until", "2025-09-15T18:00:00Z", "--format", "json");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).contains("dev.faultline.cli.ReportCommand").contains("dev.faultline.history.ReportJob");
        Cli.CLOUD_CLASSES.forEach(c -> assertThat(r.out()).doesNotContain(c));
    }

    /** A digest section without what may differ between a live and a file run: the run id and the evidence links. */
    /**
     * The section without evidence, and with the live runs' sample note taken out of the reasons: a
     * reason quoting the last working revision's requests says they come from a sample (PrefilterVerdictTest).
     */
    private static JsonNode comparable(JsonNode section) {
        JsonNode copy = section.deepCopy();
        copy.forEach(item -> ((ObjectNode) item).remove("evidence"));
        for (int i = 0; i < copy.size(); i++) {
            if (section.get(i).has("reasons")) {
                ArrayNode reasons = ((ObjectNode) copy.get(i)).putArray("reasons");
                section.get(i).get("reasons").forEach(r -> reasons.add(PrefilterVerdictTest.unsampled(r.asText())));
            }
        }
        return copy;
    }

    private static String fingerprintOf(Path state) throws Exception {
        try (StateStore store = StateStore.open(state, false, Duration.ofSeconds(5))) {
            return store.incidents().keySet().iterator().next();
        }
    }

    private static List<String> windows(Path state) throws Exception {
        return runs(state).stream().map(r -> r.window().start() + "/" + r.window().end()).toList();
    }

    private static List<RunRecord> runs(Path state) throws Exception {
        try (StateStore store = StateStore.open(state, false, Duration.ofSeconds(5))) {
            return store.runs();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
