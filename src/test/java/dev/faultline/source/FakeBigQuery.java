package dev.faultline.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A BigQuery REST API on 127.0.0.1 for the client's query path (bigquery/docs/reference/rest/v2):
 * jobs.insert (the dry run, and a query job), jobs.query, jobs.get, jobs.getQueryResults with
 * paging, and tables.list / tables.get for a sink dataset. It records every request and the SQL it
 * is sent, and answers a query with the rows {@code rowsFor} computes for that SQL (the tests run
 * its DuckDB twin over a sample). It can fail the way BigQuery does: a quota error, a job that
 * ends with an error, a permission error.
 */
public final class FakeBigQuery implements AutoCloseable {

    public enum Fault { NONE, QUOTA, FAILED_JOB, PERMISSION }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String[]> COLUMNS = List.of(new String[] {"kind", "STRING"}, new String[] {"service", "STRING"},
            new String[] {"revision", "STRING"}, new String[] {"signature", "STRING"}, new String[] {"n", "INTEGER"},
            new String[] {"first_us", "INTEGER"}, new String[] {"last_us", "INTEGER"}, new String[] {"detail", "STRING"});

    private final HttpServer server;
    private final Function<String, List<TallyRows.Row>> rowsFor;
    private final long dryRunBytes;
    private final int pageSize;
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> sql = Collections.synchronizedList(new ArrayList<>());
    public final List<Long> maximumBytesBilled = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<TallyRows.Row>> results = new HashMap<>();
    private final Map<String, JsonNode> configurations = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger jobs = new AtomicInteger();
    public volatile Fault fault = Fault.NONE;

    /**
     * @param rowsFor     the result rows of a query's SQL
     * @param dryRunBytes what a dry run says the query scans
     * @param pageSize    rows per page of results (small, so paging is exercised)
     */
    public FakeBigQuery(Function<String, List<TallyRows.Row>> rowsFor, long dryRunBytes, int pageSize) throws IOException {
        this.rowsFor = rowsFor;
        this.dryRunBytes = dryRunBytes;
        this.pageSize = pageSize;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, for --endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static final Pattern JOBS = Pattern.compile("/bigquery/v2/projects/([^/]+)/jobs");
    private static final Pattern JOB = Pattern.compile("/bigquery/v2/projects/([^/]+)/jobs/([^/]+)");
    private static final Pattern QUERIES = Pattern.compile("/bigquery/v2/projects/([^/]+)/queries");
    private static final Pattern RESULTS = Pattern.compile("/bigquery/v2/projects/([^/]+)/queries/([^/]+)");
    /** tabledata.list of a query's anonymous destination table, which is named after its job. */
    private static final Pattern DATA = Pattern.compile("/bigquery/v2/projects/([^/]+)/datasets/_anonymous/tables/([^/]+)/data");

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        Map<String, String> query = params(x.getRequestURI().getRawQuery());
        boolean gzip = "gzip".equalsIgnoreCase(x.getRequestHeaders().getFirst("Content-Encoding")); // the client compresses bodies
        String body = new String((gzip ? new java.util.zip.GZIPInputStream(x.getRequestBody()) : x.getRequestBody()).readAllBytes(),
                StandardCharsets.UTF_8);
        requests.add(x.getRequestMethod() + " " + path);
        try {
            Matcher m;
            if (x.getRequestMethod().equals("POST") && (m = JOBS.matcher(path)).matches()) {
                insert(x, m.group(1), JSON.readTree(body));
            } else if (x.getRequestMethod().equals("POST") && (m = QUERIES.matcher(path)).matches()) {
                query(x, m.group(1), JSON.readTree(body));
            } else if ((m = DATA.matcher(path)).matches()) {
                page(x, "bigquery#tableDataList", m.group(1), m.group(2), query.get("pageToken"));
            } else if ((m = RESULTS.matcher(path)).matches()) {
                page(x, "bigquery#getQueryResultsResponse", m.group(1), m.group(2), query.get("pageToken"));
            } else if ((m = JOB.matcher(path)).matches() && configurations.containsKey(m.group(2))) {
                send(x, 200, job(m.group(1), m.group(2), configurations.get(m.group(2))));
            } else {
                error(x, 404, "notFound", "Not found: " + path);
            }
        } catch (RuntimeException e) {
            error(x, 500, "internalError", String.valueOf(e));
        }
    }

    /** jobs.insert: a dry run answers with the bytes; a query job runs at once. */
    private void insert(HttpExchange x, String project, JsonNode job) throws IOException {
        JsonNode q = job.path("configuration").path("query");
        String text = q.path("query").asText();
        if (fault == Fault.PERMISSION) {
            error(x, 403, "accessDenied", "Access Denied: Table logs-proj:app_logs._AllLogs: User does not have permission to query"
                    + " table logs-proj:app_logs._AllLogs, or perhaps it does not exist.");
            return;
        }
        String id = job.path("jobReference").path("jobId").asText("job_" + jobs.incrementAndGet());
        configurations.put(id, job.path("configuration"));
        destination((ObjectNode) job.path("configuration"), project, id);
        if (job.path("configuration").path("dryRun").asBoolean()) {
            sql.add(text);
            ObjectNode out = JSON.createObjectNode();
            out.put("kind", "bigquery#job");
            out.putObject("jobReference").put("projectId", project).put("jobId", id).put("location", "US");
            out.set("configuration", job.path("configuration"));
            out.putObject("status").put("state", "DONE");
            out.putObject("statistics").put("totalBytesProcessed", String.valueOf(dryRunBytes))
                    .putObject("query").put("totalBytesProcessed", String.valueOf(dryRunBytes)).put("statementType", "SELECT");
            send(x, 200, out);
            return;
        }
        if (!run(x, text, q.path("maximumBytesBilled"), id)) {
            return;
        }
        send(x, 200, job(project, id, job.path("configuration")));
    }

