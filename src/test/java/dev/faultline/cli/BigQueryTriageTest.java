package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.source.CatalogSql;
import dev.faultline.source.DuckDb;
import dev.faultline.source.FakeBigQuery;
import dev.faultline.source.LogTable;
import dev.faultline.source.SqlDialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code faultline triage --bigquery} end to end: the real BigQuery client talks to a local BigQuery
 * REST API that answers with what DuckDB computes from the DuckDB twin of the query it receives,
 * over a seed sample loaded as a Log Analytics {@code _AllLogs} view.
 */
class BigQueryTriageTest {

    static final Instant FROM = Instant.parse("2025-09-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2025-10-01T00:00:00Z");
    static final long SCANNED = 734_003_200L;
    static Catalog catalog;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    /** A fake BigQuery holding {@code sample} as the view logs-proj.app_logs._AllLogs. */
    static FakeBigQuery bigQuery(DuckDb db, String sample) throws Exception {
        db.loadAnalytics(Path.of(Cli.sample(sample)), "_AllLogs");
        CatalogSql.Options options = new CatalogSql.Options(new LogTable.Scope(FROM, UNTIL, null, null), 3, Stitcher.GAP,
                Stitcher.MAY_JOIN_RE2, Stitcher.ANSI_RE2);
        String expected = CatalogSql.of(catalog, SqlDialect.BIGQUERY, new LogTable.AnalyticsView("logs-proj.app_logs._AllLogs"), options);
        String twin = CatalogSql.of(catalog, SqlDialect.DUCKDB, new LogTable.AnalyticsView("_AllLogs"), options);
        return new FakeBigQuery(sql -> {
            assertThat(sql).isEqualTo(expected);
            try {
                return db.rows(twin);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, SCANNED, 25);
    }

    static Cli.Run triage(FakeBigQuery fake, String... more) {
        List<String> args = new ArrayList<>(List.of("triage", "--bigquery", "logs-proj.app_logs", "--endpoint", fake.endpoint(),
                "--from", FROM.toString(), "--until", UNTIL.toString(), "--format", "json"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** Each revision's verdict, known issue and signature counts, as the JSON report says them. */
    static Map<String, String> verdicts(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode r : report.path("revisions")) {
            List<String> hits = new ArrayList<>();
            r.path("hits").forEach(h -> hits.add(h.path("signature").asText() + "x" + h.path("count").asText()));
            out.put(r.path("revision").asText(), r.path("incident").path("verdict").asText() + " "
                    + r.path("incident").path("knownIssue").asText("-") + " " + hits);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"netra-staging-2025-09-08-port-timeout.json", "netra-staging-2025-09-15-db-timeout.json"})
    void givesTheVerdictsOfFileTriageAndSaysWhatTheQueryScans(String sample) throws Exception {
        try (DuckDb db = new DuckDb(); FakeBigQuery fake = bigQuery(db, sample)) {
            Cli.Run run = triage(fake, "--max-bytes-billed", "1GB");
            Cli.Run file = Cli.run("triage", Cli.sample(sample), "--format", "json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(file.exitCode()).isEqualTo(4);
            assertThat(verdicts(run.json())).isEqualTo(verdicts(file.json())).isNotEmpty();
            assertThat(run.err()).contains("faultline: BigQuery will scan 734.0 MB (734003200 bytes) for this query (project logs-proj)");
            assertThat(fake.maximumBytesBilled).containsExactly(1_000_000_000L);
        }
    }

    @Test
    void refusesAQueryThatWouldScanMoreThanTheLimit() throws Exception {
        try (DuckDb db = new DuckDb(); FakeBigQuery fake = bigQuery(db, "netra-staging-2025-09-08-port-timeout.json")) {
            Cli.Run run = triage(fake, "--max-bytes-billed", "500MB");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().toList()).containsExactly(
                    "faultline: BigQuery will scan 734.0 MB (734003200 bytes) for this query (project logs-proj)",
                    "faultline: the query would scan 734.0 MB (734003200 bytes), more than --max-bytes-billed 500.0 MB (500000000 bytes):"
                            + " narrow it with --since/--from/--until, --service or --revision, or raise the limit; nothing was run");
            assertThat(fake.sql).hasSize(1); // the dry run, nothing else
        }
    }

    @ParameterizedTest
    @EnumSource(value = FakeBigQuery.Fault.class, names = {"QUOTA", "FAILED_JOB", "PERMISSION"})
    void aFaultIsOneClearLine(FakeBigQuery.Fault fault) throws Exception {
        try (DuckDb db = new DuckDb(); FakeBigQuery fake = bigQuery(db, "netra-staging-2025-09-08-port-timeout.json")) {
            fake.fault = fault;
            Cli.Run run = triage(fake);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            List<String> lines = run.err().lines().filter(l -> !l.startsWith("faultline: BigQuery will scan")).toList();
            assertThat(lines).hasSize(1);
            String expected = switch (fault) {
                case QUOTA -> "faultline: BigQuery quota exceeded in project logs-proj (quotaExceeded): Quota exceeded:";
                case FAILED_JOB -> "faultline: BigQuery job failed (resourcesExceeded): Resources exceeded during query execution";
                case PERMISSION -> "faultline: permission denied querying logs-proj.app_logs from project logs-proj: the account needs"
                        + " roles/bigquery.jobUser on logs-proj and roles/bigquery.dataViewer on the dataset";
                default -> throw new IllegalStateException();
            };
            assertThat(lines.get(0)).startsWith(expected);
        }
    }

    @Test
    void theScheduledReportReadsBigQueryToo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (DuckDb db = new DuckDb(); FakeBigQuery fake = bigQuery(db, "netra-staging-2025-09-15-db-timeout.json")) {
            // the report's window is the query's time range: the twin above was built for [FROM, UNTIL)
            Cli.Run run = Cli.run("report", "--bigquery", "logs-proj.app_logs", "--endpoint", fake.endpoint(),
                    "--state", dir.resolve("bigquery.db").toString(), "--since", "30d", "--until", UNTIL.toString(), "--format", "json");
            Cli.Run file = Cli.run("report", Cli.sample("netra-staging-2025-09-15-db-timeout.json"),
                    "--state", dir.resolve("file.db").toString(), "--since", "30d", "--until", UNTIL.toString(), "--format", "json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(file.exitCode()).isEqualTo(4);
            assertThat(run.json().path("summary")).isEqualTo(file.json().path("summary"));
            // the same items, but for how to see the evidence again (a file names the file, a query names no input)
            // (no team catalog here, so the seed's failure is new rather than a recurrence of #1263)
            for (String section : List.of("new", "recurrences", "ongoing")) {
                JsonNode items = run.json().path(section);
                JsonNode fileItems = file.json().path(section);
                items.forEach(i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i).remove("evidence"));
                fileItems.forEach(i -> ((com.fasterxml.jackson.databind.node.ObjectNode) i).remove("evidence"));
                assertThat(items).as(section).isEqualTo(fileItems);
            }
            assertThat(run.json().path("new")).isNotEmpty();
            assertThat(run.json().path("run").path("inWindow")).isEqualTo(file.json().path("run").path("inWindow"));
        }
    }

    @Test
    void optionsOfTheOtherSourceAreRefused() {
        Cli.Run run = Cli.run("triage", "--bigquery", "logs-proj.app_logs", "--filter", "severity>=ERROR");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--filter and --all-entries are Cloud Logging's");
        Cli.Run sinkAlone = Cli.run("triage", "--project", "p", "--sink");
        assertThat(sinkAlone.exitCode()).isEqualTo(2);
        assertThat(sinkAlone.err()).contains("--sink, --billing-project and --max-bytes-billed go with --bigquery");
        Cli.Run badName = Cli.run("triage", "--bigquery", "just-a-dataset");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("is not PROJECT.DATASET or PROJECT.DATASET.TABLE");
    }
}
