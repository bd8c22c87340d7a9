package dev.faultline.cli;

import dev.faultline.report.MarkdownReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.faultline.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 items 5 and 7: a report fits a ticket and says first what it is about. GitHub refuses
 * issue bodies and comments over 65,536 characters; faultline keeps the Markdown of every sample
 * under 20,000 by default (each incident's newest revision in detail, the others one line each,
 * short instance ids), with every revision one flag away ({@code --full}).
 */
class TicketSizeTest {

    static final int LIMIT = 20_000;

    static Stream<String> samples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") || n.endsWith(".jsonl.gz")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleFitsATicketByDefault(String sample) {
        Cli.Run r = run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample(sample), "--format", "markdown");
        assertThat(r.exitCode()).as(r.err()).isIn(0, 3, 4);
        assertThat(r.out().length()).as(sample).isLessThan(LIMIT).isLessThan(MarkdownReport.GITHUB_LIMIT);
        // instance ids are 160 characters on Cloud Run: the Markdown shows a prefix (the JSON keeps the whole id)
        assertThat(r.out()).doesNotContainPattern("instance `[0-9a-f]{20,}`");
    }

    /** The detail is one flag away: every failing revision in its own section, with every evidence event kept. */
    @Test
    void fullGivesEveryRevisionInDetail() {
        String db = Cli.sample("netra-staging-2025-09-15-db-timeout.json");
        String compact = run("triage", "--catalog", Cli.SEED_CATALOG, db, "--format", "markdown").out();
        String full = run("triage", "--catalog", Cli.SEED_CATALOG, db, "--format", "markdown", "--full").out();
        List<String> failing = List.of("00690-k2m", "00697-gp6", "00704-ds8", "00709-bg5", "00711-d6z");
        for (String revision : failing) {
            assertThat(full).contains("### netra-backend-staging-" + revision + ": RECURRENCE of #1263");
        }
        // compact: the newest in detail, the four others folded into one table that keeps what differs
        assertThat(compact).contains("### netra-backend-staging-00711-d6z: RECURRENCE of #1263")
                .doesNotContain("### netra-backend-staging-00690-k2m")
                .contains("**Also failing the same way** (4 earlier revisions; each in detail with `--full`)")
                .contains("| netra-backend-staging-00690-k2m | RECURRENCE of #1263 |")
                .contains("app.startup-phase-timeout.timeoutSeconds=8.0")
                .contains("app.startup-phase-timeout.timeoutSeconds=20.0");
        assertThat(full.length()).isGreaterThan(3 * compact.length()).isGreaterThan(LIMIT);
        assertThat(full).contains("(3 of 12 events)");
        assertThat(compact).contains("(1 of ").doesNotContain("(3 of 12 events)");
    }

    /** Item 7: the heading names the service and project and the verdict; a healthy input says so plainly. */
    @Test
    void theHeadingSaysWhatAndTheVerdict() {
        String db = run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample("netra-staging-2025-09-15-db-timeout.json"),
                "--format", "markdown").out();
        assertThat(db.lines().findFirst().orElseThrow()).isEqualTo("# netra-backend-staging in netra-staging: RECURRENCE of #1263");
        String payments = run("triage", Cli.sample("payments-api-2025-10-06-redis-three-revisions.json"), "--format", "markdown").out();
        assertThat(payments.lines().findFirst().orElseThrow()).isEqualTo("# payments-api in acme-shop-prod: 2 incidents (2 new)");
        // one line per incident, newest first, before any detail
        List<String> bullets = payments.lines().takeWhile(l -> !l.startsWith("**Timeline")).filter(l -> l.startsWith("- **")).toList();
        assertThat(bullets).hasSize(2);
        assertThat(bullets.get(0)).contains("(no revision)");
        assertThat(bullets.get(1)).contains("3 revisions 00012-pax .. 00014-rov");

        String healthy = run("triage", Cli.sample("healthy-rollout.json"), "--format", "markdown").out();
        assertThat(healthy).startsWith("# orders-api in acme-shop-prod: all healthy\n")
                .contains("All healthy: no failing revision among 2 revisions.");
        String html = run("triage", Cli.sample("healthy-rollout.json"), "--format", "html").out();
        assertThat(html).contains("<title>orders-api in acme-shop-prod: all healthy</title>")
                .contains("<h1>orders-api in acme-shop-prod: all healthy</h1>");
        String degraded = run("triage", Cli.sample("storefront-api-2025-10-06-db-error-every-request.json"), "--format", "markdown").out();
        assertThat(degraded).startsWith("# storefront-api in acme-shop-prod: nothing failing, 1 degraded\n")
                .contains("No failing revision among 2 revisions; 1 degraded");
    }

    /** Item 8: the terminal shows one timestamp style, and plain words for entries without a revision. */
    @Test
    void theTerminalShowsOneTimestampStyle() {
        String text = run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample("netra-staging-2025-09-15-db-timeout.json")).out();
        assertThat(text).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")
                .contains("#1263 was marked resolved on 2025-09-10 00:00:00Z")
                .contains("9 not tied to a revision")
                .doesNotContain("name no revision");
        // the JSON keeps RFC 3339 with microseconds for machines
        String json = run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample("netra-staging-2025-09-15-db-timeout.json"),
                "--format", "json").out();
        assertThat(json).contains("2025-09-15T21:34:52");
    }
}
