package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.source.FakeLogging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static dev.faultline.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live triage samples request entries below 400 and scales the counts back up: a busy revision's
 * 5xx share is taken against all its requests (not the sample, which would make it degraded), and
 * a quiet revision's 2xx, absent from the sample, are found by the follow-up read.
 */
class RequestSampleTest {

    static final String BUSY = "shop-api-00002-new";
    static final String QUIET = "shop-api-00001-old";
    static final int BUSY_2XX = 2000;
    static final int BUSY_5XX = 60;
    static final int QUIET_2XX = 8;

    @Test
    void aBusyRevisionIsJudgedOnScaledCountsAndAQuietOneKeepsItsLast2xx(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("busy.json");
        new ObjectMapper().writeValue(export.toFile(), requests());
        try (FakeLogging server = new FakeLogging(export.toString())) {
            Cli.Run live = run(LiveTriageTest.live(server.endpoint(), "--service", "shop-api", "--format", "json"));
            Cli.Run file = run("triage", export.toString(), "--format", "json");
            assertThat(live.err()).isEmpty();
            JsonNode l = live.json();
            JsonNode f = file.json();

            // The busy revision: 60 5xx of 2060 requests (2.9 %) is healthy; against the sample's ~100
            // 2xx it would be 37 % and degraded. Its 2xx count is an estimate, its last 2xx exact.
            JsonNode lb = revision(l, BUSY);
            JsonNode fb = revision(f, BUSY);
            assertThat(fb.get("status").asText()).isEqualTo("healthy");
            assertThat(lb.get("status").asText()).isEqualTo("healthy");
            long sampled2xx = l.at("/input/entriesRead").asLong() - BUSY_5XX - 1; // the quiet revision's 4xx
            assertThat(sampled2xx).isBetween(60L, 140L);
            assertThat(BUSY_5XX / (double) (sampled2xx + BUSY_5XX)).isGreaterThan(0.05);
            assertThat(lb.at("/requests/status2xx").asLong()).isBetween(1600L, 2400L);
            assertThat(lb.at("/requests/status5xx").asLong()).isEqualTo(BUSY_5XX);
            assertThat(lb.at("/requests/sampled").asBoolean()).isTrue();
            assertThat(lb.at("/requests/estimated")).map(JsonNode::asText).containsExactly("total", "status2xx", "status3xx");
            assertThat(lb.get("lastServedOk")).isEqualTo(fb.get("lastServedOk"));
            assertThat(lb.at("/statusEvidence/0").asText()).startsWith("~").contains(" requests: ~").endsWith("below 400 sampled at 5%");

            // The quiet revision: none of its 8 2xx in the sample; the follow-up read counts them all.
            JsonNode lq = revision(l, QUIET);
            JsonNode fq = revision(f, QUIET);
            assertThat(lq.at("/requests/status2xx").asLong()).isEqualTo(fq.at("/requests/status2xx").asLong()).isEqualTo(QUIET_2XX);
            assertThat(lq.get("lastServedOk")).isEqualTo(fq.get("lastServedOk"));
            assertThat(lq.at("/requests/estimated")).map(JsonNode::asText).containsExactly("total", "status3xx");
            assertThat(lq.get("status")).isEqualTo(fq.get("status"));

            // One page of the main read; the first follow-up page holds only the busy revision's newest
            // 1000 2xx, so the quiet one is asked for again alone.
            assertThat(server.calls).hasSize(3);
            assertThat(server.calls.get(1).filter()).contains("resource.labels.revision_name=(\"" + QUIET + "\" OR \"" + BUSY + "\")");
            assertThat(server.calls.get(2).filter()).contains("resource.labels.revision_name=(\"" + QUIET + "\")");
            assertThat(server.calls.subList(1, 3)).allSatisfy(c -> assertThat(c.orderBy()).isEqualTo("timestamp desc"));
        }
    }

    private static JsonNode revision(JsonNode report, String name) {
        for (JsonNode r : report.get("revisions")) {
            if (r.get("revision").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no revision " + name + " in " + report);
    }

    /** The quiet revision serves a little, then the busy one a lot, with a few 5xx spread among them. */
    private static ArrayNode requests() {
        ArrayNode all = new ObjectMapper().createArrayNode();
        Instant t = Instant.parse("2025-09-20T08:00:00Z");
        for (int i = 0; i < QUIET_2XX; i++) {
            all.add(request(QUIET, t = t.plusSeconds(30), 200, "q" + i));
        }
        all.add(request(QUIET, t = t.plusSeconds(30), 404, "q-404"));
        for (int i = 0; i < BUSY_2XX + BUSY_5XX; i++) {
            boolean error = i % ((BUSY_2XX + BUSY_5XX) / BUSY_5XX) == 0 && i / ((BUSY_2XX + BUSY_5XX) / BUSY_5XX) < BUSY_5XX;
            all.add(request(BUSY, t = t.plusMillis(1500), error ? 503 : 200, "b" + i));
        }
        return all;
    }

    private static ObjectNode request(String revision, Instant at, int status, String id) {
        ObjectNode e = new ObjectMapper().createObjectNode();
        e.put("insertId", "req-" + id);
        e.put("logName", "projects/netra-staging/logs/run.googleapis.com%2Frequests");
        e.put("timestamp", at.toString());
        e.put("severity", status >= 500 ? "ERROR" : "INFO");
        e.putObject("httpRequest").put("status", status).put("requestMethod", "GET").put("requestUrl", "https://shop.example/api")
                .put("latency", "0.020s");
        ObjectNode resource = e.putObject("resource");
        resource.put("type", "cloud_run_revision");
        resource.putObject("labels").put("service_name", "shop-api").put("revision_name", revision)
                .put("configuration_name", "shop-api").put("location", "us-central1").put("project_id", "netra-staging");
        e.putObject("labels").put("instanceId", "00f1" + revision.hashCode());
        return e;
    }
}
