package dev.faultline.source;

import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DuckDB twin of the catalog query, run over each sample in each layout, gives what file
 * triage gives on the same file: per revision the same signatures with the same counts, first
 * and last seen (to the microsecond both engines keep), field values, entries, request health,
 * configuration, and the same verdicts.
 */
class CatalogSqlDuckDbTest {

    static final Path SAMPLES = Path.of(System.getProperty("faultline.home", "."), "samples");
    static Catalog catalog;

    @BeforeAll
    static void load() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    static CatalogSql.Options options(LogTable.Scope scope) {
        return new CatalogSql.Options(scope, 3, Stitcher.GAP, Stitcher.MAY_JOIN_RE2, Stitcher.ANSI_RE2);
    }

    enum Layout { JSON_FILES, ANALYTICS_VIEW, SINK_TABLES }

    static Stream<Arguments> samplesInEveryLayout() {
        List<Arguments> cases = new ArrayList<>();
        for (String sample : List.of("netra-staging-2025-09-08-port-timeout.json", "netra-staging-2025-09-15-db-timeout.json",
                "healthy-rollout.json", "noisy-but-healthy.json")) {
            for (Layout layout : Layout.values()) {
                cases.add(Arguments.of(sample, layout));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("samplesInEveryLayout")
    void theQueryGivesWhatFileTriageGives(String sample, Layout layout) throws Exception {
        Path file = SAMPLES.resolve(sample);
        try (DuckDb db = new DuckDb()) {
            LogTable table = switch (layout) {
                case JSON_FILES -> new LogTable.JsonFiles(file.toString());
                case ANALYTICS_VIEW -> {
                    db.loadAnalytics(file, "_AllLogs");
                    yield new LogTable.AnalyticsView("_AllLogs");
                }
                case SINK_TABLES -> db.loadSink(file, "logs");
            };
            String sql = CatalogSql.of(catalog, SqlDialect.DUCKDB, table, options(new LogTable.Scope(null, null, null, null)));
            TriageResult expected = triage(new ExportSource(List.of(file.toString())));
            assertThat(expected.revisions()).isNotEmpty();
            assertSame(expected, triage(db.source(sql, sample)));
        }
    }

    /**
     * The benchmark generator's export (every signature's examples as failure lines, split
     * tracebacks, structured logs, requests), with the bundled catalog and with it grown tenfold
     * by synthetic signatures: the query finds what file triage finds.
     */
    @ParameterizedTest(name = "catalog x{0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 10})
    void theBenchmarkExportGivesWhatFileTriageGives(int times, @TempDir Path dir) throws Exception {
        List<String> catalogArgs = new ArrayList<>();
        Catalog used = catalog;
        if (times > 1) {
            Path synthetic = dir.resolve("catalog-x" + times);
            dev.faultline.bench.SyntheticCatalog.main(new String[] {synthetic.toString(), String.valueOf(times)});
            catalogArgs = List.of("--catalog", synthetic.toString());
            used = CatalogLoader.loadBundledWith(List.of(synthetic));
        }
        Path export = dir.resolve("export.json");
        List<String> args = new ArrayList<>(List.of(export.toString(), "3"));
        args.addAll(catalogArgs);
        dev.faultline.bench.ExportGenerator.main(args.toArray(String[]::new));
        String sql = CatalogSql.of(used, SqlDialect.DUCKDB, new LogTable.JsonFiles(export.toString()),
                options(new LogTable.Scope(null, null, null, null)));
        try (DuckDb db = new DuckDb()) {
            TriageResult expected = new Triage(used, 3).run(new ExportSource(List.of(export.toString())), p -> { });
            assertThat(expected.revisions().stream().mapToLong(r -> r.revision().hits().size()).sum()).isGreaterThan(40);
            assertSame(expected, new Triage(used, 3).run(db.source(sql, "export"), p -> { }));
        }
    }

    static TriageResult triage(EntrySource source) throws Exception {
        return new Triage(catalog, 3).run(source, p -> { });
    }

    /** What must agree, revision by revision, as text: a failing comparison shows every difference at once. */
    static void assertSame(TriageResult expected, TriageResult actual) {
        assertThat(describe(actual)).isEqualTo(describe(expected));
        assertThat(actual.input().balanced()).isTrue();
    }

    static List<String> describe(TriageResult result) {
        List<String> out = new ArrayList<>();
        for (RevisionReport r : result.revisions()) {
            var rev = r.revision();
            out.add(r.key() + " entries=" + rev.entries() + " own=" + rev.ownEntries() + " first=" + us(rev.firstSeen())
                    + " last=" + us(rev.lastSeen()) + " instances=" + new java.util.TreeSet<>(rev.instances())
                    + " requests=" + rev.requests() + " lastOk=" + us(rev.lastServedOk()) + " created=" + us(rev.created())
                    + " config=" + rev.config() + " verdict=" + r.incident().verdict() + " known=" + r.incident().knownIssue());
            for (SignatureHits h : rev.hits()) {
                out.add("  " + h.signature().id() + " count=" + h.count() + " entries=" + h.entries() + " first=" + us(h.firstSeen())
                        + " last=" + us(h.lastSeen()) + " instances=" + new java.util.TreeSet<>(h.instances())
                        + " fields=" + new TreeMap<>(h.fieldValues()) + " evidence=" + h.evidence().stream()
                        .map(e -> us(e.timestamp()) + " " + e.text()).toList());
            }
        }
        return out;
    }

    static Instant us(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
