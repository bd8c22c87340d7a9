package dev.faultline.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.assemble.Event;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bundled catalog against the real logs of the seed incidents (../shared/realworld/netra, outside
 * the repository: the tests skip with a printed reason when it is absent). Entries are matched one by
 * one, as they come, without stitching.
 */
class RealWorldMatchTest {

    private static final Path NETRA = Path.of(System.getProperty("faultline.home", "."), "..", "shared", "realworld", "netra")
            .normalize();
    private static Matcher matcher;

    @BeforeAll
    static void setUp() throws CatalogException {
        if (!Files.isDirectory(NETRA)) {
            System.out.println("RealWorldMatchTest skipped: " + NETRA + " is absent (it lives outside the repository)");
        }
        assumeTrue(Files.isDirectory(NETRA), "realworld logs absent: " + NETRA);
        matcher = new Matcher(CatalogLoader.loadBundled().diagnostic()); // what triage matches with: known noise apart
    }

    @Test
    void healthyRolloutFiresNothing() throws IOException {
        assertThat(hitsByRevision("case-02-control-healthy-rollout-20250828.json")).isEmpty();
    }

    @Test
    void portListenTimeoutOf00161() throws IOException {
        Map<String, Map<String, Set<String>>> hits = hitsByRevision("case-03-port-listen-timeout-00161-67z.json");
        assertThat(hits).containsOnlyKeys("netra-backend-staging-00161-67z");
        assertThat(hits.get("netra-backend-staging-00161-67z"))
                .isEqualTo(Map.of("cloudrun.port-listen-timeout", Set.of("port=8000")));
    }

    @Test
    void smdDatabaseTimeoutOf00697() throws IOException {
        Map<String, Map<String, Set<String>>> hits = hitsByRevision("case-07-smd-phase3-db-timeout-20s-00697-gp6.json");
        assertThat(hits.get("netra-backend-staging-00697-gp6")).isEqualTo(Map.of(
                "app.startup-phase-timeout", Set.of("phase=Database", "timeoutSeconds=20.0"),
                "app.lifespan-startup-failed", Set.of(),
                "cloudrun.container-exit", Set.of("exitCode=3")));
    }

    @Test
    void databaseTimeoutChainOf00704And00709And00711() throws IOException {
        Map<String, Set<String>> all = Map.of(
                "app.startup-phase-timeout", Set.of("phase=Database", "timeoutSeconds=25.0"),
                "app.lifespan-startup-failed", Set.of(),
                "postgres.cloudsql-socket-error", Set.of(
                        "socket=/cloudsql/netra-staging:us-central1:staging-shared-postgres/.s.PGSQL.5432",
                        "instance=netra-staging:us-central1:staging-shared-postgres"),
                "cloudrun.container-exit", Set.of("exitCode=3"),
                "cloudrun.request-connection-error", Set.of());

        Map<String, Map<String, Set<String>>> case08 = hitsByRevision("case-08-db-init-timeout-25s-00704-ds8.json");
        assertThat(case08).containsOnlyKeys("netra-backend-staging-00704-ds8");
        assertThat(case08.get("netra-backend-staging-00704-ds8")).isEqualTo(all);

        // The export holds no 503 of 00709-bg5 and no exit line of 00711-d6z; the fingerprint of #1263 is on both.
        Map<String, Map<String, Set<String>>> case09 = hitsByRevision("case-09-db-init-timeout-25s-00709-bg5-00711-d6z.json");
        assertThat(case09).containsOnlyKeys("netra-backend-staging-00709-bg5", "netra-backend-staging-00711-d6z");
        assertThat(case09.get("netra-backend-staging-00709-bg5")).isEqualTo(without(all, "cloudrun.request-connection-error"));
        assertThat(case09.get("netra-backend-staging-00711-d6z")).isEqualTo(without(all, "cloudrun.container-exit"));
    }

    private static Map<String, Set<String>> without(Map<String, Set<String>> map, String key) {
        Map<String, Set<String>> copy = new TreeMap<>(map);
        copy.remove(key);
        return copy;
    }

    /** revision -> signature id -> distinct "field=value" strings, over every entry of the file. */
    private static Map<String, Map<String, Set<String>>> hitsByRevision(String file) throws IOException {
        JsonNode entries = new ObjectMapper().readTree(NETRA.resolve(file).toFile());
        Map<String, Map<String, Set<String>>> result = new TreeMap<>();
        int n = 0;
        for (JsonNode e : entries) {
            n++;
            String revision = e.path("resource").path("labels").path("revision_name").asText("");
            for (Hit hit : matcher.match(Event.of(entry(e, file, n)))) {
                Set<String> fields = result.computeIfAbsent(revision, r -> new TreeMap<>())
                        .computeIfAbsent(hit.signature().id(), id -> new TreeSet<>());
                hit.fields().forEach((k, v) -> fields.add(k + "=" + v));
            }
        }
        return result;
    }

    private static LogEntry entry(JsonNode e, String file, int n) {
        String logName = e.path("logName").asText("");
        int at = logName.indexOf("/logs/");
        String shortLog = URLDecoder.decode(at < 0 ? logName : logName.substring(at + 6), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        if (e.hasNonNull("textPayload")) {
            texts.add(e.get("textPayload").asText());
        } else if (e.path("jsonPayload").hasNonNull("message")) {
            texts.add(e.path("jsonPayload").get("message").asText());
        } else if (e.path("protoPayload").path("status").hasNonNull("message")) {
            texts.add(e.path("protoPayload").path("status").get("message").asText());
        }
        String text = texts.isEmpty() ? "" : texts.get(0);
        JsonNode labels = e.path("resource").path("labels");
        Resource resource = new Resource(e.path("resource").path("type").asText(null), labels.path("project_id").asText(null),
                labels.path("service_name").asText(null), labels.path("revision_name").asText(null),
                labels.path("configuration_name").asText(null), labels.path("location").asText(null));
        return new LogEntry(new Origin(file, n, 0), Instant.parse(e.path("timestamp").asText("1970-01-01T00:00:00Z")),
                Severity.parse(e.path("severity").asText(null)), shortLog, resource, null, e.path("insertId").asText(null),
                null, text, e.path("httpRequest").path("status").asInt(0), -1, null);
    }
}
