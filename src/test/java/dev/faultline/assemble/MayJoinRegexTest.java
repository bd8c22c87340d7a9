package dev.faultline.assemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.re2j.Pattern;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Signature;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RE2 form of {@link Stitcher#mayJoin} that the SQL query uses must say what the Java rule says:
 * on every line of the samples, every catalog example, and random lines built from the pieces that
 * decide a shape. (RE2J is RE2's dialect, so what RE2J says here BigQuery and DuckDB say too.)
 */
class MayJoinRegexTest {

    private static final Pattern MAY_JOIN = Pattern.compile(Stitcher.MAY_JOIN_RE2);
    private static final Pattern ANSI = Pattern.compile(Stitcher.ANSI_RE2);

    /** What the query computes: the first line, colour codes removed, against the shape regex. */
    private static boolean sqlSays(String text) {
        int nl = text.indexOf('\n');
        String line = ANSI.matcher(nl < 0 ? text : text.substring(0, nl)).replaceAll("");
        return MAY_JOIN.matcher(line).find();
    }

    @Test
    void agreesOnEveryLineOfTheSamplesAndTheCatalogExamples() throws Exception {
        List<String> texts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        Path samples = Path.of(System.getProperty("faultline.home", "."), "samples");
        try (Stream<Path> files = Files.list(samples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (JsonNode entry : json.readTree(file.toFile())) {
                    String text = entry.path("textPayload").asText(entry.path("jsonPayload").path("message").asText(""));
                    texts.add(text);
                    texts.addAll(List.of(text.split("\n", -1)));
                }
            }
        }
        for (Signature s : CatalogLoader.loadBundled().active()) {
            for (String example : s.examplesMatch()) {
                texts.addAll(List.of(example.split("\n", -1)));
            }
            texts.addAll(s.examplesNoMatch());
        }
        assertThat(texts).hasSizeGreaterThan(500);
        assertThat(texts.stream().filter(Stitcher::mayJoin)).hasSizeGreaterThan(20);
        for (String text : texts) {
            assertThat(sqlSays(text)).as(text).isEqualTo(Stitcher.mayJoin(text));
        }
    }

    @Test
    void agreesOnRandomLinesMadeOfTheDecidingPieces() {
        String[] pieces = {"Error", "Exception", "Exit", "Interrupt", "Warning", "Timeout", "ERROR", "Value", "psycopg2", "errors",
                ".", ".", ":", ": ", " ", "  ", "\t", "\u00a0", "x", "X", "é", "É", "ǅ", "_", "$", "1", "(", ")", "\"", ">",
                "> File \"", "Traceback (most recent call last):", "Caused by: ", "Exception in thread \"", "\u001b[31m",
                "\u001b[0m", "\u001b[", "INFO:", "\r", "\n", "During handling of the above exception, another exception occurred:"};
        Random random = new Random(16);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int n = random.nextInt(6); n >= 0; n--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = line.toString();
            assertThat(sqlSays(text)).as("%s", text.replace("\u001b", "ESC")).isEqualTo(Stitcher.mayJoin(text));
        }
    }

    @Test
    void rejectsProseAndAcceptsTraceLines() {
        assertThat(sqlSays("INFO:     Started server process [1]")).isFalse();
        assertThat(sqlSays("Container called exit(3).")).isFalse();
        assertThat(sqlSays("psycopg2.OperationalError: connection to server failed")).isTrue();
        assertThat(sqlSays("\u001b[31mKeyError: 'DATABASE_URL'\u001b[0m")).isTrue();
        assertThat(sqlSays("  File \"/srv/app/db.py\", line 41, in connect")).isTrue();
        // the documented difference: a lower-case letter without an upper case (kra) is lower case to RE2 only
        assertThat(Stitcher.mayJoin("mod.Éĸ")).isFalse();
        assertThat(sqlSays("mod.Éĸ")).isTrue();
    }
}
