package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.source.FakeLogging;
import dev.faultline.source.LiveQuery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.time.Instant;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side prefilter keeps every verdict: live triage through {@link FakeLogging}, which
 * applies the whole query the way Cloud Logging would, against file triage of the whole export,
 * for every sample. What may differ, and only that, is listed per sample, with why.
 */
class PrefilterVerdictTest {

    static final String DB = TriageCommandTest.DB_SAMPLE;
    static final String PORT = TriageCommandTest.PORT_SAMPLE;

    /** Where the two reports legitimately differ: fewer entries are fetched (unmatched stdout/stderr lines stay on the server). */
    static final List<String> FEWER_ENTRIES = List.of("/input/entriesRead", "/input/parsed", "/input/events", "/input/unmatched",
            "/input/sources/0/entriesRead", "/input/sources/0/parsed",
            // where the entries came from: a file (format, digest, path) or the API
            "/input/sources/0/format", "/input/sources/0/sha256", "/input/sources/0/source");

    /** Per sample, every other JSON path whose value differs, and why. */
    static final Map<String, List<String>> EXPECTED = Map.of(
            DB, List.of(
                    // stitched traceback lines that carry no literal are not fetched: "matched" counts entries of matched events
                    "/input/matched",
                    "/revisions/0/entries", "/revisions/1/entries", "/revisions/2/entries", "/revisions/3/entries",
                    "/revisions/4/entries", "/revisions/5/entries", "/revisions/6/entries",
                    // the last entry of these revisions is an unmatched stdout line after their last request
                    "/revisions/1/lastSeen", "/revisions/6/lastSeen",
                    // 00711-d6z: a chained Python traceback (61 entries, two exception lines that name the timeout)
                    // is one stitched event in the file; live, only the two exception lines are fetched, and
                    // without the lines between them they are two events: one hit more, shorter evidence.
                    "/revisions/5/hits/1/count", "/revisions/5/hits/1/entries", "/revisions/5/hits/1/evidence/2/entries",
                    "/revisions/5/hits/1/evidence/2/insertId", "/revisions/5/hits/1/evidence/2/text",
                    "/revisions/5/hits/1/evidence/2/timestamp"),
            PORT, List.of("/revisions/0/entries", "/revisions/1/entries"),
            "healthy-rollout.json", List.of("/revisions/0/entries", "/revisions/1/entries", "/revisions/0/lastSeen",
                    "/revisions/1/lastSeen"),
            "noisy-but-healthy.json", List.of("/revisions/0/entries", "/revisions/0/lastSeen"));

    @ParameterizedTest
    @ValueSource(strings = {DB, PORT, "healthy-rollout.json", "noisy-but-healthy.json"})
    void prefilteredLiveTriageKeepsEveryVerdict(String name) throws Exception {
        try (FakeLogging server = new FakeLogging(name)) {
            Cli.Run live = run(LiveTriageTest.live(server.endpoint(), "--format", "json"));
            Cli.Run file = run("triage", sample(name), "--format", "json");
            assertThat(live.err()).isEmpty();
            assertThat(server.calls).isNotEmpty().allSatisfy(c -> assertThat(c.filter()).contains("textPayload:(\"", "log_id(\""));
            assertThat(live.exitCode()).isEqualTo(file.exitCode());
            JsonNode l = withoutOrigins(live.json());
            JsonNode f = withoutOrigins(file.json());

            // The verdict-bearing parts, compared directly (the diff below also covers them).
            assertThat(l.get("summary")).isEqualTo(f.get("summary"));
            assertThat(verdicts(l)).isNotEmpty().isEqualTo(verdicts(f));

            List<String> differs = new ArrayList<>();
            diff("", f, l, differs);
            List<String> expected = new ArrayList<>(FEWER_ENTRIES);
            expected.addAll(EXPECTED.get(name));
            assertThat(differs).containsExactlyInAnyOrderElementsOf(expected);

            // and each difference goes the way its reason says
            assertThat(l.at("/input/entriesRead").asLong()).isLessThan(f.at("/input/entriesRead").asLong());
            for (int i = 0; i < f.get("revisions").size(); i++) {
                JsonNode lr = l.get("revisions").get(i);
                JsonNode fr = f.get("revisions").get(i);
                assertThat(lr.get("entries").asLong()).isPositive().isLessThan(fr.get("entries").asLong());
                assertThat(lr.get("lastSeen").asText()).isLessThanOrEqualTo(fr.get("lastSeen").asText());
            }
        }
    }

