package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static dev.faultline.cli.TriageCommandTest.DB_SAMPLE;
import static dev.faultline.cli.TriageCommandTest.assertBalanced;
import static dev.faultline.cli.TriageCommandTest.failing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on broken inputs (src/test/resources/samples-bad, numbers from its README): each
 * problem is one stderr line naming file, line and entry; the rest is still read; every entry
 * is accounted for in the JSON.
 */
class BadInputCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file,               read, parsed, malformed, complete, stderr line
            "malformed.json,       5, 4, 1, true,  'malformed.json:59: entry 3: malformed JSON'",
            "truncated.json,       4, 3, 1, false, 'truncated.json:62: entry 4: truncated'",
            "invalid-utf8.json,    4, 4, 0, true,  'invalid-utf8.json:39: entry 2: invalid UTF-8 (byte 0xC3)'",
            "missing-fields.json,  5, 4, 1, true,  'missing-fields.json:22: entry 2: no timestamp and no receiveTimestamp'",
            "mixed.jsonl,          5, 4, 1, true,  'mixed.jsonl:3: entry 3: malformed JSON'",
    })
    void eachProblemIsOneLineAndEveryEntryIsCounted(String file, long read, long parsed, long malformed,
                                                     boolean complete, String problem) {
        Cli.Run r = run("triage", Cli.BAD.resolve(file).toString(), "--format", "json");
        JsonNode in = r.json().get("input");

        assertThat(r.exitCode()).isZero();
        assertThat(in.get("entriesRead").asLong()).isEqualTo(read);
        assertThat(in.get("parsed").asLong()).isEqualTo(parsed);
        assertThat(in.get("malformed").asLong()).isEqualTo(malformed);
        assertThat(in.get("complete").asBoolean()).isEqualTo(complete);
        assertThat(r.err().lines().filter(l -> l.contains(problem)).count()).isEqualTo(1);
        assertThat(r.err().lines()).allSatisfy(l -> assertThat(l).startsWith("faultline: "));
        String message = problem.substring(problem.indexOf(": entry ") + 2).replaceFirst("^entry \\d+: ", "");
        assertThat(in.get("problemsShown").get(0).get("message").asText()).startsWith(message);
        assertThat(in.get("problemsShown").get(0).get("source").asText()).endsWith(file);
        assertBalanced(r.json());
    }

    @Test
    void entryWithoutResourceIsKeptButOutsideAnyRevision() {
        JsonNode in = run("triage", Cli.BAD.resolve("missing-fields.json").toString(), "--format", "json").json().get("input");
        assertThat(in.get("unattributed").asLong()).isEqualTo(1);
    }

    @Test
    void truncatedInputIsFlaggedInTheTextReport() {
        Cli.Run r = run("triage", Cli.BAD.resolve("truncated.json").toString());
        assertThat(r.out()).contains("input incomplete").contains("truncated.json");
    }

    @Test
    void somethingThatIsNoLogExportAtAllIsExitOne() {
        Cli.Run r = run("triage", Cli.BAD.resolve("not-json.txt").toString(), "--format", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("not-json.txt:1: not a log export: starts with 'S'").contains("no log export in");
    }

    @Test
    void emptyExportIsHealthyWithNothingToReport() {
        Cli.Run r = run("triage", Cli.BAD.resolve("empty-array.json").toString(), "--format", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get("revisions")).isEmpty();
        assertThat(r.err()).isEmpty();
    }

    /** A broken file next to a good one: the good one's verdicts still come out, and the totals add up. */
    @Test
    void brokenFileDoesNotStopTheOthers() {
        Cli.Run r = run("triage", Cli.BAD.resolve("truncated.json").toString(), sample(DB_SAMPLE),
                Cli.BAD.resolve("not-json.txt").toString(), "--format", "json");
        JsonNode json = r.json();
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(failing(json)).hasSize(5);
        assertThat(json.get("input").get("sources")).hasSize(3);
        assertThat(json.get("input").get("entriesRead").asLong()).isEqualTo(4 + 401);
        assertThat(json.get("input").get("complete").asBoolean()).isFalse();
        assertBalanced(json);
    }

    /** A 10 MB line (a runaway log statement) is read, its text cut with a note, and the next entries still parse. */
    @Test
    void tenMegabyteLineIsCutNotFatal(@TempDir Path dir) throws Exception {
        String huge = "x".repeat(10 << 20);
        String entry = "{\"timestamp\":\"2025-09-08T02:53:0%dZ\",\"logName\":\"projects/p/logs/run.googleapis.com%%2Fstderr\","
                + "\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"s\",\"revision_name\":\"s-00001-abc\"}},"
                + "\"textPayload\":\"%s\"}";
        Path file = dir.resolve("huge.jsonl");
        Files.write(file, List.of(entry.formatted(1, huge), entry.formatted(2,
                "The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout."),
                entry.formatted(3, "ok")), StandardCharsets.UTF_8);

        Cli.Run r = run("triage", file.toString(), "--format", "json");
        JsonNode in = r.json().get("input");

        assertThat(in.get("entriesRead").asLong()).isEqualTo(3);
        assertThat(in.get("parsed").asLong()).isEqualTo(3);
        assertThat(in.get("matched").asLong()).isEqualTo(1);
        assertThat(r.err()).contains("huge.jsonl:1: entry 1: text of 10485760 chars cut");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertBalanced(r.json());
    }
}
