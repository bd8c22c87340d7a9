package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** The Markdown ticket attachment end to end on the seed samples. */
class EvidenceReportTest {

    private static final String DB_SAMPLE = TriageCommandTest.DB_SAMPLE;
    private static final String PORT_SAMPLE = TriageCommandTest.PORT_SAMPLE;

    /** The gcloud command and the Logs Explorer link select exactly the project, services and time span of the input. */
    @Test
    void footerCommandAndLinkReproduceTheInputsFilter() throws Exception {
        String md = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "markdown").out();

        Matcher cmd = Pattern.compile("(?m)^gcloud logging read '([^']*)' --project='([^']*)' --format=json$").matcher(md);
        assertThat(cmd.find()).as(md).isTrue();
        String filter = cmd.group(1);
        String project = cmd.group(2);

        Matcher link = Pattern.compile("\\[Open in Logs Explorer]\\((https://console\\.cloud\\.google\\.com/logs/query;query=([^;]*);timeRange=([^?]*)\\?project=([^)]*))\\)").matcher(md);
        assertThat(link.find()).isTrue();
        String query = URLDecoder.decode(link.group(2), StandardCharsets.UTF_8);
        assertThat(String.join(" AND ", query.split("\n"))).isEqualTo(filter);
        assertThat(link.group(4)).isEqualTo(project);