    /** The one hit count that differs (see {@link #EXPECTED}): the two lines of a chained traceback, apart. */
    @org.junit.jupiter.api.Test
    void aChainedTracebackIsTwoEventsLive() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            JsonNode live = run(LiveTriageTest.live(server.endpoint(), "--format", "json")).json().at("/revisions/5");
            JsonNode file = run("triage", sample(DB), "--format", "json").json().at("/revisions/5");
            assertThat(live.get("revision").asText()).isEqualTo("netra-backend-staging-00711-d6z");
            JsonNode lh = live.at("/hits/1");
            JsonNode fh = file.at("/hits/1");
            assertThat(lh.get("signature").asText()).isEqualTo(fh.get("signature").asText()).isEqualTo("app.startup-phase-timeout");
            assertThat(lh.get("count").asLong()).isEqualTo(fh.get("count").asLong() + 1);
            assertThat(fh.at("/evidence/2/entries").asInt()).isEqualTo(61);
            assertThat(fh.at("/evidence/2/text").asText()).startsWith("Traceback (most recent call last):")
                    .contains("netra_backend.app.smd.DeterministicStartupError: Database initialization timeout after 25.0s");
            assertThat(lh.at("/evidence/2/entries").asInt()).isEqualTo(1);
            assertThat(lh.at("/evidence/2/text").asText())
                    .startsWith("netra_backend.app.smd.DeterministicStartupError: Database initialization timeout after 25.0s");
            assertThat(lh.get("fieldValues")).isEqualTo(fh.get("fieldValues"));
        }
    }

    /** The whole query for the bundled catalog, with every restriction faultline adds, fits Logging's limit. */
    @org.junit.jupiter.api.Test
    void theFullLiveQueryFitsTheFilterLimit() throws Exception {
        String candidates = CandidateFilter.payloadClause(CatalogLoader.loadBundled());
        LiveQuery query = new LiveQuery("netra-staging", "netra-backend-staging", "netra-backend-staging-00711-d6z",
                Instant.parse("2025-09-15T00:00:00Z"), Instant.parse("2025-09-16T00:00:00Z"), null, candidates);
        assertThat(query.filter().length()).isGreaterThan(10_000).isLessThan(LiveQuery.MAX_FILTER_CHARS);
        assertThat(query.filter()).contains(candidates);
        System.out.println("live query for the bundled catalog: " + query.filter().length() + " characters");
    }

    /** Revision by revision, what a verdict is made of. */
    private static List<JsonNode> verdicts(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : report.get("revisions")) {
            ObjectNode v = JsonNodeFactory.instance.objectNode();
            for (String field : List.of("service", "revision", "status", "created", "config", "requests", "lastServedOk", "firstFailure")) {
                v.set(field, r.get(field));
            }
            ArrayNode hits = v.putArray("hits");
            for (JsonNode h : r.get("hits")) {
                hits.addObject().put("signature", h.get("signature").asText()).put("role", h.get("role").asText())
                        .set("fieldValues", h.get("fieldValues"));
            }
            v.set("incident", r.get("incident"));
            out.add(v);
        }
        return out;
    }

    private static JsonNode withoutOrigins(JsonNode report) {
        JsonNode copy = report.deepCopy();
        copy.findParents("origin").forEach(evidence -> ((ObjectNode) evidence).remove("origin"));
        return copy;
    }

    /** The JSON paths where {@code a} and {@code b} differ (an array of another length is one path). */
    static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            out.add(path);
            return;
        }
        if (a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(path + "/" + k, a.get(k), b.get(k), out);
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                out.add(path);
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out);
            }
        } else if (!a.equals(b)) {
            out.add(path);
        }
    }
}
