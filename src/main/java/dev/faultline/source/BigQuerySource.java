package dev.faultline.source;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryError;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobException;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Tallies;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog query run by BigQuery through the official {@code google-cloud-bigquery} client, where
 * the logs already are: a Log Analytics linked dataset or a Cloud Logging sink. First a dry run
 * says how many bytes the query will scan (what on-demand pricing bills); more than
 * {@code maxBytesBilled} and it is not run at all, and the limit also rides on the job so that
 * BigQuery itself refuses to bill more. The result rows become {@link Tallies} and the few
 * entries faultline stitches itself ({@link TallyRows}). The only class that loads BigQuery's
 * client, so no other command pays for it.
 */
public final class BigQuerySource implements EntrySource {

    /**
     * Where the rows are and how to reach them.
     *
     * @param project        the dataset's project
     * @param table          a table or view of the dataset, or null (a linked dataset's {@code _AllLogs}, or every log table of a sink)
     * @param sink           a sink dataset (tables per log) rather than a Log Analytics linked dataset
     * @param billingProject the project the query job runs and is billed in (default: the dataset's)
     * @param maxBytesBilled the most bytes the query may scan, or null for no limit
     * @param endpoint       another API root ({@code http://127.0.0.1:9050} for a local server), or null
     * @param credentials    a service-account or authorized-user JSON key, or null for Application Default Credentials
     */
    public record Target(String project, String dataset, String table, boolean sink, String billingProject,
                         Long maxBytesBilled, String endpoint, Path credentials) {

        private static final Pattern NAME = Pattern.compile("([a-z][a-z0-9.:-]*[a-z0-9])\\.(\\w+)(?:\\.([\\w$-]+))?");

        /** {@code PROJECT.DATASET[.TABLE]}, as BigQuery names them; throws IllegalArgumentException with the reason. */
        public static Target parse(String name, boolean sink, String billingProject, Long maxBytesBilled, String endpoint,
                                   Path credentials) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + name + "' is not PROJECT.DATASET or PROJECT.DATASET.TABLE"
                        + " (e.g. my-project.my_logs or my-project.my_logs._AllLogs)");
            }
            return new Target(m.group(1), m.group(2), m.group(3), sink, billingProject, maxBytesBilled, endpoint, credentials);
        }

        public String dataset() {
            return dataset;
        }

        /** {@code project.dataset}. */
        public String datasetName() {
            return project + "." + dataset;
        }

        /** Where jobs run. */
        public String jobProject() {
            return billingProject != null ? billingProject : project;
        }

        String sourceName() {
            return "bigquery:" + datasetName() + (table == null ? "" : "." + table);
        }
    }

    /** What a run of the query says before and after: the dry run's bytes, the job's. */
    public record Progress(String line) {
    }

    /** Retries of a transient failure (rate limits, backend errors): a few, within two minutes. */
    static final RetrySettings RETRY = RetrySettings.newBuilder()
            .setMaxAttempts(4)
            .setInitialRetryDelayDuration(Duration.ofSeconds(1))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(30))
            .setTotalTimeoutDuration(Duration.ofMinutes(2))
            .build();

    private static final List<Logger> QUIETED = List.of(Logger.getLogger("com.google"));

    private final Target target;
    private final Function<LogTable, String> compile;
    private final Consumer<String> notes;
    private final RetrySettings retry;
    private TallyRows result;

    /**
     * @param compile the catalog query for a table (the layout is only known once the dataset is looked at)
     * @param notes   told the query, the bytes it will scan and what came back, a line each
     */
    public BigQuerySource(Target target, Function<LogTable, String> compile, Consumer<String> notes) {
        this(target, compile, notes, RETRY);
    }

    BigQuerySource(Target target, Function<LogTable, String> compile, Consumer<String> notes, RetrySettings retry) {
        this.target = target;
        this.compile = compile;
        this.notes = notes;
        this.retry = retry;
    }

    @Override
    public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
        if (System.getenv("FAULTLINE_DEBUG") == null) {
            QUIETED.forEach(logger -> logger.setLevel(Level.OFF));
        }
        BigQuery bigquery = client();
        try {
            LogTable table = target.sink() ? sinkTables(bigquery) : new LogTable.AnalyticsView(target.datasetName() + "."
                    + (target.table() == null ? "_AllLogs" : target.table()));
            String sql = compile.apply(table);
            if (sql.length() > CatalogSql.BIGQUERY_MAX_QUERY_CHARS) {
                throw new LiveReadException("the query is " + sql.length() + " characters, more than the "
                        + CatalogSql.BIGQUERY_MAX_QUERY_CHARS + " BigQuery accepts: use a smaller --catalog", null);
            }
            notes.accept("query:\n" + sql);
            long bytes = dryRun(bigquery, sql);
            notes.accept("BigQuery will scan " + bytes(bytes) + " for this query (project " + target.jobProject() + ")");
            if (target.maxBytesBilled() != null && bytes > target.maxBytesBilled()) {
                throw new LiveReadException("the query would scan " + bytes(bytes) + ", more than --max-bytes-billed "
                        + bytes(target.maxBytesBilled()) + ": narrow it with --since/--from/--until, --service or --revision,"
                        + " or raise the limit; nothing was run", null);
            }
            QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false);
            if (target.maxBytesBilled() != null) {
                config.setMaximumBytesBilled(target.maxBytesBilled());
            }
            TableResult rows = bigquery.query(config.build());
            result = new TallyRows(target.sourceName());
            for (FieldValueList row : rows.iterateAll()) {
                result.add(row(row));
            }
            notes.accept("BigQuery returned " + result.rows() + " rows: " + result.tallies().revisions().size() + " revisions, "
                    + result.tallies().hits().size() + " signature hits, " + result.entries().size()
                    + " entries that may be part of multi-line events, stitched and matched here");
            return List.of(result.stream(entries, "bigquery", true));
        } catch (BigQueryException e) {
            throw new LiveReadException(describe(e), e);
        } catch (JobException e) {
            throw new LiveReadException(describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the BigQuery job");
        }
    }

    @Override
    public Tallies tallies() {
        return result == null ? Tallies.NONE : result.tallies();
    }

    private BigQuery client() throws LiveReadException {
        BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(target.jobProject()).setRetrySettings(retry);
        String endpoint = target.endpoint();
        if (endpoint != null && LoggingConnection.isLoopback(loopbackHost(endpoint))) {
            options.setHost(endpoint.contains("://") ? endpoint : "http://" + endpoint).setCredentials(NoCredentials.getInstance());
        } else {
            if (endpoint != null) {
                options.setHost(endpoint);
            }
            options.setCredentials(credentials());
        }
        return options.build().getService();
    }

    private static String loopbackHost(String endpoint) {
        String hostPort = endpoint.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
        return LoggingConnection.host(hostPort);
    }

    private GoogleCredentials credentials() throws LiveReadException {
        Path file = target.credentials();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                return GoogleCredentials.fromStream(in);
            } catch (NoSuchFileException e) {
                throw new LiveReadException("cannot read credentials " + file + ": no such file", e);
            } catch (IOException | RuntimeException e) {
                throw new LiveReadException("cannot use credentials " + file + ": " + LoggingConnection.oneLine(e.getMessage())
                        + " (expected a service-account or authorized-user JSON key)", e);
            }
        }
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new LiveReadException("no Google credentials to query BigQuery in project " + target.jobProject()
                    + ": run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS, or pass --credentials FILE", e);
        }
    }

    private long dryRun(BigQuery bigquery, String sql) {
        Job job = bigquery.create(JobInfo.of(QueryJobConfiguration.newBuilder(sql).setDryRun(true).setUseLegacySql(false)
                .setUseQueryCache(false).build()));
        JobStatistics.QueryStatistics stats = job.getStatistics();
        Long bytes = stats == null ? null : stats.getTotalBytesProcessed();
        return bytes == null ? 0 : bytes;
    }

    /**
     * The Cloud Run log tables of a sink dataset, each with the columns its schema has (a sink's
     * tables only have the payload fields their entries had). Date-sharded tables are read
     * through a wildcard, whose schema is its newest shard's.
     */
    private LogTable sinkTables(BigQuery bigquery) throws LiveReadException {
        Map<String, TableId> newest = new LinkedHashMap<>();
        Set<String> sharded = new HashSet<>();
        for (Table t : bigquery.listTables(DatasetId.of(target.project(), target.dataset())).iterateAll()) {
            String name = t.getTableId().getTable();
            String base = name.replaceFirst("_\\d{8}$", "");
            if (!SINK_LOGS.containsKey(base) || (target.table() != null && !base.equals(target.table()))) {
                continue;
            }
            if (!base.equals(name)) {
                sharded.add(base);
            }
            TableId previous = newest.get(base);
            if (previous == null || previous.getTable().compareTo(name) < 0) {
                newest.put(base, t.getTableId());
            }
        }
        if (newest.isEmpty()) {
            throw new LiveReadException("no Cloud Run log tables (" + String.join(", ", SINK_LOGS.keySet()) + ") in dataset "
                    + target.datasetName() + ": is it the dataset a Cloud Logging sink writes to?", null);
        }
        List<LogTable.SinkTable> tables = new ArrayList<>();
        for (Map.Entry<String, TableId> e : newest.entrySet()) {
            Table table = bigquery.getTable(e.getValue());
            Schema schema = table == null || table.getDefinition() == null ? null : table.getDefinition().getSchema();
            Set<String> fields = new HashSet<>();
            if (schema != null) {
                collect("", schema.getFields(), fields);
            }
            tables.add(new LogTable.SinkTable(SINK_LOGS.get(e.getKey()), sharded.contains(e.getKey()), sinkColumns(fields)));
        }
        return new LogTable.SinkDataset(target.datasetName(), tables);
    }

    /** Sink table name to the log it holds: the Cloud Run logs faultline reads. */
    static final Map<String, String> SINK_LOGS = new LinkedHashMap<>();

    static {
        for (String log : List.of(LogEntry.STDOUT, LogEntry.STDERR, LogEntry.VARLOG_SYSTEM, LogEntry.REQUESTS,
                LogEntry.AUDIT_SYSTEM_EVENT, LogEntry.AUDIT_ACTIVITY)) {
            SINK_LOGS.put(new LogTable.SinkTable(log, false, Set.of()).tableName(), log);
        }
    }

    private static void collect(String prefix, FieldList fields, Set<String> out) {
        for (Field f : fields) {
            String name = prefix + f.getName().toLowerCase(Locale.ROOT);
            out.add(name);
            if (f.getSubFields() != null) {
                collect(name + ".", f.getSubFields(), out);
            }
        }
    }

    /** The optional columns of {@link LogTable.SinkTable} that a schema's (lower-cased) field paths have. */
    static Set<String> sinkColumns(Set<String> fields) {
        Set<String> columns = new HashSet<>();
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("textpayload", "textPayload");
        wanted.put("jsonpayload", "jsonPayload");
        wanted.put("jsonpayload.message", "jsonPayload.message");
        for (String key : LogTable.TRACE_KEYS) {
            wanted.put("jsonpayload." + key, "jsonPayload." + key);
        }
        wanted.put("httprequest.status", "httpRequest.status");
        wanted.put("labels.instanceid", "labels.instanceId");
        wanted.put("trace", "trace");
        wanted.put("protopayload_auditlog", "protopayload_auditlog");
        wanted.forEach((field, column) -> {
            if (fields.contains(field)) {
                columns.add(column);
            }
        });
        return columns;
    }

    private static TallyRows.Row row(FieldValueList row) {
        return new TallyRows.Row(string(row.get("kind")), string(row.get("service")), string(row.get("revision")),
                string(row.get("signature")), row.get("n").getLongValue(), number(row.get("first_us")),
                number(row.get("last_us")), string(row.get("detail")));
    }

    private static String string(FieldValue v) {
        return v.isNull() ? null : v.getStringValue();
    }

    private static Long number(FieldValue v) {
        return v.isNull() ? null : v.getLongValue();
    }

    /** 1234567 -> "1.2 MB (1234567 bytes)". */
    static String bytes(long n) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], n);
    }

    /** One line that says what went wrong and what to do, from BigQuery's error reason. */
    String describe(BigQueryException e) {
        BigQueryError error = e.getError();
        String reason = error == null || error.getReason() == null ? "" : error.getReason();
        String message = LoggingConnection.oneLine(error != null && error.getMessage() != null ? error.getMessage() : e.getMessage());
        if (reason.isEmpty() && e.getCause() instanceof IOException) {
            return "cannot reach BigQuery" + (target.endpoint() == null ? "" : " at " + target.endpoint()) + ": " + message;
        }
        return describe(e.getCode(), reason, message);
    }

    String describe(JobException e) {
        List<BigQueryError> errors = e.getErrors();
        BigQueryError first = errors == null || errors.isEmpty() ? null : errors.get(0);
        return describe(0, first == null ? "" : first.getReason(), first == null ? LoggingConnection.oneLine(e.getMessage())
                : LoggingConnection.oneLine(first.getMessage()));
    }

    private String describe(int code, String reason, String message) {
        String dataset = target.datasetName();
        return switch (reason) {
            case "accessDenied" -> "permission denied querying " + dataset + " from project " + target.jobProject()
                    + ": the account needs roles/bigquery.jobUser on " + target.jobProject()
                    + " and roles/bigquery.dataViewer on the dataset (or Log Analytics view access on the log view): " + message;
            case "quotaExceeded", "rateLimitExceeded" -> "BigQuery quota exceeded in project " + target.jobProject()
                    + " (" + reason + "): " + message + "; try again later, or narrow the query with --since or --service";
            case "bytesBilledLimitExceeded" -> "BigQuery refused the query: it would bill more than --max-bytes-billed: " + message;
            case "notFound" -> "not found in BigQuery: " + message + " (check --bigquery " + dataset
                    + (target.table() == null ? "" : "." + target.table()) + ")";
            case "invalidQuery", "invalid" -> "BigQuery rejected the query (see it with --show-query): " + message;
            default -> code == 401 ? "credentials rejected by BigQuery: " + message
                    + ": run 'gcloud auth application-default login' or pass --credentials FILE"
                    : "BigQuery job failed" + (reason.isEmpty() ? "" : " (" + reason + ")") + ": " + message;
        };
    }
}
