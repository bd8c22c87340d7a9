package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
        assertThat(r.err()).contains("not-json.txt:1: not a log export (starts with 'S'): skipped").contains("no log export in");
    }

    /**
     * Nothing read is not "healthy" (issue 18 item 5, issue 15 item 4): each of these exits 1 with one
     * line that says what was missing, and prints no report that could read as "all clear".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file       |                                      | nothing read from
            only []          | []                                   | nothing read from
            blank lines      | '\\n\\n'                           | nothing read from
            not Cloud Run    | {"a":1}                              | no usable entry in
            GKE export       | {"timestamp":"2025-01-01T00:00:00Z","resource":{"type":"k8s_container","labels":{"pod_name":"web-1"}},"textPayload":"hello"} | no Cloud Run revision in
            """)
    void nothingToJudgeIsExitOneWithOneLine(String kind, String content, String message, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("input.json");
        Files.writeString(file, content == null ? "" : content.replace("\\n", "\n"), StandardCharsets.UTF_8);
        for (String format : List.of("text", "json")) {
            Cli.Run r = run("triage", file.toString(), "--format", format);
            assertThat(r.exitCode()).as(kind).isEqualTo(1);
            assertThat(r.out()).as(kind).isEmpty();
            assertThat(r.err().lines().filter(l -> l.contains(message))).as(kind + ": " + r.err()).hasSize(1);
            assertThat(r.err().lines().reduce((a, b) -> b).orElseThrow()).startsWith("faultline: " + message).contains(file.toString());
        }
    }

    @Test
    void theGkeExportSaysWhichResourceTypesItHolds(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("gke.json"), "{\"timestamp\":\"2025-01-01T00:00:00Z\",\"resource\":"
                + "{\"type\":\"k8s_container\",\"labels\":{\"pod_name\":\"web-1\"}},\"textPayload\":\"x\"}\n");
        Cli.Run r = run("triage", file.toString());
        assertThat(r.err()).contains("no Cloud Run revision in " + file + ": 1 entries, none names a Cloud Run revision "
                + "(resource types: k8s_container)");
    }

    /** The README's pipe pattern when gcloud fails: {@code false | faultline triage -}. */
    @Test
    void emptyStdinIsExitOneAndSaysThePipeWasEmpty() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            Cli.Run r = run("triage", "-");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("faultline: nothing read from -: the input is empty (did the command before the pipe fail?)"
                    + System.lineSeparator());
        } finally {
            System.setIn(saved);
        }
    }

    /**
     * A README.md or NOTES.txt among the exports (issue 15 item 3): listed once as skipped, by content
     * (a markdown file named .json is skipped too, an export named .txt is read), and the run is
     * neither incomplete nor partial.
     */
    @Test
    void aStrayNotesFileInTheFolderIsSkippedOnceNotIncomplete(@TempDir Path dir) throws Exception {
        Files.copy(Cli.SAMPLES.resolve(DB_SAMPLE), dir.resolve("export.txt"));
        Files.writeString(dir.resolve("README.md"), "# exports of 2025-09-15\nPulled with gcloud.\n");
        Files.writeString(dir.resolve("NOTES.json"), "Ask Dana about 00697.\n");
        for (String format : List.of("json", "text")) {
            Cli.Run r = run("triage", dir.toString(), "--format", format);
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err().lines()).containsExactly(
                    "faultline: " + dir.resolve("NOTES.json") + ":1: not a log export (starts with 'A'): skipped",
                    "faultline: " + dir.resolve("README.md") + ":1: not a log export (starts with '#'): skipped");
            if (format.equals("json")) {
                JsonNode json = r.json();
                assertThat(json.at("/input/complete").asBoolean()).isTrue();
                assertThat(json.at("/input/entriesRead").asLong()).isEqualTo(401);
                assertThat(json.at("/input/sources")).filteredOn(s -> s.get("skipped").asBoolean()).hasSize(2);
            } else {
                assertThat(r.out()).doesNotContain("incomplete").doesNotContain("INCOMPLETE")
                        .contains("skipped: " + dir.resolve("README.md") + " (not a log export)");
            }
        }
    }

    /**
     * One file of a folder that cannot be read (issue 18 item 6): one problem line, the rest is read,
     * the input is marked incomplete. Root reads a mode-000 file anyway, so as root the unreadable
     * file is a link to /proc/self/mem, whose first page no process can read (EIO, for root too).
     * A dangling link in the folder is one more unreadable input.
     */
    @Test
    void anUnreadableFileInAFolderIsAProblemAndTheRestIsRead(@TempDir Path dir) throws Exception {
        Files.copy(Cli.SAMPLES.resolve(DB_SAMPLE), dir.resolve("a-export.json"));
        Path locked = dir.resolve("b-locked.json");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Path mem = Path.of("/proc/self/mem");
            if (!Files.isRegularFile(mem)) {
                System.out.println("skipped: running as root, and no /proc/self/mem to stand for a file root cannot read");
                org.junit.jupiter.api.Assumptions.abort("root and no /proc/self/mem");
            }
            Files.createSymbolicLink(locked, mem);
        } else {
            Files.writeString(locked, "[]");
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        }
        Files.createSymbolicLink(dir.resolve("c-gone.json"), dir.resolve("deleted.json"));

        Cli.Run r = run("triage", dir.toString(), "--format", "json");
        JsonNode json = r.json();

        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertThat(failing(json)).hasSize(5);
        assertThat(r.err().lines()).containsExactlyInAnyOrder(
                "faultline: " + locked + ": cannot read: " + (root ? "Input/output error" : "permission denied"),
                "faultline: " + dir.resolve("c-gone.json") + ": cannot read: a symbolic link to nothing");
        assertThat(json.at("/input/complete").asBoolean()).isFalse();
        assertThat(json.at("/input/entriesRead").asLong()).isEqualTo(401);
        assertThat(json.at("/input/sources")).filteredOn(s -> s.get("format").asText().equals("unreadable")).hasSize(2);
        assertBalanced(json);
        Cli.Run text = run("triage", dir.toString());
        assertThat(text.out()).contains("input incomplete: " + locked);
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
