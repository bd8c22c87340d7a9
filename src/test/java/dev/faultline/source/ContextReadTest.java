package dev.faultline.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.logging.v2.LoggingClient;
import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.assemble.Stitcher;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.incident.SignatureHits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The context read: lines around a fetched traceback line, from the same instance and log within
 * the stitcher's gap, merged into the live stream so that a split multi-line event is whole again.
 */
class ContextReadTest {

    static final Instant FROM = Instant.parse("2025-10-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2025-10-02T00:00:00Z");
    static final String A = "00a1a1";
    static final String B = "00b2b2";
    static final String STDERR = "run.googleapis.com%2Fstderr";
    static final String STDOUT = "run.googleapis.com%2Fstdout";

    /** An os.environ KeyError traceback, one entry per line; only its last line holds a catalog literal. */
    static final List<String> KEY_ERROR = List.of(
            "Traceback (most recent call last):",
            "  File \"/app/main.py\", line 8, in <module>",
            "    SECRET = os.environ[\"SECRET\"]",
            "             ~~~~~~~~~~^^^^^^^^^^",
            "  File \"<frozen os>\", line 679, in __getitem__",
            "KeyError: 'SECRET'");

    /**
     * The variable has no underscore, so the catalog's split-line form ("KeyError: 'ENV_NAME'" alone)
     * does not apply: config.env-var-keyerror needs the os.environ frame above the KeyError line.
     * Live, the prefilter fetches the KeyError line only; the context read brings the five lines
     * above it (not the same instance's lines further away, another instance's, or stdout's).
     */
    @Test
    void aSplitTracebackMatchesLiveOnlyThanksToTheContextRead(@TempDir Path dir) throws Exception {
        ArrayNode entries = new ObjectMapper().createArrayNode();
        Instant t = Instant.parse("2025-10-01T10:00:20Z");
        entries.add(line(A, STDERR, t.minusSeconds(20), "Starting app", "far-before"));
        for (int i = 0; i < KEY_ERROR.size(); i++) {
            entries.add(line(A, STDERR, t.plusMillis(i), KEY_ERROR.get(i), "tb" + i));
        }
        entries.add(line(B, STDERR, t.plusMillis(2), "  other instance, indented", "other-instance"));
        entries.add(line(A, STDOUT, t.plusMillis(3), "  same instance, stdout", "other-log"));
        entries.add(line(A, STDERR, t.plusSeconds(10), "shutting down", "far-after"));
        Path export = dir.resolve("split.json");
        new ObjectMapper().writeValue(export.toFile(), entries);

        Catalog catalog = CatalogLoader.loadBundled();
        LiveQuery query = new LiveQuery("p", "shop-api", null, FROM, UNTIL, null, CandidateFilter.payloadClause(catalog));
        try (FakeLogging server = new FakeLogging(export.toString());
             LoggingClient client = server.connection("p").open()) {
            LiveSource prefiltered = new LiveSource(client, query, 1000, new ReadQuota(6000), p -> { });
            TriageResult without = new Triage(catalog, 3).run(prefiltered, p -> { });
            TriageResult with = new Triage(catalog, 3).run(prefiltered.withContext(Stitcher.GAP, Stitcher::mayJoin), p -> { });
            TriageResult file = new Triage(catalog, 3).run(new ExportSource(List.of(export.toString())), p -> { });

            assertThat(without.input().read()).isEqualTo(1);
            assertThat(hits(without)).isEmpty();

            assertThat(with.input().read()).isEqualTo(with.input().parsed() + with.input().malformed()).isEqualTo(6);
            assertThat(with.input().parsed()).isEqualTo(with.input().matched() + with.input().unmatched());
            assertThat(hits(with)).hasSize(1);
            SignatureHits hit = hits(with).get(0);
            SignatureHits fromFile = hits(file).get(0);
            assertThat(hit.signature()).isEqualTo(fromFile.signature());
            assertThat(hit.count()).isEqualTo(fromFile.count()).isEqualTo(1);
            assertThat(hit.entries()).isEqualTo(fromFile.entries());
            assertThat(hit.fieldValues()).isEqualTo(fromFile.fieldValues());
            assertThat(hit.evidence().get(0).text()).isEqualTo(fromFile.evidence().get(0).text());
            assertThat(hit.signature().id()).isEqualTo("config.env-var-keyerror");
            assertThat(hit.fieldValues().get("variable")).containsExactly("SECRET");
            assertThat(hit.evidence().get(0).parts()).hasSize(6);
            assertThat(hit.evidence().get(0).text()).isEqualTo(String.join("\n", KEY_ERROR));

            // the context read asked for the instance's stderr within the gap of the KeyError line
            String context = server.calls.get(server.calls.size() - 1).filter();
            assertThat(context).contains("labels.instanceId=\"" + A + "\"", "log_id(\"run.googleapis.com/stderr\")",
                    "timestamp>=\"2025-10-01T10:00:18.005Z\"", "timestamp<=\"2025-10-01T10:00:22.005Z\"");
        }
    }

