package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogCommandTest {

    @TempDir
    Path dir;

    /** A user catalog with one signature; {@code match} and {@code noMatch} are its examples. */
    private Path userCatalog(String match, String noMatch) throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), "version: '3'\nname: acme\nfiles: [acme.yaml]\n");
        Files.writeString(dir.resolve("acme.yaml"), """
                family: acme
                signatures:
                  - id: acme.queue-stuck
                    version: 1
                    status: stable
                    title: Queue consumer stuck
                    layer: app
                    severity: error
                    role: cause
                    match:
                      any:
                        - regex: 'consumer (?P<queue>[a-z-]+) stuck for \\d+s'
                    extract: [queue]
                    examples:
                      match: ['%s', 'consumer billing stuck for 30s']
                      no_match: ['%s', 'consumer orders resumed']
                    references: ['ACME-42', 'https://wiki.acme.example/runbooks/queues#stuck']
                    remediation: 'Restart the ${queue} consumer.'
                """.formatted(match, noMatch));
        return dir;
    }

    @Test
    void listAsJsonHasEverySignatureWithItsRef() {
        Cli.Run run = Cli.run("catalog", "list", "--format", "json");
        assertThat(run.exitCode()).isZero();
        JsonNode json = run.json();
        assertThat(json.at("/catalog/version").asText()).isEqualTo("2026.12.1");
        List<String> refs = new ArrayList<>();
        json.get("signatures").forEach(s -> refs.add(s.get("ref").asText()));
        assertThat(refs).hasSizeGreaterThanOrEqualTo(40).contains("cloudrun.port-listen-timeout@1", "app.startup-phase-timeout@1");
        json.get("signatures").forEach(s -> assertThat(s.at("/examples/match").asInt()).as(s.get("id").asText()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void listAsTextIsATableWithAHeader() {
        Cli.Run run = Cli.run("catalog", "list");
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("catalog 2026.12.1: ");
        assertThat(lines.get(1)).matches("catalog \\d{4}\\.\\d+\\.\\d+ \\(bundled\\); no known-issue registry loaded");
        assertThat(lines.get(3)).startsWith("ID").contains("SEVERITY", "TITLE");
        assertThat(lines).anyMatch(l -> l.startsWith("cloudrun-runtime.instance-shutdown-sigterm") && l.contains("deprecated"));
    }

    @Test
    void showPrintsMatchAndExamplesAndUnknownIdsFailInOneLine() {
        Cli.Run run = Cli.run("catalog", "show", "postgres.cloudsql-socket-error", "--catalog", Cli.SEED_CATALOG);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("postgres.cloudsql-socket-error@1 ").contains("regex:", "match:", "no match:",
                "known issues: #1263 (project netra-staging, service netra-backend-staging), #1278 (project netra-staging,"
                        + " service netra-backend-staging)");
        assertThat(Cli.run("catalog", "show", "postgres.cloudsql-socket-error").out())
                .as("the bundled catalog carries no team's tickets").doesNotContain("known issues");

        Cli.Run missing = Cli.run("catalog", "show", "postgres.nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines()).singleElement().asString().startsWith("faultline: no signature 'postgres.nope' in catalog ");
    }

    @Test
    void testPassesOnTheBundledCatalog() {
        Cli.Run run = Cli.run("catalog", "test");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("catalog 2026\\.12\\.1: \\d+ signatures, \\d+ examples, \\d+ benign lines, all pass\\R");
        // the issue's bar: at least 150 active signatures once the database families are in; this branch's share
        int active = Integer.parseInt(run.out().replaceAll("^catalog \\S+: (\\d+) signatures.*\\R", "$1"));
        assertThat(active).isGreaterThanOrEqualTo(130);
    }

    @Test
    void testFailsWhenASignatureFiresOnABenignLine() throws IOException {
        // the user's own healthy line says exactly what its queue-stuck signature looks for
        Path user = userCatalog("consumer billing stuck for 9s", "consumer orders resumed");
        Files.writeString(user.resolve("catalog.yaml"), "version: '3'\nname: acme\nfiles: [acme.yaml]\nbenign: benign.yaml\n");
        Files.writeString(user.resolve("benign.yaml"), """
                benign:
                  - source: acme healthy export 2026-11-30
                    log_name: run.googleapis.com/stdout
                    lines:
                      - 'consumer payments stuck for 0s (idle, nothing to do)'
                      - 'consumer payments resumed'
                """);
        Cli.Run run = Cli.run("catalog", "test", "--catalog", user.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).containsExactly(
                "faultline: matcher: acme.queue-stuck: benign line matched: \"consumer payments stuck for 0s (idle, nothing to do)\" (fired: acme.queue-stuck)",
                "faultline: triage: acme.queue-stuck: benign line matched: \"consumer payments stuck for 0s (idle, nothing to do)\" (fired: acme.queue-stuck)");
        assertThat(run.out()).contains("benign lines, 2 failures");
    }

    @Test
    void coverageCountsFamiliesByRuntimeInTextJsonAndMarkdown() {
        Cli.Run text = Cli.run("catalog", "list", "--coverage");
        assertThat(text.exitCode()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(1)).matches("FAMILY +any +python +node +java +go +ruby +php +dotnet +TOTAL");
        assertThat(lines).anyMatch(l -> l.matches("cloudrun-jobs +3( +\\.){7} +3"));
        assertThat(lines.get(lines.size() - 1)).startsWith("all ");

        JsonNode json = Cli.run("catalog", "list", "--coverage", "--format", "json").json();
        int total = 0;
        for (JsonNode family : json.get("families")) {
            total += family.get("total").asInt();
            int cells = 0;
            for (JsonNode count : family.get("counts")) {
                cells += count.asInt();
            }
            // a signature counts once per runtime it names, so a row's cells add up to at least its total
            assertThat(cells).as(family.get("family").asText()).isGreaterThanOrEqualTo(family.get("total").asInt());
        }
        assertThat(total).isEqualTo(json.get("active").asInt());
        for (String runtime : List.of("python", "node", "java", "go", "ruby", "php", "dotnet")) {
            assertThat(json.at("/totals/" + runtime).asInt()).as(runtime).isGreaterThanOrEqualTo(5);
        }

        Cli.Run markdown = Cli.run("catalog", "list", "--coverage", "--format", "markdown");
        assertThat(markdown.out()).startsWith("# Catalog coverage").contains("| cloudrun-jobs | 3 |");

        Cli.Run plain = Cli.run("catalog", "list", "--format", "markdown");
        assertThat(plain.exitCode()).isEqualTo(2);
    }

    @Test
    void lintWantsAReferenceThatCanBeFollowed() throws IOException {
        Path user = userCatalog("consumer billing stuck for 9s", "consumer orders resumed after 5s");
        assertThat(Cli.run("catalog", "lint", "--catalog", user.toString()).exitCode()).isZero();

        Files.writeString(user.resolve("acme.yaml"), Files.readString(user.resolve("acme.yaml"))
                .replace(", 'https://wiki.acme.example/runbooks/queues#stuck'", ""));
        Cli.Run run = Cli.run("catalog", "lint", "--catalog", user.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).containsExactly("faultline: " + user.resolve("acme.yaml") + ": acme.queue-stuck: "
                + "references cite no documentation page, library source or public issue (an http(s) URL), nor a seed or realworld case");
    }

    @Test
    void lintPassesOnTheBundledCatalogAndFlagsUnlistedFiles() throws IOException {
        Cli.Run clean = Cli.run("catalog", "lint");
        assertThat(clean.err()).isEmpty();
        assertThat(clean.exitCode()).isZero();

        Path user = userCatalog("consumer billing stuck for 9s", "consumer orders resumed after 5s");
        Files.writeString(user.resolve("draft.yaml"), "family: draft\nsignatures: []\n");
        Cli.Run run = Cli.run("catalog", "lint", "--catalog", user.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .containsExactly("faultline: " + user.resolve("draft.yaml") + ": not listed in catalog.yaml, so never loaded");
    }

    @Test
    void lintReportsLoaderProblemsOneLineEach() throws IOException {
        Path user = userCatalog("consumer billing stuck for 9s", "consumer orders resumed");
        Files.writeString(user.resolve("acme.yaml"), Files.readString(user.resolve("acme.yaml"))
                .replace("    extract: [queue]", "    extract: [queue]\n    overlaps: [acme.nope]"));
        Cli.Run run = Cli.run("catalog", "lint", "--catalog", user.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList()).containsExactly(
                "faultline: " + user.resolve("acme.yaml") + ":3: acme.queue-stuck: overlaps names 'acme.nope', which is not in the catalog");
    }

    @Test
    void filterForChosenIdsAndUnknownIds() {
        Cli.Run run = Cli.run("catalog", "filter", "cloudrun.container-exit");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("resource.type=\"cloud_run_revision\" AND (textPayload:(\"Container called exit(\")"
                + " OR jsonPayload.message:(\"Container called exit(\")"
                + " OR log_id(\"cloudaudit.googleapis.com/system_event\") OR log_id(\"cloudaudit.googleapis.com/activity\"))");

        Cli.Run all = Cli.run("catalog", "filter");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("\"Container called exit(\"", "\"Memory limit of \"");

        Cli.Run retired = Cli.run("catalog", "filter", "cloudrun-runtime.instance-shutdown-sigterm");
        assertThat(retired.exitCode()).isEqualTo(1);
        assertThat(retired.err().strip())
                .isEqualTo("faultline: no active signature 'cloudrun-runtime.instance-shutdown-sigterm' in catalog 2026.12.1");
    }

    @Test
    void sqlPrintsTheBigQueryQueryOfTheCatalogWithItsScope() {
        Cli.Run run = Cli.run("catalog", "sql", "--table", "logs-proj.app_logs._AllLogs", "--service", "checkout",
                "--from", "2025-09-15T00:00:00Z", "--until", "2025-09-16T00:00:00Z");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("-- faultline catalog ")
                .contains("-- reads: Log Analytics linked dataset view logs-proj.app_logs._AllLogs")
                .contains("FROM `logs-proj.app_logs._AllLogs` AS l")
                .contains("l.timestamp >= TIMESTAMP '2025-09-15 00:00:00.000000+00'")
                .contains("JSON_VALUE(l.resource.labels, '$.service_name') = 'checkout'")
                .contains("REGEXP_CONTAINS(p.body, r'failed to load (?:\\S+): exec format error')")
                .doesNotContain("(?P<")
                .endsWith(";\n");
        // signatures whose matches span lines are named as stitched by faultline
        assertThat(run.out().lines().filter(l -> l.startsWith("-- matches span lines")).findFirst().orElseThrow())
                .contains(dev.faultline.source.CatalogSql.stitched(loadBundled()).get(0).id());
    }

    @Test
    void theDuckDbQueryItPrintsRunsOverAnExport() throws Exception {
        Cli.Run run = Cli.run("catalog", "sql", "--dialect", "duckdb", "--table", Cli.sample("netra-staging-2025-09-08-port-timeout.json"));
        assertThat(run.exitCode()).isZero();
        try (dev.faultline.source.DuckDb db = new dev.faultline.source.DuckDb()) {
            String sql = run.out().strip();
            var hits = db.rows(sql.substring(0, sql.length() - 1)).stream().filter(r -> r.kind().equals("hit")).toList();
            assertThat(hits).anyMatch(r -> r.revision().equals("netra-backend-staging-00161-67z")
                    && r.signature().equals("cloudrun.port-listen-timeout") && r.detail().contains("\"value\":\"8000\""));
        }
    }

    @Test
    void sqlRefusesJsonFilesForBigQuery() {
        Cli.Run run = Cli.run("catalog", "sql", "--layout", "json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--layout json is read by DuckDB only");
    }

    private static dev.faultline.catalog.Catalog loadBundled() {
        try {
            return dev.faultline.catalog.CatalogLoader.loadBundled();
        } catch (dev.faultline.catalog.CatalogException e) {
            throw new IllegalStateException(e);
        }
    }
}
