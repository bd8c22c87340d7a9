package dev.faultline.source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the LogEntry rows are and how they are laid out: each layout turns its rows into the same
 * columns ({@link #COLUMNS}) so that the rest of the catalog query never knows which one it reads.
 * The text column follows the rule of {@link LogEntryReader}: textPayload; else
 * jsonPayload.message (a string; with a string stack_trace, exception, traceback or exc_info
 * after "\n"); else the whole jsonPayload as JSON; else protoPayload.status.message; else "".
 */
public sealed interface LogTable {

    /**
     * ts TIMESTAMP, log_id (the short log id, e.g. run.googleapis.com/stderr), severity, project, service,
     * revision, configuration, location, instance (labels.instanceId), insert_id, trace, http_status
     * (httpRequest.status), method (audit methodName), body (the text), request_json and response_json
     * (an audit entry's protoPayload.request and .response as JSON text).
     */
    List<String> COLUMNS = List.of("ts", "log_id", "severity", "project", "service", "revision", "configuration", "location",
            "instance", "insert_id", "trace", "http_status", "method", "body", "request_json", "response_json");

    /** The SELECT of this table's Cloud Run rows in {@link #COLUMNS}, restricted to the scope. */
    String select(SqlDialect d, Scope scope);

    /** One line for the query's header: what is read. */
    String describe();

    /**
     * What to read: a time range and optionally one service and one revision.
     *
     * @param from  inclusive, or null
     * @param until exclusive, or null
     */
    record Scope(Instant from, Instant until, String service, String revision) {
    }

    /**
     * A log view of a bucket upgraded to Log Analytics, through its linked BigQuery dataset: the
     * {@code _AllLogs} view (or another log view) with one fixed schema for every log, resource
     * and entry labels and the payloads as JSON columns, names in snake_case.
     * Schema: cloud.google.com/logging/docs/analyze/query-and-view (a log view's schema is that of
     * LogEntry), the sample queries in cloud.google.com/logging/docs/analyze/examples
     * ({@code JSON_VALUE(resource.labels.service_name)}, {@code http_request.status},
     * {@code text_payload}, {@code json_payload}, {@code log_id}), and the column-by-column mapping
     * from sink tables in cloud.google.com/blog/products/data-analytics/moving-to-log-analytics-for-bigquery-export-users
     * ({@code proto_payload.audit_log.method_name}, {@code .status.message}, {@code .request}, {@code .response}).
     * Log Analytics does not deduplicate entries (cloud.google.com/logging/docs/analyze/query-and-view).
     *
     * @param table {@code PROJECT.DATASET._AllLogs}, or another view of the linked dataset
     */
    record AnalyticsView(String table) implements LogTable {
        @Override
        public String select(SqlDialect d, Scope scope) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("ts", "l.timestamp");
            c.put("log_id", "l.log_id");
            c.put("severity", "l.severity");
            for (String label : List.of("project_id", "service_name", "revision_name", "configuration_name", "location")) {
                c.put(columnOf(label), d.jsonString("l.resource.labels", label));
            }
            c.put("instance", d.jsonString("l.labels", "instanceId"));
            c.put("insert_id", "l.insert_id");
            c.put("trace", "l.trace");
            c.put("http_status", "l.http_request.status");
            c.put("method", "l.proto_payload.audit_log.method_name");
            c.put("body", text(d, "l.text_payload", "l.json_payload", "l.proto_payload.audit_log.status.message"));
            c.put("request_json", d.jsonText("l.proto_payload.audit_log.request"));
            c.put("response_json", d.jsonText("l.proto_payload.audit_log.response"));
            List<String> where = new ArrayList<>();
            where.add("l.resource.type = 'cloud_run_revision'");
            where.addAll(timeBounds(d, "l.timestamp", scope));
            where.addAll(names(d, c, scope));
            return LogTable.select(c, d.table(table) + " AS l", where);
        }

        @Override
        public String describe() {
            return "Log Analytics linked dataset view " + table;
        }
    }

    /**
     * A Cloud Logging sink to BigQuery: one table per log, named after the log id with '.', '/'
     * and '-' as '_' ({@code run_googleapis_com_stderr}), date-sharded by default
     * ({@code run_googleapis_com_stderr_20250915}) or partitioned on {@code timestamp}; LogEntry field
     * names as they are ({@code textPayload}, {@code resource.labels.service_name}, {@code httpRequest.status}),
     * user-supplied ones in lower case ({@code jsonPayload.message}), and audit payloads under
     * {@code protopayload_auditlog} with request and response as JSON strings
     * ({@code requestJson}, {@code responseJson}). Schema: cloud.google.com/logging/docs/export/bigquery;
     * sharding: LogSink BigQueryOptions.use_partitioned_tables (cloud.google.com/logging/docs/reference/v2/rest/v2/projects.sinks).
     * A sink's tables only have the payload columns their entries had (a stderr table of plain
     * lines has no jsonPayload), so each table says which it has; absent ones read as NULL.
     *
     * @param dataset {@code PROJECT.DATASET}
     */
    record SinkDataset(String dataset, List<SinkTable> tables) implements LogTable {
        public SinkDataset {
            tables = List.copyOf(tables);
        }

        @Override
        public String select(SqlDialect d, Scope scope) {
            List<String> selects = new ArrayList<>();
            for (SinkTable t : tables) {
                selects.add(t.select(d, dataset, scope));
            }
            return String.join("\n  UNION ALL\n", selects);
        }

        @Override
        public String describe() {
            return "Cloud Logging sink dataset " + dataset + ": " + String.join(", ", tables.stream().map(SinkTable::describe).toList());
        }

        /** The Cloud Run logs a sink usually holds, with the columns such tables usually have. */
        public static SinkDataset usual(String dataset, boolean sharded) {
            Set<String> text = Set.of("textPayload", "labels.instanceId", "trace");
            return new SinkDataset(dataset, List.of(
                    new SinkTable("run.googleapis.com/stdout", sharded, text),
                    new SinkTable("run.googleapis.com/stderr", sharded, text),
                    new SinkTable("run.googleapis.com/varlog/system", sharded, text),
                    new SinkTable("run.googleapis.com/requests", sharded, Set.of("textPayload", "labels.instanceId", "trace",
                            "httpRequest.status")),
                    new SinkTable("cloudaudit.googleapis.com/system_event", sharded, SinkTable.AUDIT),
                    new SinkTable("cloudaudit.googleapis.com/activity", sharded, SinkTable.AUDIT)));
        }
    }

    /**
     * One log's table of a sink.
     *
     * @param logId   the log it holds, e.g. {@code run.googleapis.com/stderr}
     * @param sharded date-sharded tables ({@code NAME_YYYYMMDD}, read with a wildcard and {@code _TABLE_SUFFIX})
     * @param columns which of the optional columns it has: {@code textPayload}, {@code jsonPayload.message},
     *                {@code jsonPayload.stack_trace} (and exception, traceback, exc_info), {@code jsonPayload}
     *                (any structured payload), {@code httpRequest.status}, {@code labels.instanceId}, {@code trace},
     *                {@code protopayload_auditlog} (methodName, status.message, requestJson, responseJson)
     */
    record SinkTable(String logId, boolean sharded, Set<String> columns) {
        public static final Set<String> AUDIT = Set.of("protopayload_auditlog", "trace");

        public SinkTable {
            columns = Set.copyOf(columns);
        }

        /** The table name Cloud Logging gives the log: '.', '/' and '-' become '_'. */
        public String tableName() {
            return logId.replace('.', '_').replace('/', '_').replace('-', '_');
        }

        String describe() {
            return tableName() + (sharded ? "_*" : "");
        }

        String select(SqlDialect d, String dataset, Scope scope) {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("ts", "l.timestamp");
            c.put("log_id", d.string(logId));
            c.put("severity", "l.severity");
            for (String label : List.of("project_id", "service_name", "revision_name", "configuration_name", "location")) {
                c.put(columnOf(label), "l.resource.labels." + label);
            }
            c.put("instance", has("labels.instanceId") ? "l.labels.instanceId" : nullString(d));
            c.put("insert_id", "l.insertId");
            c.put("trace", has("trace") ? "l.trace" : nullString(d));
            c.put("http_status", has("httpRequest.status") ? "l.httpRequest.status" : "CAST(NULL AS " + d.intType() + ")");
            boolean audit = has("protopayload_auditlog");
            c.put("method", audit ? "l.protopayload_auditlog.methodName" : nullString(d));
            String message = has("jsonPayload.message") ? "l.jsonPayload.message" : nullString(d);
            List<String> stacks = new ArrayList<>();
            for (String key : TRACE_KEYS) {
                if (has("jsonPayload." + key)) {
                    stacks.add("l.jsonPayload." + key);
                }
            }
            String compact = has("jsonPayload") ? d.jsonText("l.jsonPayload") : nullString(d);
            c.put("body", text(d, has("textPayload") ? "l.textPayload" : nullString(d), message, stacks, compact,
                    audit ? "l.protopayload_auditlog.status.message" : nullString(d)));
            c.put("request_json", audit ? "l.protopayload_auditlog.requestJson" : nullString(d));
            c.put("response_json", audit ? "l.protopayload_auditlog.responseJson" : nullString(d));
            List<String> where = new ArrayList<>();
            where.add("l.resource.type = 'cloud_run_revision'");
            if (sharded && (scope.from() != null || scope.until() != null)) {
                // the shard suffix is the entry's UTC date: prune whole tables before reading any
                String low = scope.from() == null ? "00000000" : DAY.format(scope.from());
                String high = scope.until() == null ? "99999999" : DAY.format(scope.until());
                where.add("_TABLE_SUFFIX BETWEEN '" + low + "' AND '" + high + "'");
            }
            where.addAll(timeBounds(d, "l.timestamp", scope));
            where.addAll(names(d, c, scope));
            return LogTable.select(c, d.table(dataset + "." + tableName() + (sharded ? "_*" : "")) + " AS l", where);
        }

        private boolean has(String column) {
            return columns.contains(column);
        }
    }

    /**
     * LogEntry JSON files as gcloud logging read --format=json writes them (one JSON array) or as a
     * sink to Cloud Storage does (newline-delimited), read by DuckDB's read_json: the shape of
     * LogEntry itself (cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry).
     *
     * @param path a file, or a glob DuckDB expands ({@code /exports/*.json}, {@code gs://bucket/...} with httpfs)
     */
    record JsonFiles(String path) implements LogTable {
        @Override
        public String select(SqlDialect d, Scope scope) {
            if (d != SqlDialect.DUCKDB) {
                throw new IllegalArgumentException("JSON files are read by DuckDB only; BigQuery reads a sink or a linked dataset");
            }
            Map<String, String> c = new LinkedHashMap<>();
            // RFC 3339 in UTC; receiveTimestamp stands in for a missing timestamp, as in LogEntryReader
            c.put("ts", "CAST(CAST(COALESCE(l.\"timestamp\", l.receiveTimestamp) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)");
            c.put("log_id", "replace(regexp_extract(l.logName, '/logs/(.*)$', 1), '%2F', '/')");
            c.put("severity", "l.severity");
            for (String label : List.of("project_id", "service_name", "revision_name", "configuration_name", "location")) {
                c.put(columnOf(label), d.jsonString("l.resource", "labels." + label));
            }
            c.put("instance", d.jsonString("l.labels", "instanceId"));
            c.put("insert_id", "l.insertId");
            c.put("trace", "l.trace");
            c.put("http_status", "TRY_CAST(" + d.jsonString("l.httpRequest", "status") + " AS BIGINT)");
            c.put("method", d.jsonString("l.protoPayload", "methodName"));
            c.put("body", text(d, "l.textPayload", "l.jsonPayload", d.jsonStringOnly("l.protoPayload", "status.message")));
            c.put("request_json", "CAST(json_extract(l.protoPayload, '$.request') AS VARCHAR)");
            c.put("response_json", "CAST(json_extract(l.protoPayload, '$.response') AS VARCHAR)");
            String from = "read_json(" + d.string(path) + ", columns = {\"timestamp\": 'VARCHAR', receiveTimestamp: 'VARCHAR', "
                    + "logName: 'VARCHAR', severity: 'VARCHAR', insertId: 'VARCHAR', trace: 'VARCHAR', resource: 'JSON', "
                    + "labels: 'JSON', textPayload: 'VARCHAR', jsonPayload: 'JSON', protoPayload: 'JSON', httpRequest: 'JSON'}) AS l";
            List<String> where = new ArrayList<>();
            where.add(d.jsonString("l.resource", "type") + " = 'cloud_run_revision'");
            where.addAll(timeBounds(d, c.get("ts"), scope));
            where.addAll(names(d, c, scope));
            return LogTable.select(c, from, where);
        }

        @Override
        public String describe() {
            return "LogEntry JSON files " + path;
        }
    }

    /** jsonPayload keys whose string LogEntryReader appends to the message, in its order. */
    List<String> TRACE_KEYS = List.of("stack_trace", "exception", "traceback", "exc_info");

    DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private static String columnOf(String label) {
        return switch (label) {
            case "project_id" -> "project";
            case "service_name" -> "service";
            case "revision_name" -> "revision";
            case "configuration_name" -> "configuration";
            default -> label;
        };
    }

    private static String nullString(SqlDialect d) {
        return "CAST(NULL AS " + d.stringType() + ")";
    }

    /** The text of a layout whose jsonPayload is one JSON column. */
    private static String text(SqlDialect d, String textPayload, String jsonPayload, String statusMessage) {
        List<String> stacks = TRACE_KEYS.stream().map(k -> d.jsonStringOnly(jsonPayload, k)).toList();
        return text(d, textPayload, d.jsonStringOnly(jsonPayload, "message"), stacks, d.jsonText(jsonPayload), statusMessage);
    }

    /** LogEntryReader's rule in SQL (see the class comment). */
    private static String text(SqlDialect d, String textPayload, String message, List<String> stacks, String compactJson,
                               String statusMessage) {
        String stack = stacks.isEmpty() ? nullString(d) : stacks.size() == 1 ? stacks.get(0) : "COALESCE(" + String.join(", ", stacks) + ")";
        String withStack = "CASE WHEN " + message + " IS NULL THEN NULL WHEN " + stack + " IS NULL THEN " + message
                + " WHEN " + message + " = '' THEN " + stack + " ELSE " + message + " || " + d.newline() + " || " + stack + " END";
        return "COALESCE(" + textPayload + ",\n      " + withStack + ",\n      " + compactJson + ",\n      " + statusMessage + ", '')";
    }

    private static List<String> timeBounds(SqlDialect d, String ts, Scope scope) {
        List<String> where = new ArrayList<>();
        if (scope.from() != null) {
            where.add(ts + " >= " + d.timestamp(scope.from()));
        }
        if (scope.until() != null) {
            where.add(ts + " < " + d.timestamp(scope.until()));
        }
        return where;
    }

    private static List<String> names(SqlDialect d, Map<String, String> columns, Scope scope) {
        List<String> where = new ArrayList<>();
        if (scope.service() != null) {
            where.add(columns.get("service") + " = " + d.string(scope.service()));
        }
        if (scope.revision() != null) {
            where.add(columns.get("revision") + " = " + d.string(scope.revision()));
        }
        return where;
    }

    private static String select(Map<String, String> columns, String from, List<String> where) {
        StringBuilder sb = new StringBuilder("SELECT\n");
        int i = 0;
        for (Map.Entry<String, String> e : columns.entrySet()) {
            sb.append("    ").append(e.getValue()).append(" AS ").append(e.getKey()).append(++i < columns.size() ? ",\n" : "\n");
        }
        sb.append("  FROM ").append(from).append("\n  WHERE ").append(String.join("\n    AND ", where));
        return sb.toString();
    }
}