    /**
     * Many split tracebacks in small pages with a small hold: every one whole, every entry passed on
     * once and in timestamp order, the context of many lines batched into few requests, and the
     * buffer bounded by the hold, not the input.
     */
    @Test
    void contextIsMergedOnceInOrderWithBoundedBuffering(@TempDir Path dir) throws Exception {
        int tracebacks = 40;
        ArrayNode entries = new ObjectMapper().createArrayNode();
        Instant t = Instant.parse("2025-10-01T10:00:00Z");
        for (int k = 0; k < tracebacks; k++) {
            String instance = k % 2 == 0 ? A : B;
            for (int s = 0; s < 10; s++) { // plain lines between the tracebacks, a second apart
                entries.add(line(instance, STDERR, t.plusSeconds(s), "GET /healthz 200", "plain-" + k + "-" + s));
            }
            Instant at = t.plusSeconds(5);
            for (int i = 0; i < KEY_ERROR.size(); i++) {
                entries.add(line(instance, STDERR, at.plusMillis(i), KEY_ERROR.get(i), "tb-" + k + "-" + i));
            }
            // a second literal line within the gap: one window, not two
            entries.add(line(instance, STDERR, at.plusMillis(900), "KeyError: 'OTHER'", "tb-" + k + "-again"));
            t = t.plusSeconds(10);
        }
        Path export = dir.resolve("many.json");
        new ObjectMapper().writeValue(export.toFile(), entries);

        LiveQuery query = new LiveQuery("p", null, null, FROM, UNTIL, null, "textPayload:\"KeyError: '\"");
        try (FakeLogging server = new FakeLogging(export.toString());
             LoggingClient client = server.connection("p").open()) {
            ReadQuota quota = new ReadQuota(6000);
            LiveSource main = new LiveSource(client, query, 10, quota, p -> { });
            List<com.google.logging.v2.LogEntry> passed = new ArrayList<>();
            int hold = 20;
            ContextRead context = new ContextRead(client, query, 1000, quota,
                    new ContextRead.Spec(Stitcher.GAP, Stitcher::mayJoin, hold), (json, e) -> passed.add(e), n -> { });
            LiveSource.Walk walk = main.walk(context::accept, n -> { });
            assertThat(context.finish()).isNull();

            assertThat(walk.entries()).isEqualTo(2L * tracebacks);
            // each traceback's six lines, its second KeyError line and the four plain lines within the gap
            // (at 3, 4, 6 and 7 s): what file triage sees around it too; the other six plain lines stay away
            assertThat(passed).hasSize(11 * tracebacks);
            assertThat(context.added()).isEqualTo(9L * tracebacks);
            Set<String> ids = new HashSet<>();
            passed.forEach(e -> assertThat(ids.add(e.getInsertId())).as(e.getInsertId()).isTrue());
            assertThat(passed).extracting(e -> Instant.ofEpochSecond(e.getTimestamp().getSeconds(), e.getTimestamp().getNanos()))
                    .isSorted();
            // 80 main entries in pages of 10: 8 requests; the context of 80 lines (40 windows) in one request
            // per hold of main entries (80 / 20) and one at the end, at most
            long contextCalls = server.calls.stream().filter(c -> c.filter().contains("labels.instanceId=")).count();
            assertThat(contextCalls).isEqualTo(context.requests()).isBetween(1L, 5L);
            assertThat(server.calls).hasSize(8 + (int) contextCalls);
            assertThat(server.calls).allSatisfy(c -> assertThat(c.filter().length()).isLessThanOrEqualTo(LiveQuery.MAX_FILTER_CHARS));
            // held at most: the hold of main entries (half of them lines with a literal, each a window), the
            // context of those windows (9 lines each), and the lines within a gap of the newest (one traceback's
            // 11): a bound set by the hold and the density of lines, not by the input (440 entries here)
            assertThat(context.maxHeld()).isLessThanOrEqualTo(hold + hold / 2 * 9 + 11).isLessThan(passed.size() / 3);
        }
    }

    private static List<SignatureHits> hits(TriageResult result) {
        List<SignatureHits> out = new ArrayList<>();
        result.revisions().forEach(r -> out.addAll(r.revision().hits()));
        return out;
    }

    private static ObjectNode line(String instance, String log, Instant at, String text, String id) {
        ObjectNode e = new ObjectMapper().createObjectNode();
        e.put("insertId", id);
        e.put("logName", "projects/p/logs/" + log);
        e.put("timestamp", at.toString());
        e.put("textPayload", text);
        ObjectNode resource = e.putObject("resource");
        resource.put("type", "cloud_run_revision");
        resource.putObject("labels").put("service_name", "shop-api").put("revision_name", "shop-api-00007-abc")
                .put("configuration_name", "shop-api").put("location", "us-central1").put("project_id", "p");
        e.putObject("labels").put("instanceId", instance);
        return e;
    }
}
