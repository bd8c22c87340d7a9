package dev.faultline.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report in a real browser: Debian's {@code chromium --headless} loads the file and dumps
 * the DOM it built. Every request the browser makes goes to a local proxy that records it, so a
 * page that reaches out is caught (the control page shows the proxy sees page requests). Skipped,
 * with the reason printed, where chromium is not installed (.ci/run installs it when it can).
 */
class HtmlInBrowserTest {

    /** Chromium's own background traffic (sign-in, connectivity, time, its component updater), which no flag fully silences; never the page's. */
    private static final Set<String> BROWSER_OWN = Set.of("www.google.com:443", "accounts.google.com:443",
            "clients2.google.com:80", "clients2.google.com:443", "update.googleapis.com");

    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = locate();
        if (chromium == null) {
            System.out.println("HtmlInBrowserTest skipped: no chromium on PATH or at /usr/bin/chromium (apt-get install chromium)");
        }
        Assumptions.assumeTrue(chromium != null, "chromium not installed");
    }

    @Test
    void seedReportsShowVerdictsAndChartAndMakeNoRequest() throws Exception {
        for (String seed : List.of(TriageCommandTest.DB_SAMPLE, TriageCommandTest.PORT_SAMPLE)) {
            Path html = render(Cli.sample(seed));
            Loaded page = load(html);
            String dom = page.dom();
            // the chart: a row per revision, and failure bars with a width (port sample: symptoms only, its cause is not in the catalog)
            assertThat(dom).as(seed).contains("<svg class=\"timeline\"").containsPattern("<rect class=\"(cause|symptom)\"[^>]*width=\"\\d");
            assertThat(page.requests()).as(seed + ": requests that left the page").isEmpty();
            if (seed.equals(TriageCommandTest.DB_SAMPLE)) {
                assertThat(Pattern.compile("<span class=\"verdict recurrence\">RECURRENCE of #1263</span>").matcher(dom).results().count())
                        .isEqualTo(10); // the list on top and each of the five revision headings
                assertThat(dom).contains("00712-kkr").contains("HEALTHY").containsPattern("<rect class=\"cause\"[^>]*width=\"\\d");
            } else {
                assertThat(dom).contains("<span class=\"verdict new\">NEW</span>").contains("netra-backend-staging-00161-67z");
            }
        }
    }

    /** A log line carrying script, an event handler and closing tags stays text; the secrets in it stay masked. */
    @Test
    void hostileLogLineStaysInertText() throws Exception {
        Loaded page = load(render(EvidenceReportTest.HOSTILE));
        String dom = page.dom();
        // had the markup been parsed, the DOM would hold these elements (CSP would still stop the script from running)
        assertThat(dom).doesNotContain("<script").doesNotContain("<h1>escaped the block</h1>").doesNotContain("<img")
                .doesNotContainPattern("<body[^>]*data-xss");
        assertThat(dom).contains("&lt;script&gt;document.body.setAttribute('data-xss','script')&lt;/script&gt;")
                .contains("&lt;/pre&gt;&lt;/details&gt;&lt;h1&gt;escaped the block&lt;/h1&gt;")
                .contains("postgresql+asyncpg://app:***@/appdb").doesNotContain("hunter2secret");
        assertThat(page.requests()).isEmpty(); // not even attacker.example, named in the line
    }

    /** The proxy sees what a page loads (so an empty list above means something), and the report's CSP blocks it. */
    @Test
    void controlPageRequestIsSeenAndTheReportsPolicyBlocksIt() throws Exception {
        Path open = dir.resolve("control.html");
        Files.writeString(open, "<!DOCTYPE html><p>control</p><img src=\"http://control.invalid/pixel.png\">");
        assertThat(load(open).requests()).contains("GET http://control.invalid/pixel.png");

        String report = Files.readString(render(Cli.sample(TriageCommandTest.PORT_SAMPLE)));
        Path injected = dir.resolve("injected.html");
        Files.writeString(injected, report.replace("</header>", "<img src=\"http://control.invalid/pixel.png\"></header>"));
        assertThat(load(injected).requests()).isEmpty();
    }

    private record Loaded(String dom, List<String> requests) {
    }

    private Path render(String input) {
        Path out = dir.resolve(Path.of(input).getFileName() + ".html");
        Cli.Run r = Cli.run("triage", input, "--catalog", Cli.SEED_CATALOG, "--format", "html", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        return out;
    }

    /** Loads a file in headless chromium behind a recording proxy; returns the DOM and the requests other than the browser's own. */
    private Loaded load(Path html) throws Exception {
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread recorder = new Thread(() -> record(proxy, requests), "proxy-recorder");
            recorder.setDaemon(true);
            recorder.start();
            Path profile = Files.createTempDirectory(dir, "profile");
            Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                    "--disable-component-update", "--disable-default-apps", "--disable-sync", "--disable-extensions",
                    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
                    "--proxy-server=http://127.0.0.1:" + proxy.getLocalPort(), "--proxy-bypass-list=<-loopback>",
                    "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom", html.toUri().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            assertThat(dom).as("chromium dumped a DOM").contains("</html>");
            Thread.sleep(200); // let the recorder take a request still in flight
            List<String> pages = requests.stream().filter(r -> BROWSER_OWN.stream().noneMatch(r::contains)).toList();
            return new Loaded(dom, pages);
        }
    }

    private static void record(ServerSocket proxy, List<String> requests) {
        while (!proxy.isClosed()) {
            try (Socket s = proxy.accept()) {
                s.setSoTimeout(2000);
                String first = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
                if (first != null) {
                    requests.add(first.replace(" HTTP/1.1", ""));
                }
            } catch (IOException e) {
                // closed at the end of the test, or a client that sent nothing
            }
        }
    }

    private static Path locate() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(d, "chromium");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        Path debian = Path.of("/usr/bin/chromium");
        return Files.isExecutable(debian) ? debian : null;
    }
}
