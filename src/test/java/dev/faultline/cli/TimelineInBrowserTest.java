package dev.faultline.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed reports' timeline as laid out by a real browser (headless chromium) at 1400 and 800 pixels
 * wide: every failing window is wider on screen than every compressed stretch, and no two axis labels
 * overlap. The report forbids scripts, so the test loads a copy without its policy, with a script that
 * measures the drawn elements ({@code getBoundingClientRect}) and writes the figures into the DOM.
 */
class TimelineInBrowserTest {

    private static final String MEASURE = """
            <script>
            const box = e => e.getBoundingClientRect();
            const segments = [...document.querySelectorAll('svg.timeline .segment')]
                .map(e => (e.classList.contains('window') ? 'window' : 'compressed') + ':' + box(e).width.toFixed(1));
            const labels = cls => [...document.querySelectorAll('svg.timeline text.' + cls)]
                .map(e => box(e).left.toFixed(1) + '-' + box(e).right.toFixed(1) + '@' + box(e).top.toFixed(1));
            const pre = document.createElement('pre');
            pre.id = 'measured';
            pre.textContent = 'viewport=' + window.innerWidth + '\\nsegments=' + segments.join(' ')
                + '\\nticks=' + labels('tick').join(' ') + '\\ngaps=' + labels('gap').join(' ');
            document.body.appendChild(pre);
            </script>
            """;

    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = HtmlInBrowserTest.locate();
        if (chromium == null) {
            System.out.println("TimelineInBrowserTest skipped: no chromium on PATH or at /usr/bin/chromium (apt-get install chromium)");
        }
        Assumptions.assumeTrue(chromium != null, "chromium not installed");
    }

    @Test
    void failingWindowsAreTheWidestPartAtBothWidths() throws Exception {
        for (String seed : List.of(TriageCommandTest.PORT_SAMPLE, TriageCommandTest.DB_SAMPLE)) {
            Path page = measurable(seed);
            for (int width : new int[] {1400, 800}) {
                String measured = measure(page, width);
                String at = seed + " at " + width + " px";
                assertThat(value(measured, "viewport")).as(at).isEqualTo(String.valueOf(width));
                List<Double> windows = new ArrayList<>();
                List<Double> compressed = new ArrayList<>();
                for (String s : value(measured, "segments").split(" ")) {
                    String[] kv = s.split(":");
                    (kv[0].equals("window") ? windows : compressed).add(Double.parseDouble(kv[1]));
                }
                System.out.println("TimelineInBrowserTest " + at + ": failing windows " + windows + " px, compressed stretches "
                        + compressed + " px");
                assertThat(windows).as(at).isNotEmpty();
                double narrowestWindow = windows.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                double widestBreak = compressed.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                assertThat(narrowestWindow).as(at + ": narrowest failing window vs widest compressed stretch")
                        .isGreaterThan(2 * widestBreak);
                // the picture follows the page: together the windows fill most of a plot that is over half the viewport
                double all = windows.stream().mapToDouble(Double::doubleValue).sum() + compressed.stream().mapToDouble(Double::doubleValue).sum();
                assertThat(all).as(at).isGreaterThan(width * 0.5).isLessThan(width);
                assertNoOverlap(at + " time labels", value(measured, "ticks"), 3);
                assertNoOverlap(at + " gap labels", value(measured, "gaps"), 1);
            }
        }
    }

    /** Labels on one line, each {@code left-right@top}: sorted by left edge, each ends before the next begins. */
    private static void assertNoOverlap(String what, String labels, int atLeast) {
        List<double[]> boxes = new ArrayList<>();
        for (String l : labels.split(" ")) {
            Matcher m = Pattern.compile("([\\d.]+)-([\\d.]+)@([\\d.]+)").matcher(l);
            assertThat(m.matches()).as(what + ": " + l).isTrue();
            boxes.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        assertThat(boxes).as(what).hasSizeGreaterThanOrEqualTo(atLeast);
        boxes.sort((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 1; i < boxes.size(); i++) {
            assertThat(boxes.get(i)[2]).as(what + ": one line").isEqualTo(boxes.get(0)[2]);
            assertThat(boxes.get(i)[0]).as(what + ": label " + i + " starts after label " + (i - 1) + " ends").isGreaterThan(boxes.get(i - 1)[1]);
        }
    }

    private Path measurable(String seed) throws Exception {
        Path html = dir.resolve(Path.of(seed).getFileName() + ".html");
        Cli.Run r = Cli.run("triage", Cli.sample(seed), "--catalog", Cli.SEED_CATALOG, "--format", "html", "-o", html.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        String page = Files.readString(html);
        String open = page.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "").replace("</body>", MEASURE + "</body>");
        assertThat(open).doesNotContain("Content-Security-Policy").contains("id = 'measured'");
        Path copy = dir.resolve("measured-" + html.getFileName());
        Files.writeString(copy, open);
        return copy;
    }

    private String measure(Path page, int width) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=" + width + ",2000", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        Matcher m = Pattern.compile("<pre id=\"measured\">([^<]*)</pre>").matcher(dom);
        assertThat(m.find()).as("the measuring script ran").isTrue();
        return m.group(1);
    }

    private static String value(String measured, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(measured);
        assertThat(m.find()).as(key + " in " + measured).isTrue();
        return m.group(1).strip();
    }
}
