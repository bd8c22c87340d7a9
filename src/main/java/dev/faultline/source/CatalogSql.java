package dev.faultline.source;

import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.Literals;
import dev.faultline.catalog.Signature;
import dev.faultline.incident.Grouper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The catalog compiled to one SQL query over a table of LogEntry rows, so that the classifying and
 * summing up happen where the logs are and only sums come back. Per (service, revision,
 * signature): hits, first and last seen, instances, extracted values and the earliest few entries
 * as evidence; per revision: its entries, request health and the audit entries stating its
 * configuration. The result has one row per item, in the columns
 * {@code kind, service, revision, signature, n, first_us, last_us, detail} ({@link TallyRows} reads them).
 *
 * <p>It does what the engine does, in the same order: the live query's literal prefilter
 * ({@link CandidateFilter#literals}) picks candidate entries; each signature's regexes, in catalog
 * order, confirm and extract, the first regex that matches giving the fields; a signature with
 * {@code log_name} only matches those logs. What SQL cannot do is stitch split lines into one
 * event: a candidate whose first line may be part of a multi-line event (the stitcher's rule,
 * passed in as RE2) is not classified here; it comes back as an {@code entry} row, with every entry
 * of its stream (revision, instance, log) within the stitcher's gap of it, as a live read fetches
 * the context of such a line, and faultline stitches and matches those itself. Those entries are
 * left out of the revision's sums, so every entry is counted once.
 */
public final class CatalogSql {

    /** BigQuery's limit on the text of a query (cloud.google.com/bigquery/quotas: maximum unresolved query length 1 MB). */
    public static final int BIGQUERY_MAX_QUERY_CHARS = 1024 * 1024;

    private static final String REQUESTS = "run.googleapis.com/requests";
    private static final String AUDIT_PREFIX = "cloudaudit.googleapis.com/";

    /**
     * @param scope     time range, service and revision: predicates the engine prunes partitions and rows with
     * @param evidence  evidence entries kept per signature and revision (the earliest)
     * @param joinGap   the stitcher's largest gap within one event ({@code Stitcher.GAP})
     * @param mayJoin   the stitcher's rule for a line that may be part of a multi-line event, in RE2 ({@code Stitcher.MAY_JOIN_RE2})
     * @param ansi      terminal colour sequences the rule ignores, in RE2 ({@code Stitcher.ANSI_RE2})
     */
    public record Options(LogTable.Scope scope, int evidence, Duration joinGap, String mayJoin, String ansi) {
    }

    private final Catalog catalog;
    private final List<Signature> active;
    private final SqlDialect d;
    private final LogTable table;
    private final Options options;

    private CatalogSql(Catalog catalog, SqlDialect dialect, LogTable table, Options options) {
        this.catalog = catalog;
        this.active = catalog.diagnostic(); // known noise is never a hit
        this.d = dialect;
        this.table = table;
        this.options = options;
    }

    /** The query for {@code catalog}'s active signatures over {@code table}, in {@code dialect}. */
    public static String of(Catalog catalog, SqlDialect dialect, LogTable table, Options options) {
        return new CatalogSql(catalog, dialect, table, options).build();
    }

    /**
     * The active signatures one of whose regexes only matches across lines ({@link Literals#spansLines}):
     * in SQL they could only match entries the platform kept whole; split into one entry per line,
     * their events exist only once stitched, which faultline does with the entries the query returns.
     */
    public static List<Signature> stitched(Catalog catalog) {
        return catalog.diagnostic().stream()
                .filter(s -> s.patterns().stream().anyMatch(p -> Literals.spansLines(p.regex())))
                .toList();
    }

    private String build() {
        StringBuilder q = new StringBuilder();
        header(q);
        q.append("WITH\n");
        cte(q, "entries", "  -- an audit entry without a revision label that names a revision of its service counts for it, as in faultline\n"
                + "  SELECT * REPLACE (" + namedRevision() + " AS revision)\n  FROM (" + table.select(d, options.scope()) + ")");
        cte(q, "candidates", "  -- the live query's prefilter: entries holding a catalog literal, in any case\n"
                + "  SELECT e.*,\n    " + mayJoin("e") + " AS may_join\n  FROM entries AS e\n  WHERE "
                + d.regexContains("e.body", prefilter()));
        cte(q, "anchors", "  -- candidates that may be part of a multi-line event: stitched by faultline, not classified here\n"
                + "  SELECT COALESCE(revision, '') AS revision, COALESCE(instance, '') AS instance, log_id, ts\n"
                + "  FROM candidates WHERE may_join");
        cte(q, "stitch", "  -- every entry of an anchor's stream within the stitcher's gap of it\n"
                + "  SELECT e.* FROM entries AS e\n  WHERE " + nearAnchor("e"));
        cte(q, "plain", "  SELECT c.* FROM candidates AS c\n  WHERE NOT " + nearAnchor("c"));
        cte(q, "matched", matched());
        cte(q, "hits", hits());
        cte(q, "hit_sums", "  SELECT service, revision, signature, COUNT(*) AS n, MIN(ts) AS first_ts, MAX(ts) AS last_ts,\n"
                + "    " + d.distinctList("instance") + " AS instances,\n"
                + "    " + d.firstN(entryStruct(""), "ts", options.evidence()) + " AS evidence\n"
                + "  FROM hits\n  WHERE revision IS NOT NULL AND revision != ''\n  GROUP BY service, revision, signature");
        cte(q, "hit_fields", "  SELECT h.service, h.revision, h.signature, f.name AS name, f.value AS value, MIN(h.ts) AS first_ts\n"
                + "  FROM hits AS h, " + d.unnest("h.fields", "f") + "\n"
                + "  WHERE f.value IS NOT NULL AND h.revision IS NOT NULL AND h.revision != ''\n"
                + "  GROUP BY h.service, h.revision, h.signature, f.name, f.value");
        cte(q, "field_lists", "  SELECT service, revision, signature,\n    "
                + d.list(d.struct(ordered("name", "name", "value", "value", "first_us", d.micros("first_ts")))) + " AS fields\n"
                + "  FROM hit_fields\n  GROUP BY service, revision, signature");
        cte(q, "totals", totals());
        cte(q, "stitch_counts", "  SELECT service, revision, COUNT(*) AS n FROM stitch GROUP BY service, revision");
        cte(q, "matched_counts", "  SELECT service, revision, COUNT(*) AS n FROM matched WHERE hit_any GROUP BY service, revision");
        cte(q, "configs", "  -- audit entries carrying a spec: the newest per revision and log, every service-level one\n"
                + "  SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.service, e.revision, e.log_id ORDER BY e.ts DESC) AS newest\n"
                + "  FROM entries AS e\n  WHERE STARTS_WITH(e.log_id, '" + AUDIT_PREFIX + "')"
                + " AND (e.request_json IS NOT NULL OR e.response_json IS NOT NULL)");
        q.setLength(q.length() - 2); // the last ",\n"
        q.append("\n").append(results());
        return q.toString();
    }

    private void header(StringBuilder q) {
        q.append("-- faultline catalog ").append(catalog.version()).append(": ").append(active.size())
                .append(" active signatures compiled to ").append(d == SqlDialect.BIGQUERY ? "BigQuery (GoogleSQL)" : "DuckDB")
                .append(" SQL; regexes are RE2 in both, as in faultline\n");
        q.append("-- reads: ").append(table.describe()).append("\n");
        LogTable.Scope s = options.scope();
        q.append("-- scope: cloud_run_revision entries")
                .append(s.from() == null ? "" : " from " + s.from())
                .append(s.until() == null ? "" : " until " + s.until())
                .append(s.service() == null ? "" : ", service " + s.service())
                .append(s.revision() == null ? "" : ", revision " + s.revision())
                .append(s.from() == null && s.until() == null ? " (no time bounds: the whole table is scanned)" : "").append("\n");
        List<String> stitched = stitched(catalog).stream().map(Signature::id).toList();
        q.append("-- matches span lines (found here in entries the platform kept whole; split ones are stitched by faultline): ")
                .append(stitched.isEmpty() ? "none" : String.join(", ", stitched)).append("\n");
        q.append("-- rows: kind 'revision' (entries summed up, request health), 'hit' (per signature), 'config' (audit spec),\n");
        q.append("--       'entry' (candidates that may be part of a multi-line event, with their neighbours: faultline stitches them)\n");
    }

    private void cte(StringBuilder q, String name, String body) {
        q.append(d.cte(name)).append(" (\n").append(body).append("\n),\n");
    }

    private SqlRegex prefilter() {
        return new SqlRegex("(?i)" + CandidateFilter.literals(catalog).stream().map(l -> SqlRegex.literal(l).text())
                .collect(Collectors.joining("|")));
    }

    /**
     * The revision of an entry: its label, else for an audit entry the revision of its own service its
     * text names ({@link Grouper#NAMED_REVISION_RE2}; the first one named, where faultline looks on to
     * the first of its service).
     */
    private String namedRevision() {
        String named = d.regexExtract("body", new SqlRegex(Grouper.NAMED_REVISION_RE2));
        return "CASE WHEN (revision IS NULL OR revision = '') AND STARTS_WITH(log_id, '" + AUDIT_PREFIX + "')"
                + " AND service IS NOT NULL AND service != '' AND STARTS_WITH(COALESCE(" + named + ", ''), service || '-')"
                + " THEN " + named + " ELSE revision END";
    }

    /** The stitcher's rule: not a request or audit entry, and a first line (colour codes removed) of a trace's shape. */
    private String mayJoin(String e) {
        return "(" + e + ".log_id != '" + REQUESTS + "' AND NOT STARTS_WITH(" + e + ".log_id, '" + AUDIT_PREFIX + "')"
                + " AND COALESCE(" + e + ".http_status, 0) = 0\n      AND "
                + d.regexContains(d.regexReplace(d.firstLine(e + ".body"), new SqlRegex(options.ansi()), ""),
                new SqlRegex(options.mayJoin())) + ")";
    }

    private String nearAnchor(String e) {
        return "EXISTS (SELECT 1 FROM anchors AS a WHERE a.revision = COALESCE(" + e + ".revision, '')"
                + " AND a.instance = COALESCE(" + e + ".instance, '') AND a.log_id = " + e + ".log_id\n"
                + "      AND " + e + ".ts BETWEEN " + d.minus("a.ts", options.joinGap()) + " AND " + d.plus("a.ts", options.joinGap()) + ")";
    }

    /** Per signature, which of its regexes matches first (m_i: 1-based, 0 for none), and the fields that regex extracts. */
    private String matched() {
        List<String> columns = new ArrayList<>();
        List<String> any = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            Signature s = active.get(i);
            StringBuilder m = new StringBuilder("-- " + s.id() + "\n    CASE");
            if (!s.logNames().isEmpty()) {
                m.append(" WHEN p.log_id NOT IN (").append(s.logNames().stream().map(d::string).collect(Collectors.joining(", ")))
                        .append(") THEN 0");
            }
            List<Signature.MatchPattern> patterns = s.patterns();
            for (int k = 0; k < patterns.size(); k++) {
                Signature.MatchPattern p = patterns.get(k);
                m.append("\n      WHEN ").append(gate(p)).append(d.regexContains("p.body", SqlRegex.of(p.regex())))
                        .append(" THEN ").append(k + 1);
            }
            m.append(" ELSE 0 END AS m_").append(i);
            columns.add(m.toString());
            any.add("m_" + i + " > 0");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            Signature s = active.get(i);
            for (int j = 0; j < s.extract().size(); j++) {
                String field = s.extract().get(j);
                StringBuilder v = new StringBuilder("CASE m_" + i);
                int arms = 0;
                for (int k = 0; k < s.patterns().size(); k++) {
                    Signature.MatchPattern p = s.patterns().get(k);
                    if (p.pattern().namedGroups().containsKey(field)) {
                        v.append(" WHEN ").append(k + 1).append(" THEN ").append(d.regexExtract("body", SqlRegex.capturing(p.regex(), field)));
                        arms++;
                    }
                }
                fields.add(arms == 0 ? "CAST(NULL AS " + d.stringType() + ") AS v_" + i + "_" + j
                        : v.append(" END AS v_").append(i).append("_").append(j).toString());
            }
        }
        String inner = "  SELECT p.*,\n    " + String.join(",\n    ", columns) + "\n  FROM plain AS p";
        return "  SELECT x.*" + (fields.isEmpty() ? "" : ",\n    " + String.join(",\n    ", fields))
                + ",\n    (" + (any.isEmpty() ? "FALSE" : String.join(" OR ", any)) + ") AS hit_any\n  FROM (\n" + inner + "\n  ) AS x";
    }

    /** The cheap test the matcher makes before RE2: one of the regex's literals is present (when it compares case-sensitively). */
    private String gate(Signature.MatchPattern p) {
        if (p.caseInsensitive() || p.literals().isEmpty()) {
            return "";
        }
        return "(" + p.literals().stream().map(l -> "STRPOS(p.body, " + d.string(l) + ") > 0").collect(Collectors.joining(" OR "))
                + ") AND ";
    }

    /** One row per (entry, signature that matched it), with the extracted (name, value) pairs. */
    private String hits() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            Signature s = active.get(i);
            List<String> pairs = new ArrayList<>();
            for (int j = 0; j < s.extract().size(); j++) {
                pairs.add(d.struct(ordered("name", d.string(s.extract().get(j)), "value", "v_" + i + "_" + j)));
            }
            items.add("CASE WHEN m_" + i + " > 0 THEN " + d.struct(ordered("id", d.string(s.id()), "fields",
                    d.array(pairs, d.nameValueType()))) + " END");
        }
        String list = d.array(items, "STRUCT");
        return "  SELECT m.ts, m.log_id, m.severity, m.project, m.service, m.revision, m.configuration, m.location, m.instance,\n"
                + "    m.insert_id, m.trace, m.http_status, m.method, m.body, h.id AS signature, h.fields AS fields\n"
                + "  FROM (SELECT matched.*, " + list + " AS hit_list FROM matched WHERE hit_any) AS m,\n"
                + "    " + d.unnest("m.hit_list", "h") + "\n  WHERE h IS NOT NULL";
    }

    private String totals() {
        String request = "log_id = '" + REQUESTS + "'";
        return "  SELECT service, revision, ANY_VALUE(project) AS project, ANY_VALUE(location) AS location,\n"
                + "    COUNT(*) AS n,\n"
                + "    SUM(CASE WHEN STARTS_WITH(log_id, '" + AUDIT_PREFIX + "') THEN 0 ELSE 1 END) AS own,\n"
                + "    MIN(ts) AS first_ts, MAX(ts) AS last_ts,\n"
                + "    " + d.distinctList("instance") + " AS instances,\n"
                + "    SUM(CASE WHEN " + request + " THEN 1 ELSE 0 END) AS requests,\n"
                + statusCount(request, 2, "ok2xx") + statusCount(request, 3, "redirect3xx")
                + statusCount(request, 4, "client4xx") + statusCount(request, 5, "server5xx")
                + "    MAX(CASE WHEN " + request + " AND http_status BETWEEN 200 AND 299 THEN ts END) AS last_ok\n"
                + "  FROM entries\n  GROUP BY service, revision";
    }

    private static String statusCount(String request, int hundred, String name) {
        return "    SUM(CASE WHEN " + request + " AND http_status BETWEEN " + hundred * 100 + " AND " + (hundred * 100 + 99)
                + " THEN 1 ELSE 0 END) AS " + name + ",\n";
    }

    /** The fields of an entry as the rows carry it (t in microseconds), from columns with {@code prefix}. */
    private String entryStruct(String prefix) {
        return d.struct(entryFields(prefix));
    }

    private Map<String, String> entryFields(String prefix) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", d.micros(prefix + "ts"));
        for (String c : List.of("log_id", "severity", "project", "service", "revision", "configuration", "location", "instance",
                "insert_id", "trace", "http_status", "method", "body")) {
            f.put(c, prefix + c);
        }
        return f;
    }

    private String entryJson(String prefix, Set<String> extra) {
        List<String> kv = new ArrayList<>();
        entryFields(prefix).forEach((k, v) -> {
            kv.add(d.string(k));
            kv.add(v);
        });
        for (String c : extra) {
            kv.add(d.string(c));
            kv.add(prefix + c);
        }
        return d.json(kv.toArray(String[]::new));
    }

    private String results() {
        String nullString = "CAST(NULL AS " + d.stringType() + ")";
        String sameRevision = "COALESCE(%1$s.service, '') = COALESCE(%2$s.service, '') AND COALESCE(%1$s.revision, '') = COALESCE(%2$s.revision, '')";
        String revisions = "SELECT 'revision' AS kind, t.service, t.revision, " + nullString + " AS signature,\n"
                + "  t.n - COALESCE(s.n, 0) AS n, " + d.micros("t.first_ts") + " AS first_us, " + d.micros("t.last_ts") + " AS last_us,\n"
                + "  " + d.json("'project'", "t.project", "'location'", "t.location", "'own'", "t.own - COALESCE(s.n, 0)",
                "'matched'", "COALESCE(c.n, 0)", "'instances'", "t.instances", "'requests'",
                "[t.requests, t.ok2xx, t.redirect3xx, t.client4xx, t.server5xx]", "'last_ok'", d.micros("t.last_ok")) + " AS detail\n"
                + "FROM totals AS t\n"
                + "LEFT JOIN stitch_counts AS s ON " + String.format(sameRevision, "t", "s") + "\n"
                + "LEFT JOIN matched_counts AS c ON " + String.format(sameRevision, "t", "c");
        String hitRows = "SELECT 'hit', h.service, h.revision, h.signature, h.n, " + d.micros("h.first_ts") + ", " + d.micros("h.last_ts") + ",\n"
                + "  " + d.json("'instances'", "h.instances", "'fields'", "f.fields", "'evidence'", "h.evidence") + "\n"
                + "FROM hit_sums AS h\n"
                + "LEFT JOIN field_lists AS f ON " + String.format(sameRevision, "h", "f") + " AND h.signature = f.signature";
        String entryRows = "SELECT 'entry', e.service, e.revision, " + nullString + ", 1, " + d.micros("e.ts") + ", " + d.micros("e.ts")
                + ",\n  " + entryJson("e.", Set.of()) + "\nFROM stitch AS e";
        String configRows = "SELECT 'config', e.service, e.revision, " + nullString + ", 1, " + d.micros("e.ts") + ", " + d.micros("e.ts")
                + ",\n  " + entryJson("e.", new java.util.LinkedHashSet<>(List.of("request_json", "response_json"))) + "\nFROM configs AS e\n"
                + "WHERE e.newest = 1 OR e.revision IS NULL OR e.revision = ''";
        return String.join("\nUNION ALL\n", revisions, hitRows, entryRows, configRows);
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
