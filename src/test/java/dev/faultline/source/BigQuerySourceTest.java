package dev.faultline.source;

import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real BigQuery client against a local BigQuery REST API ({@link FakeBigQuery}) that answers
 * with what DuckDB computes from the DuckDB twin of the query it was sent.
 */
class BigQuerySourceTest {

    static final Path SAMPLE = CatalogSqlDuckDbTest.SAMPLES.resolve("netra-staging-2025-09-15-db-timeout.json");
    static final LogTable.Scope SCOPE = new LogTable.Scope(null, null, null, null);
    static Catalog catalog;
    static DuckDb db;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
        db = new DuckDb();
        db.loadAnalytics(SAMPLE, "_AllLogs");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    /** The DuckDB twin: the same catalog and scope over the DuckDB copy of the view. */
    static List<TallyRows.Row> twin(String bigQuerySql) {
        assertThat(bigQuerySql).isEqualTo(CatalogSql.of(catalog, SqlDialect.BIGQUERY,
                new LogTable.AnalyticsView("logs-proj.app_logs._AllLogs"), CatalogSqlDuckDbTest.options(SCOPE)));
        try {
            return db.rows(CatalogSql.of(catalog, SqlDialect.DUCKDB, new LogTable.AnalyticsView("_AllLogs"),
                    CatalogSqlDuckDbTest.options(SCOPE)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static BigQuerySource source(FakeBigQuery fake, Long maxBytes, List<String> notes) {
        BigQuerySource.Target target = BigQuerySource.Target.parse("logs-proj.app_logs", false, null, maxBytes, fake.endpoint(), null);
        return new BigQuerySource(target, t -> CatalogSql.of(catalog, SqlDialect.BIGQUERY, t, CatalogSqlDuckDbTest.options(SCOPE)),
                notes::add);
    }

    @Test
    void theClientRunsTheQueryAndItsRowsGiveWhatFileTriageGives() throws Exception {
        try (FakeBigQuery fake = new FakeBigQuery(BigQuerySourceTest::twin, 123_456_789L, 17)) {
            List<String> notes = new ArrayList<>();
            TriageResult result = new Triage(catalog, 3).run(source(fake, 200_000_000L, notes), p -> { });
            // the client's calls: the dry run (jobs.insert), jobs.query, the job, then the rest of the rows page by page
            assertThat(fake.requests).startsWith("POST /bigquery/v2/projects/logs-proj/jobs", "POST /bigquery/v2/projects/logs-proj/queries");
            assertThat(fake.requests.stream().filter(r -> r.endsWith("/data"))).hasSizeGreaterThan(3);
            CatalogSqlDuckDbTest.assertSame(new Triage(catalog, 3).run(new ExportSource(List.of(SAMPLE.toString())), p -> { }), result);
            assertThat(notes).anyMatch(n -> n.equals("BigQuery will scan 123.5 MB (123456789 bytes) for this query (project logs-proj)"));
            assertThat(fake.maximumBytesBilled).containsOnly(200_000_000L);
        }
    }

    @Test
    void aQueryScanningMoreThanTheLimitIsNotRun() throws Exception {
        try (FakeBigQuery fake = new FakeBigQuery(BigQuerySourceTest::twin, 123_456_789L, 17)) {
            assertThatThrownBy(() -> new Triage(catalog, 3).run(source(fake, 100_000_000L, new ArrayList<>()), p -> { }))
                    .isInstanceOf(LiveReadException.class)
                    .hasMessage("the query would scan 123.5 MB (123456789 bytes), more than --max-bytes-billed 100.0 MB (100000000 bytes):"
                            + " narrow it with --since/--from/--until, --service or --revision, or raise the limit; nothing was run");
            assertThat(fake.sql).hasSize(1); // the dry run only
        }
    }
}
