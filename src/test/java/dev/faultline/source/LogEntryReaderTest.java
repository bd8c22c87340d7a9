package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Normalising LogEntry JSON: which field becomes what. Fixtures are in gcloud's layout. */
class LogEntryReaderTest {

    private static final String REVISION = "shop-api-00042-xyz";

    private static List<LogEntry> array() throws IOException {
        Collected c = Collected.read(Collected.fixture("shop-api-export.json").toString());
        assertThat(c.problems).isEmpty();
        assertThat(c.entries).hasSize(10);
        return c.entries;
    }

    @Test
    void textPayloadAndTheCommonFields() throws IOException {
        LogEntry request = array().get(0);

        assertThat(request.text()).startsWith("The request failed because either the HTTP response was malformed");
        assertThat(request.logName()).isEqualTo(LogEntry.REQUESTS);
        assertThat(request.isRequestLog()).isTrue();
        assertThat(request.severity()).isEqualTo(Severity.ERROR);
        assertThat(request.timestamp()).isEqualTo(Instant.parse("2025-10-28T11:04:02.081234Z"));
        assertThat(request.insertId()).isEqualTo("6900a1c20004e2f1a5c0d7e3");
        assertThat(request.trace()).isEqualTo("projects/shop-prod/traces/0af7651916cd43dd8448eb211c80319c");
        assertThat(request.instanceId()).startsWith("00f1b2c3d4e5").hasSize(80);
        assertThat(request.resource()).isEqualTo(new Resource(Resource.CLOUD_RUN_REVISION, "shop-prod", "shop-api",
                REVISION, "shop-api", "europe-west1"));
        assertThat(request.methodName()).isNull();
    }

    @Test
    void httpRequestStatusAndLatency() throws IOException {
        List<LogEntry> entries = array();
        assertThat(entries.get(0).httpStatus()).isEqualTo(503);
        assertThat(entries.get(0).latencyMs()).isEqualTo(250); // "0.250400s"
        assertThat(entries.get(1).httpStatus()).isZero();     // no httpRequest at all
        assertThat(entries.get(1).latencyMs()).isEqualTo(-1);
        assertThat(LogEntryReader.latencyMillis("37.886544876s")).isEqualTo(37_887);
        assertThat(LogEntryReader.latencyMillis("0.014146236s")).isEqualTo(14);
        assertThat(LogEntryReader.latencyMillis("2s")).isEqualTo(2000);
        assertThat(LogEntryReader.latencyMillis("fast")).isEqualTo(-1);
    }

    @Test
    void logNameIsTheUrlDecodedLogId() throws IOException {
        List<LogEntry> entries = array();
        assertThat(entries.get(1).logName()).isEqualTo(LogEntry.VARLOG_SYSTEM);
        assertThat(entries.get(2).logName()).isEqualTo(LogEntry.STDERR);
        assertThat(entries.get(6).logName()).isEqualTo(LogEntry.STDOUT);
        assertThat(entries.get(8).logName()).isEqualTo(LogEntry.AUDIT_SYSTEM_EVENT);
        assertThat(entries.get(9).logName()).isEqualTo(LogEntry.AUDIT_ACTIVITY);
        // a path, not a form: '+' stays, a broken escape stays as written
        assertThat(LogEntryReader.percentDecode("my+log%2Fa%zz%C3%A9")).isEqualTo("my+log/a%zzé");
    }

    @Test
    void missingSeverityIsDefaultEvenWhenTheTextSaysError() throws IOException {
        LogEntry keyError = array().get(2);
        assertThat(keyError.text()).isEqualTo("KeyError: 'DATABASE_URL'");
        assertThat(keyError.severity()).isEqualTo(Severity.DEFAULT);
    }

    @Test
    void jsonPayloadMessageWithItsStackTrace() throws IOException {
        LogEntry structured = array().get(6);
        assertThat(structured.text()).isEqualTo("""
                charge failed for order 8812
                Traceback (most recent call last):
                  File "/srv/shop/payments.py", line 88, in charge
                    resp.raise_for_status()
                requests.exceptions.HTTPError: 502 Server Error: Bad Gateway""");
        // "+01:00" offset, microseconds
        assertThat(structured.timestamp()).isEqualTo(Instant.parse("2025-10-28T11:04:01.529904Z"));
    }