    /** jobs.query: runs the query and answers with its first page. */
    private void query(HttpExchange x, String project, JsonNode request) throws IOException {
        if (fault == Fault.PERMISSION) {
            error(x, 403, "accessDenied", "Access Denied: Project logs-proj: User does not have bigquery.jobs.create permission in"
                    + " project logs-proj.");
            return;
        }
        String id = "job_" + jobs.incrementAndGet();
        ObjectNode configuration = JSON.createObjectNode();
        configuration.putObject("query").put("query", request.path("query").asText());
        configurations.put(id, configuration);
        destination(configuration, project, id);
        if (!run(x, request.path("query").asText(), request.path("maximumBytesBilled"), id)) {
            return;
        }
        page(x, "bigquery#queryResponse", project, id, null);
    }

    /** Runs a query's SQL, or answers with the fault; false when it answered. */
    private boolean run(HttpExchange x, String text, JsonNode maxBytes, String id) throws IOException {
        sql.add(text);
        maximumBytesBilled.add(maxBytes.isMissingNode() || maxBytes.isNull() ? null : maxBytes.asLong());
        if (fault == Fault.QUOTA) {
            error(x, 403, "quotaExceeded", "Quota exceeded: Your project exceeded quota for free query bytes scanned."
                    + " For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas");
            return false;
        }
        if (!maxBytes.isMissingNode() && !maxBytes.isNull() && maxBytes.asLong() < dryRunBytes) {
            error(x, 400, "bytesBilledLimitExceeded", "Query exceeded limit for bytes billed: " + maxBytes.asLong()
                    + ". " + dryRunBytes + " or higher required.");
            return false;
        }
        synchronized (results) {
            results.put(id, fault == Fault.FAILED_JOB ? List.of() : rowsFor.apply(text));
        }
        return true;
    }

    /** A query job's results live in an anonymous table, which the client pages through (tabledata.list). */
    private static void destination(ObjectNode configuration, String project, String id) {
        if (configuration.path("query").isObject()) {
            ((ObjectNode) configuration.path("query")).putObject("destinationTable").put("projectId", project)
                    .put("datasetId", "_anonymous").put("tableId", id);
        }
    }

    private ObjectNode job(String project, String id, JsonNode configuration) {
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "bigquery#job").put("id", project + ":US." + id);
        out.putObject("jobReference").put("projectId", project).put("jobId", id).put("location", "US");
        if (configuration != null) {
            out.set("configuration", configuration);
        }
        ObjectNode status = out.putObject("status").put("state", "DONE");
        if (fault == Fault.FAILED_JOB) {
            ObjectNode error = status.putObject("errorResult").put("reason", "resourcesExceeded")
                    .put("message", "Resources exceeded during query execution: The query could not be executed in the allotted memory.");
            status.putArray("errors").add(error.deepCopy());
        }
        out.putObject("statistics").put("totalBytesProcessed", String.valueOf(dryRunBytes))
                .putObject("query").put("totalBytesProcessed", String.valueOf(dryRunBytes)).put("totalBytesBilled", String.valueOf(dryRunBytes));
        return out;
    }

    /** One page of a job's rows (getQueryResults, or the first page of jobs.query). */
    private void page(HttpExchange x, String kind, String project, String id, String token) throws IOException {
        List<TallyRows.Row> rows;
        synchronized (results) {
            rows = results.get(id);
        }
        if (rows == null) {
            error(x, 404, "notFound", "Not found: Job " + project + ":US." + id);
            return;
        }
        if (fault == Fault.FAILED_JOB) {
            error(x, 400, "resourcesExceeded", "Resources exceeded during query execution: The query could not be executed"
                    + " in the allotted memory.");
            return;
        }
        int from = token == null ? 0 : Integer.parseInt(token);
        int to = Math.min(rows.size(), from + pageSize);
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", kind).put("jobComplete", true).put("totalRows", String.valueOf(rows.size()))
                .put("totalBytesProcessed", String.valueOf(dryRunBytes)).put("cacheHit", false);
        out.putObject("jobReference").put("projectId", project).put("jobId", id).put("location", "US");
        ArrayNode fields = out.putObject("schema").putArray("fields");
        for (String[] c : COLUMNS) {
            fields.addObject().put("name", c[0]).put("type", c[1]).put("mode", "NULLABLE");
        }
        ArrayNode list = out.putArray("rows");
        for (TallyRows.Row r : rows.subList(from, to)) {
            ArrayNode f = list.addObject().putArray("f");
            f.addObject().put("v", r.kind());
            f.addObject().put("v", r.service());
            f.addObject().put("v", r.revision());
            f.addObject().put("v", r.signature());
            f.addObject().put("v", String.valueOf(r.n()));
            f.addObject().put("v", r.firstUs() == null ? null : String.valueOf(r.firstUs()));
            f.addObject().put("v", r.lastUs() == null ? null : String.valueOf(r.lastUs()));
            f.addObject().put("v", r.detail());
        }
        if (to < rows.size()) {
            out.put("pageToken", String.valueOf(to));
        }
        send(x, 200, out);
    }

    private static void error(HttpExchange x, int code, String reason, String message) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode error = out.putObject("error").put("code", code).put("message", message);
        error.putArray("errors").addObject().put("reason", reason).put("message", message).put("domain", "global");
        error.put("status", code == 403 ? "PERMISSION_DENIED" : code == 404 ? "NOT_FOUND" : "INVALID_ARGUMENT");
        send(x, code, out);
    }

    private static void send(HttpExchange x, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
