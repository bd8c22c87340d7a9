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
            DB, concat(List.of(
                    // every event that matched is whole (its traceback lines come with the context read): "matched" is equal
                    "/revisions/0/entries", "/revisions/1/entries", "/revisions/2/entries", "/revisions/3/entries",
                    "/revisions/4/entries", "/revisions/5/entries", "/revisions/6/entries",
                    // the last entry of these revisions is an unmatched stdout line after their last request
                    "/revisions/1/lastSeen", "/revisions/6/lastSeen"),
                    // the failing revisions' request line comes after their failure line; the healthy ones' first
                    sampled(0, 1), sampled(1, 0), sampled(2, 1), sampled(3, 1), sampled(4, 1), sampled(5, 1), sampled(6, 0),
                    // "last working revision 00691-vbn (~4 requests: ...; below 400 sampled at 5%, 2xx counted)",
                    // also in the incident's reasons (its newest revision's)
                    List.of("/revisions/2/incident/reasons/6", "/revisions/3/incident/reasons/6",
                            "/revisions/4/incident/reasons/6", "/revisions/5/incident/reasons/6", "/incidents/0/reasons/6")),
            PORT, concat(List.of("/revisions/0/entries", "/revisions/1/entries",
                    // 00035-fnj's last entry is a 2xx request outside the sample
                    "/revisions/0/lastSeen"),
                    // 00161-67z logged no request: "no requests logged" either way
                    sampled(0, 0), sampled(1, null), List.of("/revisions/1/incident/reasons/2", "/incidents/0/reasons/2")),
            "healthy-rollout.json", concat(List.of("/revisions/0/entries", "/revisions/1/entries", "/revisions/0/lastSeen",
                    "/revisions/1/lastSeen",
                    // 00041-tuv's first entry is a 2xx request outside the sample
                    "/revisions/0/firstSeen"), sampled(0, 0), sampled(1, 0)),
            "noisy-but-healthy.json", concat(List.of("/revisions/0/entries", "/revisions/0/lastSeen"), sampled(0, 0)),
            // the probable cause and its candidates are the same live: the prefilter asks for every line that looks like an error
            UnclassifiedCommandTest.STARTUP, concat(List.of("/revisions/0/entries", "/revisions/0/lastSeen", "/revisions/1/entries",
                    // "last working revision 00017-wok (~18 requests: ...; below 400 sampled at 5%, 2xx counted)"
                    "/revisions/1/incident/reasons/5", "/incidents/0/reasons/5"), sampled(0, 0), sampled(1, null)),
            // 00231-mep's degraded line says "~40 requests" too: the share is taken against the scaled count
            UnclassifiedCommandTest.DB_ERRORS, concat(List.of("/revisions/0/entries", "/revisions/0/lastSeen", "/revisions/1/entries",
                    "/revisions/1/lastSeen", "/revisions/1/statusEvidence/1"), sampled(0, 0), sampled(1, 0)));

    /**
     * What sampling request entries below 400 changes for a revision, whatever the counts: the
     * {@code requests} object says so, and so does its status evidence line {@code requestLine}
     * (null when it logged no request) with "~" and the sample note.
     */
    static List<String> sampled(int revision, Integer requestLine) {
        String r = "/revisions/" + revision;
        List<String> paths = new ArrayList<>(List.of(r + "/requests/sampled", r + "/requests/sampleFraction", r + "/requests/estimated"));
        if (requestLine != null) {
            paths.add(r + "/statusEvidence/" + requestLine);
        }
        return paths;
    }

    @SafeVarargs
    static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    /** Context reads per sample: ListLogEntries requests for the lines around fetched traceback lines. */
    static final Map<String, Integer> CONTEXT_READS = Map.of(DB, 1, PORT, 0, "healthy-rollout.json", 0, "noisy-but-healthy.json", 0,
            UnclassifiedCommandTest.STARTUP, 1, UnclassifiedCommandTest.DB_ERRORS, 0);

    @ParameterizedTest
    @ValueSource(strings = {DB, PORT, "healthy-rollout.json", "noisy-but-healthy.json", UnclassifiedCommandTest.STARTUP,
            UnclassifiedCommandTest.DB_ERRORS})
    void prefilteredLiveTriageKeepsEveryVerdict(String name) throws Exception {
        try (FakeLogging server = new FakeLogging(name)) {
            Cli.Run live = run(name.startsWith("netra-") || name.contains("healthy") ? LiveTriageTest.live(server.endpoint(), "--format", "json", "--catalog", Cli.SEED_CATALOG)
                    // the samples of issue 12 are in October 2025
                    : new String[] {"triage", "--project", "acme-shop-prod", "--endpoint", server.endpoint(),
                            "--from", "2025-10-01T00:00:00Z", "--until", "2025-11-01T00:00:00Z", "--format", "json", "--catalog", Cli.SEED_CATALOG});
            Cli.Run file = run("triage", sample(name), "--format", "json", "--catalog", Cli.SEED_CATALOG);
            assertThat(live.err()).isEmpty();
            // one page of the prefiltered read, the context reads of its traceback lines (CONTEXT_READS), then
            // one follow-up read of every revision's 2xx (they all fit on a page)
            List<FakeLogging.Call> calls = server.calls;
            assertThat(calls).hasSize(2 + CONTEXT_READS.get(name));
            assertThat(calls.get(0).filter()).contains("textPayload:(\"", "log_id(\"", "sample(insertId, 0.05)");
            assertThat(calls.subList(1, calls.size() - 1)).allSatisfy(c -> assertThat(c.filter())
                    .contains("labels.instanceId=\"", "log_id(\"run.googleapis.com/std").doesNotContain("textPayload:"));
            assertThat(calls.get(calls.size() - 1).orderBy()).isEqualTo("timestamp desc");
            assertThat(calls.get(calls.size() - 1).filter()).contains("httpRequest.status>=200", "resource.labels.revision_name=(");
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
                assertThat(lr.get("firstSeen").asText()).isGreaterThanOrEqualTo(fr.get("firstSeen").asText());
                // every count equals the file's (the follow-up read counted each revision's 2xx, the
                // samples hold no 3xx), and the report says which of them could have been estimates
                assertThat(lr.at("/requests/sampled").asBoolean()).isTrue();
                assertThat(fr.at("/requests/sampled").asBoolean()).isFalse();
                assertThat(lr.at("/requests/sampleFraction").asDouble()).isEqualTo(LiveQuery.REQUEST_SAMPLE);
                assertThat(lr.at("/requests/estimated")).map(JsonNode::asText).containsExactly("total", "status3xx");
                assertThat(fr.at("/requests/estimated")).isEmpty();
                for (int k = 0; k < fr.get("statusEvidence").size(); k++) {
                    assertThat(unsampled(lr.at("/statusEvidence/" + k).asText())).isEqualTo(fr.at("/statusEvidence/" + k).asText());
                }
            }
        }
    }

    /**
     * 00711-d6z: a chained Python traceback (61 entries, of which only the two exception lines hold
     * a literal) is one stitched event in the file. The prefilter fetches the two lines; the context
     * read fetches the 59 between and around them, so live it is one event too, with the same evidence.
     */
    @org.junit.jupiter.api.Test
    void aChainedTracebackIsWholeLive() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            JsonNode live = withoutOrigins(run(LiveTriageTest.live(server.endpoint(), "--format", "json", "--catalog", Cli.SEED_CATALOG))
                    .json()).at("/revisions/5");
            JsonNode file = withoutOrigins(run("triage", sample(DB), "--format", "json", "--catalog", Cli.SEED_CATALOG).json())
                    .at("/revisions/5");
            assertThat(live.get("revision").asText()).isEqualTo("netra-backend-staging-00711-d6z");
            JsonNode lh = live.at("/hits/1");
            JsonNode fh = file.at("/hits/1");
            assertThat(lh.get("signature").asText()).isEqualTo("app.startup-phase-timeout");
            assertThat(fh.get("count").asLong()).isEqualTo(8);
            assertThat(fh.at("/evidence/2/entries").asInt()).isEqualTo(61);
            assertThat(fh.at("/evidence/2/text").asText()).startsWith("Traceback (most recent call last):")
                    .contains("netra_backend.app.smd.DeterministicStartupError: Database initialization timeout after 25.0s");
            assertThat(lh).isEqualTo(fh);

            // the context read: one request, the traceback's instance and stream within the stitcher's gap of its lines
            List<FakeLogging.Call> context = server.calls.stream().filter(c -> c.filter().contains("labels.instanceId=")).toList();
            assertThat(context).hasSize(1);
            assertThat(context.get(0).filter()).contains("log_id(\"run.googleapis.com/stderr\")", "timestamp>=\"2025-09-15T21:35:1")
                    .doesNotContain("textPayload:").hasSizeLessThan(LiveQuery.MAX_FILTER_CHARS);
        }
    }

    /** The whole query for the bundled catalog, with every restriction faultline adds, fits Logging's limit. */
    @org.junit.jupiter.api.Test
    void theFullLiveQueryFitsTheFilterLimit() throws Exception {
        String candidates = LiveRun.candidates(CatalogLoader.loadBundled());
        LiveQuery query = new LiveQuery("netra-staging", "netra-backend-staging", "netra-backend-staging-00711-d6z",
                Instant.parse("2025-09-15T00:00:00Z"), Instant.parse("2025-09-16T00:00:00Z"), null, candidates);
        assertThat(query.filter().length()).isGreaterThan(10_000).isLessThan(LiveQuery.MAX_FILTER_CHARS);
        assertThat(query.filter()).contains(candidates);
        System.out.println("live query for the bundled catalog: " + query.filter().length() + " characters");
    }

    /** What a live report adds to request counts: those below 400 are a 5 % sample, the 2xx counted by the follow-up read. */
    static final String SAMPLE_NOTE = "; below 400 sampled at 5%, 2xx counted";

    /** {@code text} without what marks sampled request counts: the note and the "~" of an estimate. */
    static String unsampled(String text) {
        return text.replace(SAMPLE_NOTE, "").replaceAll("~(\\d)", "$1");
    }

    /** Revision by revision, what a verdict is made of. */
    static List<JsonNode> verdicts(JsonNode report) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : report.get("revisions")) {
            ObjectNode v = JsonNodeFactory.instance.objectNode();
            for (String field : List.of("service", "revision", "status", "created", "config", "requests", "lastServedOk", "firstFailure")) {
                v.set(field, r.get(field).deepCopy());
            }
            // how the counts were made (every entry, or a sample) is compared in the diff; the counts here
            ((ObjectNode) v.get("requests")).remove(List.of("sampled", "sampleFraction", "estimated"));
            ArrayNode hits = v.putArray("hits");
            for (JsonNode h : r.get("hits")) {
                hits.addObject().put("signature", h.get("signature").asText()).put("role", h.get("role").asText())
                        .set("fieldValues", h.get("fieldValues"));
            }
            // a reason that quotes a revision's request counts says, live, that they come from a sample
            ObjectNode incident = r.get("incident").deepCopy();
            ArrayNode reasons = incident.putArray("reasons");
            r.at("/incident/reasons").forEach(reason -> reasons.add(unsampled(reason.asText())));
            v.set("incident", incident);
            out.add(v);
        }
        return out;
    }

    static JsonNode withoutOrigins(JsonNode report) {
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