    @Test
    void jsonPayloadWithoutMessageIsRenderedCompactInInputOrder() throws IOException {
        // gcloud sorted the keys
        assertThat(array().get(7).text()).isEqualTo("{\"db\":{\"host\":\"/cloudsql/shop-prod:europe-west1:main\",\"pool\":null},"
                + "\"event\":\"config\",\"port\":8080,\"ready\":false,\"tags\":[\"blue\",\"canary\"],\"workers\":2.0}");
        // the sink kept the app's order
        Collected sink = Collected.read(Collected.fixture("shop-api-sink.jsonl").toString());
        assertThat(sink.entries.get(2).text()).isEqualTo("{\"event\":\"config\",\"port\":8080,\"workers\":2.0,\"ready\":false,"
                + "\"tags\":[\"blue\",\"canary\"],\"db\":{\"host\":\"/cloudsql/shop-prod:europe-west1:main\",\"pool\":null}}");
    }

    @Test
    void auditEntriesTakeStatusMessageOrNothing() throws IOException {
        List<LogEntry> entries = array();
        LogEntry ready = entries.get(8);
        assertThat(ready.text()).startsWith("Ready condition status changed to False for Revision shop-api-00042-xyz")
                .endsWith("within the allocated timeout.");
        assertThat(ready.methodName()).isEqualTo("/Services.ReplaceService");
        assertThat(ready.isAudit()).isTrue();

        LogEntry replace = entries.get(9);
        assertThat(replace.text()).isEmpty();
        assertThat(replace.methodName()).isEqualTo("google.cloud.run.v1.Services.ReplaceService");
        assertThat(replace.resource().namesRevision()).isFalse(); // service-level: revision_name ""
    }

    @Test
    void originsNameTheSourceEntryAndStartLine() throws IOException {
        String path = Collected.fixture("shop-api-export.json").toString();
        List<LogEntry> entries = array();
        assertThat(entries).extracting(LogEntry::origin).containsExactly(
                new Origin(path, 1, 2), new Origin(path, 2, 38), new Origin(path, 3, 60), new Origin(path, 4, 80),
                new Origin(path, 5, 100), new Origin(path, 6, 120), new Origin(path, 7, 140), new Origin(path, 8, 165),
                new Origin(path, 9, 199), new Origin(path, 10, 248));
    }

    @Test
    void keysInAnyOrderAndNestedLookalikesIgnored() {
        String json = """
                {"timestamp":"2025-10-28T11:00:00Z","jsonPayload":{"timestamp":"1999-01-01T00:00:00Z","severity":"DEBUG",
                "labels":{"instanceId":"not-me"},"message":"hello","extra":{"message":"nested"}},"unknownField":[1,{"a":[]}],
                "labels":{"instanceId":"i-1","other":"x"},"severity":"warning","resource":{"labels":{"revision_name":"r-1"},"type":"cloud_run_revision"},
                "logName":"projects/p/logs/run.googleapis.com%2Fstdout"}""";
        LogEntry e = read(json, new ArrayList<>());
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-10-28T11:00:00Z"));
        assertThat(e.severity()).isEqualTo(Severity.WARNING);
        assertThat(e.instanceId()).isEqualTo("i-1");
        assertThat(e.text()).isEqualTo("hello");
        assertThat(e.resource().revision()).isEqualTo("r-1");
        assertThat(e.resource().service()).isNull();
    }

    @Test
    void numericSeverityAndOddTimestamps() {
        List<InputProblem> problems = new ArrayList<>();
        LogEntry e = read("{\"severity\":500,\"timestamp\":\"2025-10-28t10:00:00.123456789-02:30\",\"resource\":{\"type\":\"global\"},"
                + "\"textPayload\":\"x\"}", problems);
        assertThat(e.severity()).isEqualTo(Severity.ERROR);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-10-28T12:30:00.123456789Z"));
        assertThat(e.resource()).isEqualTo(new Resource("global", null, null, null, null, null));
        assertThat(problems).isEmpty();
        assertThat(Rfc3339.parse("2025-10-28T10:00:00Z")).isEqualTo(Instant.parse("2025-10-28T10:00:00Z"));
        assertThat(Rfc3339.parse("2025-02-30T10:00:00Z")).isNull();
        assertThat(Rfc3339.parse("yesterday")).isNull();
        assertThat(Rfc3339.parse("2025-10-28T10:00:00.1234567891Z")).isNull();
    }

