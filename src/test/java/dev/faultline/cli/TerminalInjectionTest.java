package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.report.TextReport;
import dev.faultline.report.Visible;
import dev.faultline.source.ExportSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 2: log text that carries terminal controls (ESC sequences, OSC 52 that writes the
 * clipboard, BEL, BS, CR, DEL, C1 CSI, a right-to-left override) is shown in every terminal view
 * (the triage text, the digest text, follow lines, problem lines on stderr), never obeyed.
 */
class TerminalInjectionTest {

    /** Everything a hostile line may carry; each must come out in its visible form. */
    static final String HOSTILE = "\u001b[2J\u001b]52;c;ZWNobyBwd25lZA==\u0007 ok\bX\rfake\u007f \u009b31m \u202egnp.exe";
    static final String SHOWN = "^[[2J^[]52;c;ZWNobyBwd25lZA==^G ok^HX^Mfake^? \\x9b31m \\u202egnp.exe";

    static Path export;

    @BeforeAll
    static void writeExport(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode entries = json.createArrayNode();
        String service = "svc" + HOSTILE.substring(0, 4);
        for (int i = 1; i <= 2; i++) {
            ObjectNode e = entries.addObject();
            e.put("timestamp", "2025-09-15T10:00:0" + i + "Z");
            e.put("insertId", "id" + HOSTILE);
            e.put("logName", "projects/p/logs/run.googleapis.com%2Fstderr");
            e.put("severity", "ERROR");
            e.putObject("resource").put("type", "cloud_run_revision").putObject("labels")
                    .put("service_name", service).put("revision_name", service + "-0000" + i + "-ab" + HOSTILE).put("project_id", "p");
            e.putObject("labels").put("instanceId", HOSTILE + i);
            e.put("textPayload", "google.api_core.exceptions.PermissionDenied: 403 attempt " + i + " " + HOSTILE);
        }
        export = dir.resolve("hostile.json");
        json.writeValue(export.toFile(), entries);
    }

    @Test
    void visibleShowsEveryControlCharacter() {
        assertThat(Visible.of(HOSTILE)).isEqualTo(SHOWN);
        assertThat(Visible.of("plain\ttext")).isEqualTo("plain\ttext");
        assertThat(Visible.of("two\nlines")).isEqualTo("two^Jlines");
    }

    @Test
    void triageTextObeysNothingFromTheLogs() {
        Cli.Run r = run("triage", export.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertInert(r.out());
        assertThat(r.out()).contains(SHOWN); // the evidence line, shown
    }

    /** On a terminal the report paints with its own SGR codes; those are the only escapes that may come out. */
    @Test
    void colouredTextCarriesOnlyItsOwnColourCodes() throws Exception {
        TriageResult result = new Triage(CatalogLoader.loadBundled(), 3).run(new ExportSource(List.of(export.toString())), p -> { });
        StringWriter out = new StringWriter();
        new TextReport(true).render(result, out);
        assertThat(out.toString()).contains("\u001b[1m");
        assertInert(out.toString().replaceAll("\u001b\\[\\d+m", ""));
    }

    @Test
    void digestTextObeysNothingFromTheLogs(@TempDir Path dir) {
        Cli.Run r = run("report", export.toString(), "--state", dir.resolve("s.db").toString(), "--since", "1d",
                "--until", "2025-09-15T12:00:00Z");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        assertInert(r.out());
        assertThat(r.out()).contains("^[[2J");
    }

    @Test
    void problemLinesOnStderrObeyNothing(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad" + "\u001b[31m" + ".json"), "[{\"timestamp\": \"x" + HOSTILE + "\"}]");
        Cli.Run r = run("triage", bad.toString());
        assertThat(r.err()).isNotEmpty();
        assertInert(r.err());
        assertThat(r.err()).contains("bad^[[31m.json");
    }

    @Test
    void followLinesObeyNothing() throws Exception {
        StringWriter out = new StringWriter();
        LiveRun.FollowPrinter printer = new LiveRun.FollowPrinter(new PrintWriter(out, true));
        new Triage(CatalogLoader.loadBundled(), 3).run(new ExportSource(List.of(export.toString())), p -> { }, printer);
        assertThat(out.toString()).contains("hit ").contains("verdict ");
        assertInert(out.toString());
    }

    /** No C0 control but newline and tab, no DEL, no C1, no bidirectional control. */
    static void assertInert(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F)
                    || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
            assertThat(control).as("U+%04X at %d in: %s", (int) c, i, text).isFalse();
        }
    }
}
