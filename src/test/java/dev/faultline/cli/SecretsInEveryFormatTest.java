package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.report.Redactor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.faultline.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 item 1: every kind of secret in every position a log value reaches a report (a plain
 * stderr line, a platform line, a structured message, an extracted field and, from it, the remediation,
 * a trend across revisions) in every format, masked, with the same count everywhere. With
 * --no-redact the same secrets show up, which proves each position really reaches each format.
 */
class SecretsInEveryFormatTest {

    /**
     * One secret per kind, in a line that holds nothing else to mask.
     *
     * @param sample a log fragment with the secret in it
     * @param core   a part of the secret that no format escapes (no markup characters), to search for
     */
    record Kind(String name, String sample, String core) {
    }

    static final List<Kind> KINDS = List.of(
            new Kind("dsn", "postgresql+asyncpg://netra:s3cr3tP4ssw0rd@/netra_staging?host=/cloudsql/x", "s3cr3tP4ssw0rd"),
            new Kind("dsn-at-slash", "postgresql://app:Tr1cky@pa55/w0rd@10.0.0.5:5432/orders", "pa55/w0rd"),
            new Kind("github-pat", "push token ghp_0123456789abcdefghijABCDEFGHIJ012345", "0123456789abcdefghijABCDEFGHIJ012345"),
            new Kind("github-oauth", "oauth gho_1123456789abcdefghijABCDEFGHIJ012345", "1123456789abcdefghijABCDEFGHIJ012345"),
            new Kind("github-fine-grained", "api github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
            new Kind("slack-token", "slack xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"),
            new Kind("slack-webhook", "POST https://hooks.slack.com/services/T00000000/B00000000/Zq8XqPz4TnLwUaV7sRtYbKcM returned 404",
                    "Zq8XqPz4TnLwUaV7sRtYbKcM"),
            new Kind("stripe-live", "stripe key sk_live_51HqQmBzXyW0123456789 rejected", "51HqQmBzXyW0123456789"),
            new Kind("stripe-restricted", "stripe key rk_live_61HqQmBzXyW0123456789 rejected", "61HqQmBzXyW0123456789"),
            new Kind("sendgrid", "sendgrid SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg unauthorized",
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg"),
            new Kind("npm", "registry token npm_zyxwvutsrqponmlkjihgfedcba0123456789", "zyxwvutsrqponmlkjihgfedcba0123456789"),
            new Kind("azure-account-key", "AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4K2FiY2RlZmdoaWprbG1ub3A=;EndpointSuffix=core.windows.net",
                    "Zm9vYmFyYmF6cXV4K2FiY2RlZmdoaWprbG1ub3A"),
            new Kind("azure-sas", "BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=Qm9vYmFyYmF6MTIz",
                    "Qm9vYmFyYmF6MTIz"),
            new Kind("aws-secret-key", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "K7MDENG/bPxRfiCYEXAMPLEKEY"),
            new Kind("aws-access-key", "using AKIAIOSFODNN7EXAMPLE for s3", "AKIAIOSFODNN7EXAMPLE"),
            new Kind("cookie", "request Cookie: session=8f14e45fceea167a5a36dedd4bea2543", "8f14e45fceea167a5a36dedd4bea2543"),
            new Kind("set-cookie", "response Set-Cookie: sid=s3AabcDEF123xyz", "s3AabcDEF123xyz"),
            new Kind("pwd-query", "GET /login?user=bob&pwd=Hunter2Hunter2&next=/", "Hunter2Hunter2"),
            new Kind("json-password", "{\"password\": \"pa55-w0rd-json\", \"user\": \"app\"}", "pa55-w0rd-json"),
            new Kind("json-client-secret", "{\"client_secret\": \"correct horse battery staple\"}", "correct horse battery staple"),
            new Kind("prose-password", "login with password 'opensesame42' failed", "opensesame42"),
            new Kind("bearer", "Authorization: Bearer abcdef1234567890xyz", "abcdef1234567890xyz"),
            new Kind("google-api-key", "key=AIzaSyA1234567890abcdefghijklmnopqrstuv used", "SyA1234567890abcdefghijklmnopqrstuv"),
            new Kind("jwt", "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5NXgL0n3I9PlFUP0THsR8U ok",
                    "dozjgNryP4J3jVmNHl0w5NXgL0n3I9PlFUP0THsR8U"),
            new Kind("private-key", "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----",
                    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"));

    /** Positions per kind (one revision each): evidence only in the first three, evidence and field in the rest. */
    static final int MASKS_PER_KIND = 3 + 3 * 2;

    static Path export;

    @BeforeAll
    static void writeExport(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode entries = json.createArrayNode();
        int second = 0;
        for (int k = 0; k < KINDS.size(); k++) {
            Kind kind = KINDS.get(k);
            String service = String.format("k%02d-%s", k, kind.name());
            String plain = "Cloud SQL connection failed. Please see " + kind.sample() + " for additional details";
            String field = "google.api_core.exceptions.PermissionDenied: 403 attempt %d " + kind.sample();
            entries.add(entry(json, service, "00001-pln", "run.googleapis.com/stderr", second++, plain, null));
            entries.add(entry(json, service, "00002-plt", "run.googleapis.com/varlog/system", second++, plain, null));
            entries.add(entry(json, service, "00003-str", "run.googleapis.com/stdout", second++, null, plain));
            entries.add(entry(json, service, "00004-fld", "run.googleapis.com/stderr", second++, field.formatted(1), null));
            entries.add(entry(json, service, "00005-tra", "run.googleapis.com/stderr", second++, field.formatted(2), null));
            entries.add(entry(json, service, "00006-trb", "run.googleapis.com/stderr", second++, field.formatted(3), null));
        }
        export = dir.resolve("secrets.json");
        json.writerWithDefaultPrettyPrinter().writeValue(export.toFile(), entries);
    }

    private static ObjectNode entry(ObjectMapper json, String service, String revision, String log, int second, String text,
                                    String structured) {
        ObjectNode e = json.createObjectNode();
        e.put("timestamp", String.format("2025-09-15T10:%02d:%02dZ", second / 60, second % 60));
        e.put("insertId", "id" + second);
        e.put("logName", "projects/p/logs/" + log.replace("/", "%2F"));
        e.put("severity", "ERROR");
        ObjectNode labels = e.putObject("resource").put("type", "cloud_run_revision").putObject("labels");
        labels.put("service_name", service).put("revision_name", service + "-" + revision).put("project_id", "p")
                .put("location", "us-central1");
        e.putObject("labels").put("instanceId", "inst-" + second);
        if (structured != null) {
            e.putObject("jsonPayload").put("message", structured).put("severity", "ERROR");
        } else {
            e.put("textPayload", text);
        }
        return e;
    }

    /** Each sample holds exactly one thing to mask, so the expected count is known. */
    @Test
    void eachSampleHoldsOneSecret() {
        for (Kind kind : KINDS) {
            Redactor redactor = new Redactor(true);
            String out = redactor.redact(kind.sample());
            assertThat(redactor.redactions()).as(kind.name() + ": " + out).isEqualTo(1);
            assertThat(out).as(kind.name()).doesNotContain(kind.core());
        }
    }

    @Test
    void noSecretInAnyFormatAndTheSameCountInEach() throws Exception {
        long expected = (long) MASKS_PER_KIND * KINDS.size();
        Map<String, String> outputs = Map.of(
                "text", render("text"), "json", render("json"), "markdown", render("markdown"), "html", render("html"));
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            for (Kind kind : KINDS) {
                assertThat(o.getValue()).as(o.getKey() + " leaks " + kind.name()).doesNotContain(kind.core());
            }
            assertThat(count(o.getKey(), o.getValue())).as(o.getKey()).isEqualTo(expected);
        }
        // the masks are where the secrets were: in the evidence of every position, the fields, the trend, the remediation
        JsonNode report = new ObjectMapper().readTree(outputs.get("json"));
        for (Kind kind : KINDS) {
            for (String position : List.of("00001-pln", "00002-plt", "00003-str", "00004-fld", "00005-tra", "00006-trb")) {
                JsonNode hit = revision(report, kind, position).at("/hits/0");
                assertThat(hit.at("/evidence/0/text").asText()).as(kind.name() + " " + position).contains(Redactor.MASK);
            }
            JsonNode field = revision(report, kind, "00006-trb");
            assertThat(field.at("/hits/0/fields/detail").asText()).startsWith("attempt 3 ").contains(Redactor.MASK);
            assertThat(field.at("/hits/0/remediation").asText()).contains("attempt 3 ").contains(Redactor.MASK);
            JsonNode trend = field.at("/incident/trends/0");
            assertThat(trend.get("field").asText()).isEqualTo("detail");
            assertThat(trend.get("steps")).hasSize(3).allSatisfy(s -> assertThat(s.get("value").asText()).contains(Redactor.MASK));
            assertThat(trend.get("values")).hasSize(3).allSatisfy(v -> assertThat(v.asText()).contains(Redactor.MASK));
            assertThat(field.at("/incident/reasons").toString()).contains("changing across revisions").contains(Redactor.MASK);
        }
        assertThat(outputs.get("text")).contains("detail changing across revisions: attempt 1 ");
    }

    /** The control: without redaction every secret reaches every format, so the test above can fail. */
    @Test
    void withoutRedactionEverySecretReachesEveryFormat() throws Exception {
        for (String format : List.of("text", "json", "markdown", "html")) {
            String out = run("triage", export.toString(), "--format", format, "--no-redact").out();
            for (Kind kind : KINDS) {
                assertThat(out).as(format + " " + kind.name()).contains(kind.core());
            }
            if (!format.equals("json")) {
                assertThat(out).contains("redaction OFF (--no-redact)");
            }
        }
        JsonNode report = new ObjectMapper().readTree(run("triage", export.toString(), "--format", "json", "--no-redact").out());
        for (Kind kind : KINDS) {
            for (String position : List.of("00001-pln", "00002-plt", "00003-str", "00004-fld")) {
                assertThat(revision(report, kind, position).at("/hits/0/evidence/0/text").asText()).contains(kind.core());
            }
            JsonNode trend = revision(report, kind, "00006-trb").at("/incident/trends/0");
            assertThat(trend.get("values")).allSatisfy(v -> assertThat(v.asText()).contains(kind.core()));
        }
        assertThat(report.at("/redaction/enabled").asBoolean()).isFalse();
        assertThat(report.at("/redaction/valuesRedacted").asLong()).isZero();
    }

    /**
     * Issue 15 item 10: a revision's secrets setting lists Secret Manager references (env name =
     * secret:version), names and not values; they stay readable and are not counted, in every format.
     */
    @Test
    void secretManagerReferencesAreNamesNotValues() throws Exception {
        String sample = Cli.sample(TriageCommandTest.PORT_SAMPLE);
        JsonNode json = new ObjectMapper().readTree(run("triage", sample, "--format", "json").out());
        JsonNode config = revisionNamed(json, "netra-backend-staging-00035-fnj").get("config");
        assertThat(config.get("secrets").asText()).contains("JWT_SECRET_KEY=jwt-secret-staging:latest")
                .contains("POSTGRES_PASSWORD=").doesNotContain(Redactor.MASK);
        assertThat(config.get("envNames").asText()).doesNotContain(Redactor.MASK);
        assertThat(json.at("/redaction/valuesRedacted").asLong()).isZero();
        for (String format : List.of("text", "markdown", "html")) {
            assertThat(count(format, run("triage", sample, "--format", format).out())).as(format).isZero();
        }
    }

    /**
     * What nothing in the catalog matched passes the same boundary: a secret in an unclassified error
     * line (the probable cause of a failing revision, a template, its examples) is masked in every
     * format, and every format gives the same count.
     */
    @Test
    void secretsInWhatTheCatalogDoesNotKnowAreMaskedToo(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode entries = json.createArrayNode();
        Kind github = KINDS.stream().filter(k -> k.name().equals("github-pat")).findFirst().orElseThrow();
        for (int i = 0; i < 3; i++) {
            entries.add(entry(json, "vault-client", "00001-sec", "run.googleapis.com/stderr", i,
                    "VaultUnreachableError: cannot renew lease " + i + " with " + github.sample(), null));
        }
        ObjectNode exit = entry(json, "vault-client", "00001-sec", "run.googleapis.com/varlog/system", 5,
                "Container called exit(1).", null);
        exit.put("severity", "WARNING");
        entries.add(exit);
        Path file = dir.resolve("unclassified-secret.json");
        json.writeValue(file.toFile(), entries);

        JsonNode report = json.readTree(run("triage", file.toString(), "--format", "json").out());
        JsonNode rev = revisionNamed(report, "vault-client-00001-sec");
        assertThat(rev.at("/probableCauses/0/text").asText()).startsWith("VaultUnreachableError").doesNotContain(github.core());
        assertThat(rev.at("/probableCauses/0/evidence/line").asText()).startsWith("VaultUnreachableError").contains(Redactor.MASK);
        long count = count("json", report.toString());
        assertThat(count).isPositive();
        for (String format : List.of("text", "json", "markdown", "html")) {
            Cli.Run r = run("triage", file.toString(), "--format", format);
            assertThat(r.out()).as(format).contains("VaultUnreachableError").doesNotContain(github.core());
            assertThat(count(format, r.out())).as(format).isEqualTo(count);
            assertThat(run("triage", file.toString(), "--format", format, "--no-redact").out()).as(format).contains(github.core());
        }
    }

    private static JsonNode revisionNamed(JsonNode report, String name) {
        for (JsonNode r : report.get("revisions")) {
            if (r.get("revision").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no revision " + name);
    }

    private static String render(String format) {
        Cli.Run r = run("triage", export.toString(), "--format", format);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(4);
        return r.out();
    }

    private static long count(String format, String out) throws Exception {
        if (format.equals("json")) {
            return new ObjectMapper().readTree(out).at("/redaction/valuesRedacted").asLong();
        }
        Matcher m = Pattern.compile("(\\d+) values redacted").matcher(out);
        List<Long> found = new ArrayList<>();
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        assertThat(found).as(format).hasSize(1);
        return found.get(0);
    }

    private static JsonNode revision(JsonNode report, Kind kind, String suffix) {
        return revisionNamed(report, String.format("k%02d-%s-%s", KINDS.indexOf(kind), kind.name(), suffix));
    }
}
