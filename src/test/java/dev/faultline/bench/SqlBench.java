package dev.faultline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Tallies;
import dev.faultline.source.CatalogSql;
import dev.faultline.source.EntrySource;
import dev.faultline.source.InputProblem;
import dev.faultline.source.LogTable;
import dev.faultline.source.SourceStats;
import dev.faultline.source.SqlDialect;
import dev.faultline.source.TallyRows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For bench/sql: the catalog query in DuckDB over a LogEntry JSON export, as a user would run it.
 * <pre>
 * java -cp ... dev.faultline.bench.SqlBench shape [--catalog DIR]...
 *     the query's length and shape, BigQuery dialect, Log Analytics view
 * java -cp ... dev.faultline.bench.SqlBench run EXPORT [--check REPORT.json] [--catalog DIR]...
 *     runs the DuckDB query over EXPORT; prints "query_s rows", then "rest_s" (faultline stitching the
 *     returned entries, grouping and judging); with --check, compares every revision's signature
 *     counts with a faultline triage JSON report of the same file
 * </pre>
 */
public final class SqlBench {

    private SqlBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> dirs = new ArrayList<>();
        Path check = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--catalog" -> dirs.add(Path.of(args[++i]));
                case "--check" -> check = Path.of(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        Catalog catalog = CatalogLoader.loadBundledWith(dirs);
        if (rest.get(0).equals("shape")) {
            shape(catalog);
        } else {
            run(catalog, Path.of(rest.get(1)), check);
        }
    }

    static CatalogSql.Options options() {
        return new CatalogSql.Options(new LogTable.Scope(null, null, null, null), 3, Stitcher.GAP, Stitcher.MAY_JOIN_RE2, Stitcher.ANSI_RE2);
    }

    private static void shape(Catalog catalog) {
        String sql = CatalogSql.of(catalog, SqlDialect.BIGQUERY, new LogTable.AnalyticsView("PROJECT.DATASET._AllLogs"), options());
        int patterns = catalog.active().stream().mapToInt(s -> s.patterns().size()).sum();
        System.out.printf("signatures %d, regexes %d, query %d characters (%.1f%% of BigQuery's 1 MB), %d lines, "
                        + "REGEXP_CONTAINS %d, REGEXP_EXTRACT %d, WITH items %d, stitched signatures %d%n",
                catalog.active().size(), patterns, sql.length(), 100.0 * sql.length() / CatalogSql.BIGQUERY_MAX_QUERY_CHARS,
                sql.lines().count(), count(sql, Pattern.quote("REGEXP_CONTAINS(")), count(sql, Pattern.quote("REGEXP_EXTRACT(")),
                count(sql, "\n[a-z_]+ AS \\("),
                CatalogSql.stitched(catalog).size());
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void run(Catalog catalog, Path export, Path check) throws Exception {
        String sql = CatalogSql.of(catalog, SqlDialect.DUCKDB, new LogTable.JsonFiles(export.toString()), options());
        List<TallyRows.Row> rows = new ArrayList<>();
        long t0 = System.nanoTime();
        String version;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet v = s.executeQuery("SELECT version()")) {
                v.next();
                version = v.getString(1);
            }
            try (ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    rows.add(new TallyRows.Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                            (Long) r.getObject(6), (Long) r.getObject(7), r.getString(8)));
                }
            }
        }
        long t1 = System.nanoTime();
        TallyRows result = new TallyRows(export.toString());
        for (TallyRows.Row row : rows) {
            result.add(row);
        }
        EntrySource source = new EntrySource() {
            @Override
            public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) {
                return List.of(result.stream(entries, "duckdb", true));
            }

            @Override
            public Tallies tallies() {
                return result.tallies();
            }
        };
        TriageResult triaged = new Triage(catalog, 3).run(source, p -> { });
        long t2 = System.nanoTime();
        System.out.printf("query_s %.3f rows %d entry_rows %d duckdb %s%n", (t1 - t0) / 1e9, rows.size(), result.entries().size(), version);
        System.out.printf("rest_s %.3f%n", (t2 - t1) / 1e9);
        if (check != null) {
            Map<String, Long> ours = new TreeMap<>();
            triaged.revisions().forEach(r -> r.revision().hits().forEach(h -> ours.put(r.key().revision() + " " + h.signature().id(), h.count())));
            Map<String, Long> theirs = new TreeMap<>();
            JsonNode report = new ObjectMapper().readTree(check.toFile());
            for (JsonNode r : report.path("revisions")) {
                for (JsonNode h : r.path("hits")) {
                    theirs.put(r.path("revision").asText() + " " + h.path("signature").asText(), h.path("count").asLong());
                }
            }
            System.out.printf("check %s: %d revision x signature counts%n", ours.equals(theirs) ? "same" : "DIFFERENT", theirs.size());
        }
    }
}
