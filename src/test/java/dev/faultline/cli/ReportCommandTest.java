package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.history.RunRecord;
import dev.faultline.history.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** End to end: the scheduled report over time slices of the samples, asserting on the digest JSON and the state. */
class ReportCommandTest {

    static final String DB_SAMPLE = TriageCommandTest.DB_SAMPLE;
    static final String PORT_SAMPLE = TriageCommandTest.PORT_SAMPLE;

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state.db");
    }

    private Cli.Run report(String input, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("report", input, "--state", state().toString(), "--format", "json",
                "--catalog", Cli.SEED_CATALOG));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    /**
     * Seed 001 replayed as a scheduled job in three slices: the #1263 recurrence is first reported,
     * then ongoing with the new counts, then (after the team resolves it again) a recurrence once more.
     */
    @Test
    void threeRunsOverSeed2ReportRecurrenceThenOngoingThenRecurrenceAfterResolve() throws Exception {
        Cli.Run r1 = report(sample(DB_SAMPLE), "--since", "4d", "--until", "2025-09-15T18:00:00Z");
        assertThat(r1.exitCode()).as(r1.err()).isEqualTo(4);
        JsonNode d1 = r1.json();
        assertThat(d1.get("new")).isEmpty();
        assertThat(d1.get("ongoing")).isEmpty();
        assertThat(d1.get("recurrences")).hasSize(1);
        JsonNode first = d1.get("recurrences").get(0);
        assertThat(first.get("knownIssue").asText()).isEqualTo("#1263");
        assertThat(first.get("newToDigest").asBoolean()).isTrue();
        assertThat(texts(first.get("revisions"))).containsExactly("netra-backend-staging-00690-k2m", "netra-backend-staging-00697-gp6");
        String fingerprint = first.get("fingerprint").asText();
        assertThat(texts(first.get("evidence"))).anySatisfy(c -> assertThat(c).startsWith("faultline history show " + fingerprint));

        Cli.Run r2 = report(sample(DB_SAMPLE), "--until", "2025-09-15T21:00:00Z");
        assertThat(r2.exitCode()).as(r2.err()).isEqualTo(3);
        JsonNode d2 = r2.json();
        assertThat(d2.get("recurrences")).isEmpty();
        assertThat(d2.get("ongoing")).hasSize(1);
        JsonNode ongoing = d2.get("ongoing").get(0);
        assertThat(ongoing.get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(ongoing.get("newToDigest").asBoolean()).isFalse();
        assertThat(texts(ongoing.get("revisions"))).containsExactly("netra-backend-staging-00704-ds8");
        long hits1 = first.get("hitsThisRun").asLong();
        long hits2 = ongoing.get("hitsThisRun").asLong();
        assertThat(hits2).isPositive();
        assertThat(ongoing.get("hitsTotal").asLong()).isEqualTo(hits1 + hits2);
        assertThat(ongoing.get("runsSeen").asInt()).isEqualTo(2);

        Cli.Run resolve = run("issues", "resolve", fingerprint, "--at", "2025-09-15T21:10:00Z", "--state", state().toString(),
                "--catalog", Cli.SEED_CATALOG);
        assertThat(resolve.exitCode()).as(resolve.err()).isZero();
        assertThat(resolve.out()).contains("#1263");

        Cli.Run r3 = report(sample(DB_SAMPLE), "--until", "2025-09-15T21:50:00Z");
        assertThat(r3.exitCode()).as(r3.err()).isEqualTo(4);
        JsonNode d3 = r3.json();
        assertThat(d3.get("ongoing")).isEmpty();
        assertThat(d3.get("recurrences")).hasSize(1);
        JsonNode back = d3.get("recurrences").get(0);
        assertThat(back.get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(back.get("newToDigest").asBoolean()).isFalse();
        assertThat(back.get("why").asText()).contains("2025-09-15T21:10:00Z");
        assertThat(d3.get("recovered").get(0).get("revision").asText()).isEqualTo("netra-backend-staging-00712-kkr");

        // No gap, no overlap: the windows chain, every entry of the sample fell in exactly one of
        // them, and the hits add up to what one triage over the whole file counts.
        List<RunRecord> runs = runs();
        assertThat(runs).extracting(RunRecord::status).containsOnly(RunRecord.Status.COMPLETE);
        assertThat(runs.get(1).window().start()).isEqualTo(runs.get(0).window().end());
        assertThat(runs.get(2).window().start()).isEqualTo(runs.get(1).window().end());
        assertThat(runs.stream().mapToLong(RunRecord::inWindow).sum()).isEqualTo(401);
        assertThat(back.get("hitsTotal").asLong()).isEqualTo(failureHitsOfWholeFile(sample(DB_SAMPLE)));
    }

    /** A run over a truncated input is recorded as partial, not remembered, and its window is covered again. */
    @Test
    void partialRunIsRecordedAndItsWindowRetried() throws Exception {
        assertThat(report(sample(DB_SAMPLE), "--since", "4d", "--until", "2025-09-15T18:00:00Z").exitCode()).isEqualTo(4);
        byte[] whole = Files.readAllBytes(Path.of(sample(DB_SAMPLE)));
        Path truncated = Files.write(dir.resolve("truncated.json"), java.util.Arrays.copyOf(whole, whole.length / 2));

        Cli.Run partial = report(truncated.toString(), "--until", "2025-09-15T21:00:00Z");
        assertThat(partial.json().get("run").get("status").asText()).isEqualTo("partial");
        assertThat(partial.err()).contains("truncated").contains("recorded as partial");

        Cli.Run retry = report(sample(DB_SAMPLE), "--until", "2025-09-15T21:00:00Z");
        assertThat(retry.exitCode()).isEqualTo(3);
        JsonNode ongoing = retry.json().get("ongoing").get(0);
        List<RunRecord> runs = runs();
        assertThat(runs).extracting(RunRecord::status)
                .containsExactly(RunRecord.Status.COMPLETE, RunRecord.Status.PARTIAL, RunRecord.Status.COMPLETE);
        assertThat(runs.get(2).window()).isEqualTo(runs.get(1).window());
        assertThat(runs.get(2).window().start()).isEqualTo(runs.get(0).window().end());
        // the partial run's sightings were not kept, so nothing is counted twice
        assertThat(ongoing.get("runsSeen").asInt()).isEqualTo(2);
        assertThat(ongoing.get("hitsTotal").asLong()).isEqualTo(37 + ongoing.get("hitsThisRun").asLong());
    }

    /** An unreadable input fails the run with one line, is recorded as failed, and the next run covers its window. */
    @Test
    void failedRunIsRecordedAndItsWindowRetried() throws Exception {
        assertThat(report(sample(DB_SAMPLE), "--since", "4d", "--until", "2025-09-15T18:00:00Z").exitCode()).isEqualTo(4);
        Cli.Run failed = report(dir.resolve("missing.json").toString(), "--until", "2025-09-15T21:00:00Z");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err().strip()).doesNotContain("\n").contains("missing.json").contains("no such file");
        assertThat(report(sample(DB_SAMPLE), "--until", "2025-09-15T21:00:00Z").exitCode()).isEqualTo(3);
        List<RunRecord> runs = runs();
        assertThat(runs).extracting(RunRecord::status)
                .containsExactly(RunRecord.Status.COMPLETE, RunRecord.Status.FAILED, RunRecord.Status.COMPLETE);
        assertThat(runs.get(1).error()).contains("missing.json");
        assertThat(runs.get(2).window()).isEqualTo(runs.get(1).window());
    }

    /**
     * Files that hold nothing to judge are no clean run (issue 18 item 5, issue 15 item 4): exit 1 with
     * one line, the run is recorded as failed, and the next run covers the same window again.
     */
    @Test
    void inputWithNothingToJudgeIsAFailedRunNotACleanOne() throws Exception {
        String gke = "{\"timestamp\":\"2025-09-15T17:00:00Z\",\"resource\":{\"type\":\"k8s_container\","
                + "\"labels\":{\"pod_name\":\"web-1\"}},\"textPayload\":\"hello\"}\n";
        List<String> contents = List.of("", "[]", "{\"a\":1}\n", gke);
        List<String> reasons = List.of("nothing read from", "nothing read from", "no usable entry in", "no Cloud Run revision in");
        for (int i = 0; i < contents.size(); i++) {
            Path input = Files.writeString(dir.resolve("input-" + i + ".json"), contents.get(i));
            Cli.Run r = report(input.toString(), "--since", "1d", "--until", "2025-09-15T18:00:00Z");
            assertThat(r.exitCode()).as(contents.get(i)).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines().reduce((x, y) -> y).orElseThrow()).startsWith("faultline: " + reasons.get(i));
        }
        assertThat(runs()).extracting(RunRecord::status).containsOnly(RunRecord.Status.FAILED).hasSize(4);
        assertThat(runs().get(3).error()).contains("none names a Cloud Run revision");
        // nothing was marked as covered: the next real run is still a first run, which covers the files' own span
        Cli.Run real = report(sample(DB_SAMPLE), "--until", "2025-09-15T18:00:00Z");
        assertThat(real.json().at("/run/status").asText()).isEqualTo("complete");
        assertThat(runs().get(4).window().start()).isBefore(runs().get(0).window().start());
        assertThat(runs().get(4).window().end()).isEqualTo(runs().get(0).window().end());
    }

    /** A README.md among the exports is skipped with one line; the run is complete, not partial, on every tick. */
    @Test
    void aStrayReadmeDoesNotMakeEveryRunPartial() throws Exception {
        Path exports = Files.createDirectories(dir.resolve("exports"));
        Files.copy(Path.of(sample(DB_SAMPLE)), exports.resolve("db.json"));
        Files.writeString(exports.resolve("README.md"), "# exports\n");
        Cli.Run r1 = report(exports.toString(), "--since", "4d", "--until", "2025-09-15T18:00:00Z");
        Cli.Run r2 = report(exports.toString(), "--until", "2025-09-15T21:00:00Z");
        for (Cli.Run r : List.of(r1, r2)) {
            assertThat(r.json().at("/run/status").asText()).isEqualTo("complete");
            assertThat(r.err()).isEqualTo("faultline: " + exports.resolve("README.md") + ":1: not a log export (starts with '#'): skipped"
                    + System.lineSeparator());
        }
        assertThat(runs()).extracting(RunRecord::status).containsOnly(RunRecord.Status.COMPLETE);
    }

    /** A new incident linked to a ticket is judged as that ticket from then on: ongoing while it is open. */
    @Test
    void linkedNewIncidentBecomesOngoing() {
        Cli.Run r1 = report(sample(PORT_SAMPLE), "--since", "12h", "--until", "2025-09-08T04:00:00Z");
        assertThat(r1.exitCode()).isEqualTo(4);
        JsonNode item = r1.json().get("new").get(0);
        assertThat(item.get("verdict").asText()).isEqualTo("new");
        assertThat(item.get("knownIssue").isNull()).isTrue();
        String fingerprint = item.get("fingerprint").asText();

        Cli.Run link = run("issues", "link", fingerprint.substring(0, 6), "#2001", "--state", state().toString());
        assertThat(link.exitCode()).as(link.err()).isZero();

        // a backfill over the same window, so the same revision is judged again
        Cli.Run r2 = report(sample(PORT_SAMPLE), "--since", "12h", "--until", "2025-09-08T04:00:00Z");
        assertThat(r2.exitCode()).isEqualTo(3);
        JsonNode again = r2.json().get("ongoing").get(0);
        assertThat(again.get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(again.get("verdict").asText()).isEqualTo("ongoing");
        assertThat(again.get("knownIssue").asText()).isEqualTo("#2001");
    }

    @Test
    void htmlDigestIsSelfContainedAndEscapesWhatItEmbeds() throws Exception {
        String text = Files.readString(Path.of(sample(PORT_SAMPLE)), StandardCharsets.UTF_8)
                .replace("\"netra-backend-staging\"", "\"netra<b>&staging\"");
        Path hostile = Files.writeString(dir.resolve("hostile.json"), text);
        Path html = dir.resolve("digest.html");
        Cli.Run r = run("report", hostile.toString(), "--state", state().toString(), "--since", "12h",
                "--until", "2025-09-08T04:00:00Z", "--format", "html", "-o", html.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("netra&lt;b&gt;&amp;staging").doesNotContain("netra<b>")
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
        // the triage report's policy: nothing loads and no script runs, whatever a value smuggles in
        assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">");
    }

    @Test
    void anotherRunOverACoveredWindowIsRefusedWithOneLine() {
        assertThat(report(sample(DB_SAMPLE), "--since", "4d", "--until", "2025-09-15T18:00:00Z").exitCode()).isEqualTo(4);
        Cli.Run again = report(sample(DB_SAMPLE), "--until", "2025-09-15T17:00:00Z");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().strip()).doesNotContain("\n").contains("already covers up to 2025-09-15T18:00:00Z");
    }

    @Test
    void badDurationIsBadUsage() {
        Cli.Run r = report(sample(DB_SAMPLE), "--since", "4 weeks");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'4 weeks' is not a duration");
    }

    private List<RunRecord> runs() throws Exception {
        try (StateStore store = StateStore.open(state(), false, Duration.ofSeconds(5))) {
            return store.runs();
        }
    }

    private static long failureHitsOfWholeFile(String file) {
        JsonNode json = run("triage", file, "--format", "json").json();
        long sum = 0;
        for (JsonNode rev : json.get("revisions")) {
            if (!rev.get("incident").get("verdict").asText().equals("healthy")) {
                for (JsonNode hit : rev.get("hits")) {
                    sum += hit.get("count").asLong();
                }
            }
        }
        return sum;
    }

    /**
     * A first run over an export covers the export's own span (not "now minus 24h", which would find
     * nothing in last month's file); a later run whose window holds none of the input's entries says
     * so, with the span and the options to use, and is not recorded as a clean run.
     */
    @Test
    void anOlderExportIsCoveredOnTheFirstRunAndAStaleOneIsNotAllClear() throws Exception {
        Cli.Run first = report(sample(DB_SAMPLE));
        assertThat(first.exitCode()).as(first.err()).isEqualTo(4);
        JsonNode run1 = first.json().get("run");
        assertThat(run1.get("inWindow").asLong()).isEqualTo(run1.get("entriesRead").asLong()).isEqualTo(401);
        assertThat(run1.get("window").get("start").asText()).startsWith("2025-09-12");
        assertThat(first.json().get("recurrences")).hasSize(1);

        Cli.Run stale = report(sample(DB_SAMPLE));
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.out()).isEmpty();
        assertThat(stale.err().strip()).doesNotContain("\n").contains("none of the 401 entries read is in this run's window")
                .contains("the input spans 2025-09-12").contains("--until 2025-09-15T").contains("--since ");
        try (StateStore store = StateStore.open(state(), false, Duration.ofSeconds(5))) {
            List<RunRecord> runs = store.runs();
            assertThat(runs).extracting(RunRecord::status).containsExactly(RunRecord.Status.COMPLETE, RunRecord.Status.FAILED);
            assertThat(store.lastCompleteRun().orElseThrow().id()).isEqualTo(runs.get(0).id());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
