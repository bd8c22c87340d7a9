package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static dev.faultline.cli.TriageCommandTest.PORT_SAMPLE;
import static dev.faultline.cli.TriageCommandTest.revision;
import static dev.faultline.cli.TriageCommandTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 6 end to end: the first seed's analysis was a config diff against the last working revision. */
class ForensicsCommandTest {

    @Test
    void portSampleNamesTheLastWorkingRevisionAndTheResourceCut() {
        JsonNode json = run("triage", sample(PORT_SAMPLE), "--format", "json").json();

        JsonNode failing = revision(json, "netra-backend-staging-00161-67z");
        JsonNode incident = failing.get("incident");
        assertThat(incident.get("lastWorkingRevision").asText()).isEqualTo("netra-backend-staging-00035-fnj");
        assertThat(incident.get("firstFailingRevision").asText()).isEqualTo("netra-backend-staging-00161-67z");
        assertThat(incident.get("configDiffAvailable").asBoolean()).isTrue();
        List<String> changes = new ArrayList<>();
        incident.get("configChanges").forEach(c -> changes.add(
                c.get("field").asText() + " " + c.get("before").asText() + " -> " + c.get("after").asText()));
        // the three settings the seed's engineer found, ranked ahead of the image change
        assertThat(changes.subList(0, 3)).containsExactly("cpu 2 -> 1", "memory 4Gi -> 512Mi", "timeoutSeconds 600 -> 300");
        assertThat(incident.get("configChanges").get(0).get("related").asBoolean()).isTrue();
        assertThat(failing.get("config").get("memory").asText()).isEqualTo("512Mi");
        assertThat(revision(json, "netra-backend-staging-00035-fnj").get("status").asText()).isEqualTo("healthy");
        assertThat(failing.get("status").asText()).isEqualTo("failing");
    }

    @Test
    void textAndMarkdownCarryTheDiffInTheReasons() {
        for (String format : List.of("text", "markdown")) {
            // Markdown may backslash-escape punctuation such as '>'; the reader sees the same text
            String out = run("triage", sample(PORT_SAMPLE), "--format", format).out().replace("\\", "");
            assertThat(out).as(format)
                    .contains("last working revision netra-backend-staging-00035-fnj")
                    .contains("cpu 2 -> 1, memory 4Gi -> 512Mi, timeoutSeconds 600 -> 300");
        }
    }

    @Test
    void markdownAndHtmlShowTheDiffAsATable() {
        String md = run("triage", sample(PORT_SAMPLE), "--format", "markdown").out();
        assertThat(md).contains("**Config changes since netra-backend-staging-00035-fnj**")
                .contains("| cpu | 2 | 1 | yes |").contains("| memory | 4Gi | 512Mi | yes |")
                .contains("| timeoutSeconds | 600 | 300 | yes |");
        String html = run("triage", sample(PORT_SAMPLE), "--format", "html").out();
        assertThat(html).contains("Config changes since <code>netra-backend-staging-00035-fnj</code>")
                .contains("<td><code>memory</code></td><td><code>4Gi</code></td><td><code>512Mi</code></td>");
    }

    /** The same export filtered to container logs (no audit entries): the diff is unavailable, and we say where it is. */
    @Test
    void exportWithoutAuditEntriesSaysTheDiffIsUnavailable(@TempDir Path dir) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode kept = mapper.createArrayNode();
        mapper.readTree(Path.of(sample(PORT_SAMPLE)).toFile()).forEach(e -> {
            if (!e.path("logName").asText().contains("cloudaudit.googleapis.com")) {
                kept.add(e);
            }
        });
        Path file = dir.resolve("no-audit.json");
        mapper.writeValue(file.toFile(), kept);

        JsonNode incident = revision(run("triage", file.toString(), "--format", "json").json(),
                "netra-backend-staging-00161-67z").get("incident");

        assertThat(incident.get("lastWorkingRevision").asText()).isEqualTo("netra-backend-staging-00035-fnj");
        assertThat(incident.get("configDiffAvailable").asBoolean()).isFalse();
        assertThat(incident.get("configChanges")).isEmpty();
        assertThat(texts(incident.get("reasons"))).anySatisfy(r -> assertThat(r)
                .startsWith("configuration diff unavailable")
                .contains("logName=\"projects/netra-staging/logs/cloudaudit.googleapis.com%2Factivity\""));
    }
}
