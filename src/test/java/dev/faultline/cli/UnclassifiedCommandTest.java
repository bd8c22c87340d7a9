package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end, on samples whose cause is outside the catalog: the probable cause of a start-up
 * failure, the unclassified template of a revision that stays up, and that the seed, healthy and
 * noisy samples get neither.
 */
class UnclassifiedCommandTest {

    static final String STARTUP = "inventory-api-2025-10-02-startup-exception.json";
    static final String DB_ERRORS = "storefront-api-2025-10-06-db-error-every-request.json";

    static JsonNode revision(JsonNode json, String name) {
        for (JsonNode r : json.get("revisions")) {
            if (r.get("revision").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no revision " + name);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    /** The application exception the catalog lacks is ranked first, ahead of every platform symptom that matched. */
    @Test
    void aStartupExceptionOutsideTheCatalogIsTheProbableCause() {
        Cli.Run r = run("triage", sample(STARTUP), "--format", "json");
        JsonNode json = r.json();
        assertThat(r.exitCode()).isEqualTo(4);
        JsonNode failing = revision(json, "inventory-api-00018-rix");
        JsonNode incident = failing.get("incident");
        assertThat(incident.get("verdict").asText()).isEqualTo("new");
        assertThat(incident.get("causeFound").asBoolean()).isFalse();
        failing.get("hits").forEach(h -> assertThat(h.get("role").asText()).as(h.get("signature").asText()).isEqualTo("symptom"));

        JsonNode causes = failing.get("probableCauses");
        assertThat(causes).hasSize(3);
        JsonNode top = causes.get(0);
        assertThat(top.get("rank").asInt()).isEqualTo(1);
        assertThat(top.get("text").asText()).isEqualTo(
                "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line <NUM> column <NUM> (char <NUM>)");
        assertThat(top.get("frame").asText()).isEqualTo("/app/inventory/features.py in load_features");
        assertThat(top.get("kind").asText()).isEqualTo("exception");
        assertThat(top.get("onFailingInstance").asBoolean()).isTrue();
        assertThat(top.get("certain").asBoolean()).isFalse();
        assertThat(top.get("count").asInt()).isEqualTo(3);
        assertThat(top.get("instances").asInt()).isEqualTo(3);
        assertThat(top.get("reference").asText()).isEqualTo("python-runtime.gunicorn-worker-exception");
        assertThat(top.get("evidence").get("text").asText()).startsWith("Traceback (most recent call last):")
                .endsWith("json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 14 column 5 (char 312)");
        assertThat(top.get("evidence").get("revision").asText()).isEqualTo("inventory-api-00018-rix");
        // the next two: a bare ERROR level before an exception shape, each with how it was ranked
        assertThat(causes.get(1).get("text").asText()).startsWith("Feature flag service unavailable");
        assertThat(causes.get(1).get("kind").asText()).isEqualTo("level");
        assertThat(causes.get(2).get("text").asText()).isEqualTo("[<NUM>] [ERROR] Shutting down: Master");
        assertThat(incident.get("probableCause").asText()).isEqualTo(top.get("template").asText()).matches("[0-9a-f]{12}");

        List<String> reasons = texts(incident.get("reasons"));
        assertThat(reasons).anySatisfy(reason -> assertThat(reason)
                .startsWith("probable cause (not in the catalog, not certain): json.decoder.JSONDecodeError")
                .contains("[template " + top.get("template").asText() + "]").contains("exception-shaped")
                .contains("ranked among the unclassified error templates logged before the failure"));
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).startsWith("next candidate (2): Feature flag service unavailable"));
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).startsWith("cause not in the catalog: only symptoms matched")
                .contains("the probable cause below is ranked from the unmatched error lines"));

