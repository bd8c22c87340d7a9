package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Tallies;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * DuckDB for the tests: an in-memory database, LogEntry exports loaded into the layouts BigQuery
 * has (a Log Analytics view, sink tables per log), and the catalog query run as an {@link EntrySource}.
 */
public final class DuckDb implements AutoCloseable {

    final Connection connection;

    public DuckDb() throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
    }

    /** Runs {@code sql} and returns its rows. */
    public List<TallyRows.Row> rows(String sql) throws SQLException {
        List<TallyRows.Row> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(new TallyRows.Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
                        (Long) r.getObject(6), (Long) r.getObject(7), r.getString(8)));
            }
        }
        return rows;
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The raw export as DuckDB reads it: LogEntry keys as columns, the nested ones as JSON. */
    static String raw(Path export) {
        return "read_json('" + export.toAbsolutePath().toString().replace("'", "''") + "', columns = {\"timestamp\": 'VARCHAR', "
                + "receiveTimestamp: 'VARCHAR', logName: 'VARCHAR', severity: 'VARCHAR', insertId: 'VARCHAR', trace: 'VARCHAR', "
                + "resource: 'JSON', labels: 'JSON', textPayload: 'VARCHAR', jsonPayload: 'JSON', protoPayload: 'JSON', "
                + "httpRequest: 'JSON'})";
    }

    /**
     * Loads an export into a table with the columns and types of a Log Analytics linked dataset's
     * {@code _AllLogs} view (see {@link LogTable.AnalyticsView}): snake_case, payloads and labels as JSON.
     */
    public void loadAnalytics(Path export, String table) throws SQLException {
        execute("CREATE OR REPLACE TABLE \"" + table + "\" AS SELECT\n"
                + "  CAST(CAST(COALESCE(\"timestamp\", receiveTimestamp) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) AS \"timestamp\",\n"
                + "  replace(regexp_extract(logName, '/logs/(.*)$', 1), '%2F', '/') AS log_id,\n"
                + "  logName AS log_name, COALESCE(severity, 'DEFAULT') AS severity, insertId AS insert_id, trace,\n"
                + "  {'type': json_extract_string(resource, '$.type'), 'labels': json_extract(resource, '$.labels')} AS resource,\n"
                + "  labels, textPayload AS text_payload, jsonPayload AS json_payload,\n"
                + "  {'status': TRY_CAST(json_extract_string(httpRequest, '$.status') AS BIGINT)} AS http_request,\n"
                + "  {'audit_log': {'method_name': json_extract_string(protoPayload, '$.methodName'),\n"
                + "     'status': {'message': CASE WHEN json_type(protoPayload, '$.status.message') = 'VARCHAR'"
                + " THEN json_extract_string(protoPayload, '$.status.message') END},\n"
                + "     'request': json_extract(protoPayload, '$.request'), 'response': json_extract(protoPayload, '$.response')}}"
                + " AS proto_payload\n"
                + "FROM " + raw(export));
    }

    /**
     * Loads an export into one table per log, with the columns a sink to BigQuery gives such a table
     * (see {@link LogTable.SinkDataset}): LogEntry names, STRUCTs, and payload columns only where the
     * log's entries had them. Returns the tables as the query needs to know them.
     */
    LogTable.SinkDataset loadSink(Path export, String schema) throws SQLException {
        execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
        String raw = "(SELECT *, replace(regexp_extract(logName, '/logs/(.*)$', 1), '%2F', '/') AS log_id FROM " + raw(export) + ")";
        List<LogTable.SinkTable> tables = new ArrayList<>();
        List<String[]> logs = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT log_id,"
                + " bool_or(jsonPayload IS NOT NULL), bool_or(json_type(jsonPayload, '$.message') = 'VARCHAR'),"
                + " bool_or(json_type(jsonPayload, '$.stack_trace') = 'VARCHAR'), bool_or(httpRequest IS NOT NULL),"
                + " bool_or(protoPayload IS NOT NULL), bool_or(textPayload IS NOT NULL)"
                + " FROM " + raw + " GROUP BY log_id ORDER BY log_id")) {
            while (r.next()) {
                logs.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                        r.getString(7)});
            }
        }
        for (String[] log : logs) {
            java.util.Set<String> columns = new java.util.HashSet<>(java.util.Set.of("labels.instanceId", "trace"));
            StringBuilder select = new StringBuilder("SELECT CAST(CAST(COALESCE(\"timestamp\", receiveTimestamp) AS TIMESTAMPTZ)"
                    + " AT TIME ZONE 'UTC' AS TIMESTAMP) AS \"timestamp\", logName, COALESCE(severity, 'DEFAULT') AS severity,"
                    + " insertId, trace,\n {'type': json_extract_string(resource, '$.type'), 'labels': {"
                    + "'project_id': json_extract_string(resource, '$.labels.project_id'), "
                    + "'service_name': json_extract_string(resource, '$.labels.service_name'), "
                    + "'revision_name': json_extract_string(resource, '$.labels.revision_name'), "
                    + "'configuration_name': json_extract_string(resource, '$.labels.configuration_name'), "
                    + "'location': json_extract_string(resource, '$.labels.location')}} AS resource,\n"
                    + " {'instanceId': json_extract_string(labels, '$.instanceId')} AS labels");
            if ("true".equals(log[6])) {
                select.append(", textPayload");
                columns.add("textPayload");
            }
            if ("true".equals(log[1])) {
                // a sink's jsonPayload is a STRUCT of the keys its entries had; these are the ones the query reads
                select.append(", {'message': CASE WHEN json_type(jsonPayload, '$.message') = 'VARCHAR' THEN"
                        + " json_extract_string(jsonPayload, '$.message') END");
                columns.add("jsonPayload");
                if ("true".equals(log[2])) {
                    columns.add("jsonPayload.message");
                }
                if ("true".equals(log[3])) {
                    select.append(", 'stack_trace': json_extract_string(jsonPayload, '$.stack_trace')");
                    columns.add("jsonPayload.stack_trace");
                }
                select.append("} AS jsonPayload");
            }
            if ("true".equals(log[4])) {
                select.append(", {'status': TRY_CAST(json_extract_string(httpRequest, '$.status') AS BIGINT)} AS httpRequest");
                columns.add("httpRequest.status");
            }
            if ("true".equals(log[5])) {
                select.append(", {'methodName': json_extract_string(protoPayload, '$.methodName'), 'status': {'message': CASE WHEN"
                        + " json_type(protoPayload, '$.status.message') = 'VARCHAR' THEN json_extract_string(protoPayload, '$.status.message') END},"
                        + " 'requestJson': CAST(json_extract(protoPayload, '$.request') AS VARCHAR),"
                        + " 'responseJson': CAST(json_extract(protoPayload, '$.response') AS VARCHAR)} AS protopayload_auditlog");
                columns.add("protopayload_auditlog");
            }
            LogTable.SinkTable table = new LogTable.SinkTable(log[0], false, columns);
            execute("CREATE OR REPLACE TABLE \"" + schema + "\".\"" + table.tableName() + "\" AS " + select + " FROM " + raw
                    + " WHERE log_id = '" + log[0] + "'");
            tables.add(table);
        }
        return new LogTable.SinkDataset(schema, tables);
    }

    /** The catalog query over this database as a source. */
    EntrySource source(String sql, String name) {
        return new EntrySource() {
            private TallyRows result;

            @Override
            public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
                result = new TallyRows(name);
                try {
                    for (TallyRows.Row row : rows(sql)) {
                        result.add(row);
                    }
                } catch (SQLException e) {
                    throw new IOException("DuckDB: " + e.getMessage(), e);
                }
                return List.of(result.stream(entries, "duckdb", true));
            }

            @Override
            public Tallies tallies() {
                return result.tallies();
            }
        };
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