    @Test
    void messageAndTraceKeysTakeOnlyStrings() {
        LogEntry e = read("{\"timestamp\":\"2025-10-28T10:00:00Z\",\"resource\":{\"type\":\"global\"},\"jsonPayload\":{"
                + "\"message\":\"\",\"exc_info\":\"Traceback (most recent call last):\\n  boom\",\"traceback\":{\"not\":\"a string\"}}}",
                new ArrayList<>());
        assertThat(e.text()).isEqualTo("Traceback (most recent call last):\n  boom");
    }

    @Test
    void auditEntriesCarryTheirRevisionConfig() throws IOException {
        List<RevisionConfig> configs = new ArrayList<>();
        List<String> at = new ArrayList<>();
        new ExportSource(List.of(Collected.fixture("shop-api-export.json").toString())).read(entry -> {
            if (entry.config() != null) {
                configs.add(entry.config());
                at.add(entry.timestamp().toString());
            }
        }, p -> { });
        assertThat(configs).hasSize(1);
        assertThat(configs.get(0).revision()).isEqualTo(REVISION);
        assertThat(configs.get(0).settings()).containsEntry("cpu", "1").containsEntry("memory", "512Mi")
                .containsEntry("timeoutSeconds", "300");
        assertThat(at).containsExactly("2025-10-28T11:04:05.155309Z");
    }

    private static LogEntry read(String json, List<InputProblem> problems) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new LogEntryReader().read(bytes, 0, bytes.length, new Origin("t", 1, 1), problems::add);
    }

    /** A Cloud Run Job's entries: the job is the "service", the execution label the "revision", the task on the entry. */
    @Test
    void cloudRunJobEntriesNameTheirExecutionTaskAndAttempt() throws IOException {
        java.nio.file.Path sample = java.nio.file.Path.of(System.getProperty("faultline.home", "."), "samples/orders-export-job-2025-10-10.json");
        Collected c = Collected.read(sample.toString());
        assertThat(c.problems).isEmpty();

        LogEntry exit = c.entries.stream().filter(e -> "Container called exit(1).".equals(e.text()))
                .filter(e -> e.task().attempt() == 1).findFirst().orElseThrow();
        assertThat(exit.resource().isJob()).isTrue();
        assertThat(exit.resource().service()).isEqualTo("orders-export");
        assertThat(exit.resource().revision()).isEqualTo("orders-export-q9z4t");
        assertThat(exit.resource().location()).isEqualTo("europe-west1");
        assertThat(exit.task()).isEqualTo(new dev.faultline.entry.Task(0, 1));

        LogEntry failed = c.entries.stream().filter(e -> e.outcome() != null && !e.outcome().completed()).findFirst().orElseThrow();
        assertThat(failed.resource().revision()).isEqualTo("orders-export-q9z4t"); // the audit entry carries the execution label too
        assertThat(failed.task()).isNull();
        // the status message, then the Completed condition's message from the Execution in the response
        assertThat(failed.text()).isEqualTo("Execution orders-export-q9z4t has failed to complete, 0/1 tasks were a success.\n"
                + "Task orders-export-q9z4t-task0 failed with message: The container exited with an error.");
        assertThat(failed.config().settings()).containsEntry("maxRetries", "1");

        LogEntry update = c.entries.stream().filter(e -> "google.cloud.run.v1.Jobs.ReplaceJob".equals(e.methodName())).findFirst().orElseThrow();
        assertThat(update.resource().revision()).isNull();
        assertThat(update.config().revision()).isNull();
        assertThat(update.config().settings()).containsEntry("envNames", "EXPORT_BUCKET_URI,ORDERS_DB_HOST");
    }
}
