package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code faultline catalog draft}: from a mined template to a signature that catalog test, lint and triage accept unchanged. */
class CatalogDraftCommandTest {

    /** The round trip the issue asks for: draft from a report's template, test and lint it, triage names it. */
    @Test
    void aDraftFromAMinedTemplatePassesTestAndLintAndTriageNamesIt(@TempDir Path dir) throws Exception {
        String input = sample(UnclassifiedCommandTest.STARTUP);
        JsonNode before = run("triage", input, "--format", "json").json();
        String id = UnclassifiedCommandTest.revision(before, "inventory-api-00018-rix").get("probableCauses").get(0).get("template").asText();

        Path team = dir.resolve("team");
        Files.createDirectories(team);
        Cli.Run draft = run("catalog", "draft", "--template", id, input, "-o", team.resolve("drafts.yaml").toString());
        assertThat(draft.exitCode()).as(draft.err()).isZero();
        assertThat(draft.err()).contains("wrote " + team.resolve("drafts.yaml")).contains("catalog test --catalog");
        String yaml = Files.readString(team.resolve("drafts.yaml"));
        assertThat(yaml).contains("- id: draft.json-decode-error", "status: experimental",
                "- regex: 'json\\.decoder\\.JSONDecodeError: Expecting property name enclosed in double quotes: line (?P<num>",
                "- 'json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 14 column 5 (char 312)'",
                // near misses from the same input
                "- 'Feature flag service unavailable: GET https://flags.acme-shop.example/v1/flags?app=inventory-api returned 503",
                "observed in ", "(drafted by faultline catalog draft from template " + id + ")");
        assertThat(Files.readString(team.resolve("catalog.yaml"))).contains("files:\n  - drafts.yaml");

        Cli.Run test = run("catalog", "test", "--catalog", team.toString());
        assertThat(test.exitCode()).as(test.err()).isZero();
        assertThat(test.out()).contains("all pass");
        Cli.Run lint = run("catalog", "lint", "--catalog", team.toString());
        assertThat(lint.exitCode()).as(lint.err()).isZero();
        assertThat(lint.out()).contains("no problems");
        // promoted to stable, the same signature needs a source others can follow
        Files.writeString(team.resolve("drafts.yaml"), yaml.replace("status: experimental", "status: stable"));
        Cli.Run promoted = run("catalog", "lint", "--catalog", team.toString());
        assertThat(promoted.exitCode()).isEqualTo(1);
        assertThat(promoted.err()).contains("draft.json-decode-error: references cite no documentation page");
        Files.writeString(team.resolve("drafts.yaml"), yaml);

        JsonNode after = run("triage", "--catalog", team.toString(), input, "--format", "json").json();
        JsonNode failing = UnclassifiedCommandTest.revision(after, "inventory-api-00018-rix");
        JsonNode first = failing.get("hits").get(0);
        assertThat(first.get("signature").asText()).isEqualTo("draft.json-decode-error");
        assertThat(first.get("role").asText()).isEqualTo("cause");
        assertThat(first.get("count").asInt()).isEqualTo(3);
        assertThat(failing.get("incident").get("causeFound").asBoolean()).isTrue();
        assertThat(failing.get("probableCauses")).isEmpty();
        // what the signature now matches is no longer unclassified
        after.get("unclassified").forEach(t -> assertThat(t.get("id").asText()).isNotEqualTo(id));
    }

    @Test
    void linesFromAFileDraftTheirLargestTemplateOnStdout(@TempDir Path dir) throws Exception {
        Path lines = dir.resolve("lines.txt");
        Files.writeString(lines, String.join("\n", List.of(
                "2025-10-06 09:14:29,467 ERROR [billing.webhooks] webhook \"invoice.paid\" rejected: signature mismatch (attempt 1)",
                "2025-10-06 09:16:02,101 ERROR [billing.webhooks] webhook \"invoice.paid\" rejected: signature mismatch (attempt 2)",
                "2025-10-06 09:18:40,870 ERROR [billing.webhooks] webhook \"customer.updated\" rejected: signature mismatch (attempt 1)",
                "2025-10-06 09:20:11,015 WARNING [storefront.cache] cache miss storm: 120 misses in 10s")) + "\n");
        Cli.Run draft = run("catalog", "draft", "--lines", lines.toString(), "--id", "billing.webhook-signature-mismatch");
        assertThat(draft.exitCode()).as(draft.err()).isZero();
        assertThat(draft.out()).contains("- id: billing.webhook-signature-mismatch")
                .contains("webhook \"(?P<quoted>[^\"''`]*)\" rejected: signature mismatch \\(attempt (?P<num>")
                .contains("extract: [quoted]")
                .contains("- '2025-10-06 09:14:29,467 ERROR [billing.webhooks] webhook \"invoice.paid\" rejected: signature mismatch (attempt 1)'")
                .contains("- '2025-10-06 09:20:11,015 WARNING [storefront.cache] cache miss storm: 120 misses in 10s'");
    }

    @Test
    void anUnknownTemplateOrAGenericOneIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Cli.Run unknown = run("catalog", "draft", "--template", "000000000000", sample(UnclassifiedCommandTest.STARTUP));
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no unclassified template 000000000000").contains("its templates:");

        Path lines = dir.resolve("generic.txt");
        Files.writeString(lines, "Error: 12\nError: 13\nError: 14\n");
        Cli.Run generic = run("catalog", "draft", "--lines", lines.toString());
        assertThat(generic.exitCode()).isEqualTo(1);
        assertThat(generic.err()).contains("too generic").contains("nothing written");

        Cli.Run usage = run("catalog", "draft", "--template", "abc");
        assertThat(usage.exitCode()).isEqualTo(2);
    }

    @Test
    void secretsInTheEventsStayOutOfTheDraft(@TempDir Path dir) throws Exception {
        Path lines = dir.resolve("secret.txt");
        Files.writeString(lines, String.join("\n", List.of(
                "psycopg2.OperationalError: connection to postgres://app:s3cr3t-pass@10.0.0.5:5432/orders refused (attempt 1)",
                "psycopg2.OperationalError: connection to postgres://app:s3cr3t-pass@10.0.0.6:5432/orders refused (attempt 2)",
                "redis.exceptions.ConnectionError: Error 111 connecting to 10.0.0.7:6379. Connection refused.")) + "\n");
        Cli.Run draft = run("catalog", "draft", "--lines", lines.toString());
        assertThat(draft.exitCode()).as(draft.err()).isZero();
        assertThat(draft.out()).doesNotContain("s3cr3t-pass").contains("postgres://app:***@");
        // the switch reaches the one place that redacts
        assertThat(run("catalog", "draft", "--lines", lines.toString(), "--no-redact").out()).contains("s3cr3t-pass");
    }
}