        // what the filter must select, read straight from the export
        JsonNode entries = new ObjectMapper().readTree(Cli.SAMPLES.resolve(DB_SAMPLE).toFile());
        List<Instant> times = new ArrayList<>();
        for (JsonNode e : entries) {
            assertThat(e.at("/resource/labels/project_id").asText()).isEqualTo(project);
            assertThat(filter).contains("resource.type=\"" + e.at("/resource/type").asText() + "\"")
                    .contains("resource.labels.service_name=\"" + e.at("/resource/labels/service_name").asText() + "\"");
            times.add(Instant.parse(e.get("timestamp").asText()));
        }
        String from = times.stream().min(Comparator.naturalOrder()).orElseThrow().toString();
        String until = times.stream().max(Comparator.naturalOrder()).orElseThrow().toString();
        assertThat(filter).isEqualTo("resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"netra-backend-staging\""
                + " AND timestamp>=\"" + from + "\" AND timestamp<=\"" + until + "\"");
        assertThat(URLDecoder.decode(link.group(3), StandardCharsets.UTF_8)).isEqualTo(from + "/" + until);
    }

    @Test
    void markdownHasTheMermaidTimelineWithARowPerRevision() {
        String md = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "markdown").out();
        String chart = md.substring(md.indexOf("```mermaid\n"), md.indexOf("```\n", md.indexOf("```mermaid\n") + 3));
        assertThat(chart).contains("gantt").contains("section 00697-gp6 RECURRENCE of 1263")
                .contains("section 00712-kkr HEALTHY")
                .containsPattern("app\\.startup-phase-timeout x9 :crit, 2025-09-15 16:35:07, 2025-09-15 16:47:16");
        // seven revisions, in the order they first logged
        assertThat(Pattern.compile("(?m)^    section ").matcher(chart).results().count()).isEqualTo(7);
        assertThat(chart.indexOf("00690-k2m")).isLessThan(chart.indexOf("00691-vbn"));
        // nothing a Gantt task line could trip on: no '#' or ';' anywhere
        assertThat(chart).doesNotContain("#").doesNotContain(";");
    }

    @Test
    void markdownFooterCitesVersionsChecksumAndCounts() {
        String md = run("triage", sample(PORT_SAMPLE), "--format", "markdown").out();
        String footer = md.substring(md.lastIndexOf("\n---\n"));
        assertThat(footer).containsPattern("faultline \\S+ · catalog \\d{4}\\.\\d+\\.\\d+ \\(bundled\\); no known-issue registry loaded"
                        + " · 105 entries read, 105 parsed, 0 malformed")
                .containsPattern("sha256 `[0-9a-f]{64}`")
                .contains("0 values redacted");
    }

    static final String HOSTILE = Cli.HOME.resolve("src/test/resources/samples-hostile/hostile-log-lines.json").toString();

    /**
     * A log line with a backtick fence, a heading, table pipes, HTML and secrets: outside the code
     * blocks (read the way CommonMark closes a fence) none of it appears, inside it all does, redacted.
     */
    @Test
    void fenceBreakAttemptStaysInsideItsBlock() {
        String md = run("triage", HOSTILE, "--format", "markdown").out();
        StringBuilder outside = new StringBuilder();
        StringBuilder inside = new StringBuilder();
        String open = null;
        for (String line : md.split("\n", -1)) {
            if (open == null && line.startsWith("```")) {
                open = line.replaceAll("[^`].*$", "");
            } else if (open != null && line.strip().matches("`{" + open.length() + ",}")) {
                open = null;
            } else {
                (open == null ? outside : inside).append(line).append('\n');
            }
        }
        assertThat(open).as("every fence is closed").isNull();
        assertThat(inside).contains("# injected heading").contains("<script>").contains("</pre></details><h1>escaped the block</h1>")
                .contains("| not | a | table |").contains("postgresql+asyncpg://app:***@/appdb").contains("Bearer ***");
        assertThat(outside.toString()).doesNotContain("injected heading").doesNotContain("<script>")
                .doesNotContain("escaped the block").doesNotContain("hunter2secret");
        assertThat(md).doesNotContain("hunter2secret").doesNotContain("abcdef1234567890ghij").contains("2 values redacted");
    }

    /** The HTML names no resource to load: no src, link, import or url(); URLs occur only as log text and the console link. */
    @Test
    void htmlReferencesNoExternalResource() {
        String html = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "html").out();
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        assertThat(html).doesNotContainPattern("(?i)\\ssrc\\s*=").doesNotContain("<link").doesNotContain("@import")
                .doesNotContain("url(").doesNotContain("<script");
        String withoutTextAndLinks = html.replaceAll("(?s)<pre[^>]*>.*?</pre>", "")
                .replaceAll("<a href=\"https://console\\.cloud\\.google\\.com/logs/query;[^\"]*\" rel=\"noopener noreferrer\">", "");
        assertThat(withoutTextAndLinks).doesNotContain("http:").doesNotContain("https:");
        assertThat(html).contains("https://sqlalche.me/e/20/e3q8"); // a URL in a log line is still shown, as text
    }

    @Test
    void noRedactShowsTheSecretsAndSaysSo() {
        String md = run("triage", HOSTILE, "--format", "markdown", "--no-redact").out();
        assertThat(md).contains("hunter2secret").contains("redaction OFF (--no-redact)");
    }

    /** --since-first-failure drops what ended before the first failure, keeps every failing revision and says so. */
    @Test
    void sinceFirstFailureLeavesOutEarlierRevisionsOnly() {
        String all = run("triage", sample(PORT_SAMPLE), "--format", "markdown").out();
        Cli.Run shortRun = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "json", "--since-first-failure");
        Cli.Run fullRun = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", "json");
        assertThat(shortRun.exitCode()).isEqualTo(fullRun.exitCode());
        // the first failure of the db sample is 00690-k2m, the first revision: nothing ends before it
        assertThat(shortRun.json().get("revisions").size()).isEqualTo(fullRun.json().get("revisions").size());

        // the port sample: 00035-fnj served all night, through the failure; it stays
        String trimmed = run("triage", sample(PORT_SAMPLE), "--format", "markdown", "--since-first-failure").out();
        assertThat(trimmed).contains("netra-backend-staging-00035-fnj")
                .contains("Only revisions active since the first failure at 2025-09-08 02:53:07Z")
                .contains("0 earlier revisions left out");
        assertThat(all).doesNotContain("--since-first-failure");

        // the healthy rollout of 2025-09-10 ended before the db sample's first failure on 2025-09-12: both its revisions go
        Cli.Run both = run("triage", "--catalog", Cli.SEED_CATALOG, sample("healthy-rollout.json"), sample(DB_SAMPLE), "--format", "markdown", "--since-first-failure");
        assertThat(both.out()).contains("2 earlier revisions left out").doesNotContain("orders-api-0004")
                .contains("netra-backend-staging-00691-vbn");
        assertThat(both.exitCode()).isEqualTo(4);
        // two projects in the input: one reproduce command each
        assertThat(both.out()).contains("--project='acme-shop-prod'").contains("--project='netra-staging'");

        // the healthy rollout alone has no failure: nothing is left out
        Cli.Run healthy = run("triage", sample("healthy-rollout.json"), "--format", "markdown", "--since-first-failure");
        assertThat(healthy.out()).doesNotContain("Only revisions active since");
    }
}
