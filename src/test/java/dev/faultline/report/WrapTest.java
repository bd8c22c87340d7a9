package dev.faultline.report;

import dev.faultline.Triage;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.source.ExportSource;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrapping the terminal text: no word split, no line over the width unless it is one unbreakable token. */
class WrapTest {

    private static final Path SAMPLES = Path.of(System.getProperty("faultline.home", ".")).resolve("samples");

    @Test
    void seedReportsAtNarrowWidthsSplitNoWordAndStayInsideTheWidth() throws Exception {
        for (String seed : List.of("netra-staging-2025-09-15-db-timeout.json", "netra-staging-2025-09-08-port-timeout.json")) {
            var result = new Triage(CatalogLoader.loadBundled(), 3).run(new ExportSource(List.of(SAMPLES.resolve(seed).toString())), p -> { });
            for (boolean colour : new boolean[] {false, true}) {
                StringWriter text = new StringWriter();
                new TextReport(colour).render(result, text);
                for (int width : new int[] {40, 60, 80}) {
                    int wrappedLines = 0;
                    for (String line : text.toString().split("\n")) {
                        List<String> wrapped = Wrap.line(line, width);
                        wrappedLines += wrapped.size() - 1;
                        assertSameWords(line, wrapped);
                        for (String w : wrapped) {
                            assertThat(Wrap.visible(w) <= width || tokens(w).size() == 1 || tokens(w).equals(List.of("|", tokens(w).get(1))))
                                    .as(seed + " at " + width + ": " + w).isTrue();
                        }
                    }
                    assertThat(wrappedLines).as(seed + " at " + width + " wraps something").isPositive();
                    assertThat(Wrap.text(text.toString(), width).split("\n", -1).length)
                            .isEqualTo(text.toString().split("\n", -1).length + wrappedLines);
                }
            }
        }
    }

    @Test
    void continuationIsIndentedAndEvidenceStaysBehindItsBar() {
        assertThat(Wrap.line("  - one two three four five six", 16)).containsExactly("  - one two", "      three four", "      five six");
        assertThat(Wrap.line("    | Traceback (most recent call last):", 24))
                .containsExactly("    | Traceback (most", "    |   recent call", "    |   last):");
        // a URL longer than the width goes whole onto its own line
        String url = "https://console.cloud.google.com/logs/query;query=resource.type%3D%22cloud_run_revision%22";
        assertThat(Wrap.line("see " + url + " now", 40)).containsExactly("see", "    " + url, "    now");
        // spaces inside a line that is not broken there are kept (aligned columns, carets under a traceback)
        assertThat(Wrap.line("a  b   c", 80)).containsExactly("a  b   c");
        assertThat(Wrap.line("aaaa  bbbb   cccc", 12)).containsExactly("aaaa  bbbb", "    cccc");
    }

    @Test
    void colourCodesTakeNoRoom() {
        String red = "\u001b[31mRECURRENCE\u001b[0m";
        assertThat(Wrap.line(red + " of x", 16)).containsExactly(red + " of x");
        assertThat(Wrap.line(red + " of x y z", 16)).containsExactly(red + " of x", "    y z");
    }

    @Test
    void widthZeroLeavesTheTextAlone() {
        String text = "a very long line ".repeat(20) + "\nnext\n";
        assertThat(Wrap.text(text, 0)).isEqualTo(text);
        assertThat(Wrap.text("short\n\nlines\n", 10)).isEqualTo("short\n\nlines\n");
    }

    /** The words of the line, in order, are the words of the wrapped lines without the continuation bars. */
    private static void assertSameWords(String line, List<String> wrapped) {
        List<String> after = new ArrayList<>();
        boolean evidence = line.stripLeading().startsWith("| ");
        for (int i = 0; i < wrapped.size(); i++) {
            List<String> t = new ArrayList<>(tokens(wrapped.get(i)));
            if (i > 0 && evidence) {
                assertThat(t.remove(0)).isEqualTo("|");
            }
            after.addAll(t);
        }
        assertThat(after).as(line).isEqualTo(tokens(line));
    }

    private static List<String> tokens(String s) {
        return Arrays.stream(s.strip().split(" +")).filter(t -> !t.isEmpty()).toList();
    }
}