        // the same template in the input-wide list, with the revision it was seen on
        JsonNode template = null;
        for (JsonNode t : json.get("unclassified")) {
            if (t.get("id").asText().equals(top.get("template").asText())) {
                template = t;
            }
        }
        assertThat(template).isNotNull();
        assertThat(texts(template.get("revisions"))).containsExactly("inventory-api-00018-rix");
        assertThat(template.get("count").asInt()).isEqualTo(3);
        assertThat(template.get("examples")).hasSize(3);
        // the last working revision served on: healthy, nothing to rank
        JsonNode working = revision(json, "inventory-api-00017-wok");
        assertThat(working.get("status").asText()).isEqualTo("healthy");
        assertThat(working.get("probableCauses")).isEmpty();
        assertThat(working.get("unclassified")).isEmpty();
        assertThat(incident.get("lastWorkingRevision").asText()).isEqualTo("inventory-api-00017-wok");
        TriageCommandTest.assertBalanced(json);
    }

    /** Every request logs the same database error while /health answers 200: degraded, the template listed under the revision. */
    @Test
    void aRevisionThatStaysUpWhileEveryRequestFailsInsideIsDegradedWithItsTemplate() {
        Cli.Run r = run("triage", sample(DB_ERRORS), "--format", "json");
        JsonNode json = r.json();
        assertThat(r.exitCode()).isZero();
        JsonNode broken = revision(json, "storefront-api-00231-mep");
        assertThat(broken.get("status").asText()).isEqualTo("degraded");
        assertThat(broken.get("incident").get("verdict").asText()).isEqualTo("healthy");
        assertThat(broken.get("requests").get("status5xx").asInt()).isZero();
        JsonNode listed = broken.get("unclassified");
        assertThat(listed).hasSize(1);
        JsonNode t = listed.get(0);
        assertThat(t.get("text").asText()).isEqualTo(
                "Failed to load recommendations for product <NUM>: (psycopg2.errors.UndefinedFunction) operator does not exist: character varying = integer");
        assertThat(t.get("count").asInt()).isEqualTo(30);
        assertThat(t.get("firstSeen").asText()).isEqualTo("2025-10-06T09:14:29.467389Z");
        assertThat(t.get("lastSeen").asText()).isEqualTo("2025-10-06T10:28:48.867741Z");
        assertThat(t.get("example").get("line").asText()).contains("operator does not exist: character varying = integer");
        assertThat(t.get("example").get("text").asText()).contains("HINT:  No operator matches the given name and argument types.");
        assertThat(texts(broken.get("statusEvidence"))).anySatisfy(e -> assertThat(e)
                .isEqualTo("unclassified error template " + t.get("template").asText() + " logged 30 times against 40 requests (more than 5%)"));
        assertThat(broken.get("probableCauses")).isEmpty();
        JsonNode before = revision(json, "storefront-api-00230-hap");
        assertThat(before.get("status").asText()).isEqualTo("healthy");
        assertThat(before.get("unclassified")).isEmpty();
        // gunicorn's graceful-shutdown line is logged at INFO: not an error at all
        assertThat(json.get("mining").get("errorEvents").asInt()).isEqualTo(30);
        assertThat(json.get("unclassified")).hasSize(1);
    }

    /** The seeds keep their verdicts without guesses; the healthy and noisy samples show no probable cause and no unclassified noise. */
    @Test
    void seedsHealthyAndNoisySamplesGetNoProbableCause() {
        for (String name : List.of(TriageCommandTest.PORT_SAMPLE, TriageCommandTest.DB_SAMPLE, "healthy-rollout.json", "noisy-but-healthy.json")) {
            JsonNode json = run("triage", sample(name), "--format", "json").json();
            json.get("revisions").forEach(rev -> assertThat(rev.get("probableCauses")).as(name + " " + rev.get("revision")).isEmpty());
        }
        JsonNode port = run("triage", sample(TriageCommandTest.PORT_SAMPLE), "--format", "json").json();
        assertThat(texts(revision(port, "netra-backend-staging-00161-67z").get("incident").get("reasons")))
                .anySatisfy(reason -> assertThat(reason).contains("look at the lines just before 2025-09-08T02:53:07.108344Z"));
        JsonNode healthy = run("triage", sample("healthy-rollout.json"), "--format", "json").json();
        assertThat(healthy.get("unclassified")).isEmpty();
        JsonNode noisy = run("triage", sample("noisy-but-healthy.json"), "--format", "json").json();
        assertThat(noisy.get("unclassified")).isEmpty();
        assertThat(noisy.get("mining").get("noiseEvents").asInt()).isEqualTo(2);
        assertThat(revision(noisy, "catalog-worker-00087-qaz").get("noise").get("noise.fallback-to-stand-in").asInt()).isEqualTo(2);
        assertThat(revision(noisy, "catalog-worker-00087-qaz").get("status").asText()).isEqualTo("healthy");
    }

    @Test
    void textMarkdownAndHtmlSayProbableAndListTheTemplates() {
        String text = run("triage", sample(STARTUP)).out();
        assertThat(text).contains("probable cause (not in the catalog, not certain): json.decoder.JSONDecodeError")
                .contains("candidate 2: Feature flag service unavailable")
                .contains("unclassified error templates (no signature matched): 3")
                .contains("faultline catalog draft --template ID")
                // the probable cause's evidence is a stitched traceback: one terminal line per line of it
                .contains("    | Traceback (most recent call last):\n    |   File ")
                .doesNotContain("^J");
        String markdown = run("triage", sample(STARTUP), "--format", "markdown").out();
        assertThat(markdown).contains("**Probable cause (not in the catalog, not certain):** `json.decoder.JSONDecodeError")
                .contains("## Unclassified error templates")
                .contains("- **NEW** incident `").contains("inventory-api · revision 00018-rix")
                .contains(": Gunicorn, exception in worker process while loading the app (cause not in the catalog; probable cause: json.decoder.JSONDecodeError");
        String html = run("triage", sample(STARTUP), "--format", "html").out();
        assertThat(html).contains("<h3>Probable cause <span class=\"muted\">(not in the catalog, not certain)</span></h3>")
                .contains("<section id=\"unclassified\">");
        String degraded = run("triage", sample(DB_ERRORS)).out();
        assertThat(degraded).contains("degraded  storefront-api-00231-mep")
                .contains("unclassified errors on this revision:")
                .contains("30x, 2025-10-06 09:14:29Z .. 2025-10-06 10:28:48Z  Failed to load recommendations for product <NUM>");
        assertThat(run("triage", sample(DB_ERRORS), "--format", "markdown").out())
                .contains("**storefront-api-00231-mep is degraded:** unclassified error template");
    }

    /** Templates and examples quote the logs: secrets in them are redacted like any evidence. */
    @Test
    void examplesAndTemplatesAreRedacted(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("secret.json");
        Files.writeString(export, """
                [
                  {
                    "insertId": "a1",
                    "logName": "projects/p/logs/run.googleapis.com%2Fstderr",
                    "resource": {"labels": {"location": "europe-west1", "project_id": "p", "revision_name": "svc-00001-abc",
                                            "service_name": "svc", "configuration_name": "svc"}, "type": "cloud_run_revision"},
                    "severity": "ERROR",
                    "textPayload": "could not connect to postgres://app:hunter2secret@10.0.0.5:5432/orders with DB_PASSWORD=hunter2secret",
                    "timestamp": "2025-10-06T09:14:29.467389Z"
                  }
                ]
                """);
        String json = run("triage", export.toString(), "--format", "json").out();
        assertThat(json).doesNotContain("hunter2secret").contains("could not connect to");
        assertThat(run("triage", export.toString(), "--format", "json", "--no-redact").out()).contains("hunter2secret");
    }
}
