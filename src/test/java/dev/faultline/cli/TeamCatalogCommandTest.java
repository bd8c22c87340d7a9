package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.TeamCatalogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static dev.faultline.cli.TriageCommandTest.failing;
import static dev.faultline.cli.TriageCommandTest.revision;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Known issues belong to their team: the bundled catalog carries none, the seed team's tickets
 * come from its overlay (samples/catalog) and judge only its own service, and every report says
 * which registries were loaded. Discovery from the working directory and FAULTLINE_CATALOG run in
 * a child JVM, the only way to give a process its own working directory and environment.
 */
class TeamCatalogCommandTest {

    static final String DB_SAMPLE = TriageCommandTest.DB_SAMPLE;
    static final String OVERLAY_LINE = "netra 2025.09.15 (--catalog " + Cli.SEED_CATALOG + ": 2 known issues)";

    @TempDir
    Path dir;

    /** The seed 001 export with its service renamed to shop-api in project acme-prod: another team's logs. */
    private Path renamed() throws IOException {
        String text = Files.readString(Path.of(sample(DB_SAMPLE)), StandardCharsets.UTF_8)
                .replace("netra-backend-staging", "shop-api").replace("netra-staging", "acme-prod");
        return Files.writeString(dir.resolve("shop-api.json"), text);
    }

    private static JsonNode triage(String... args) {
        List<String> all = new ArrayList<>(List.of("triage", "--format", "json"));
        all.addAll(List.of(args));
        Cli.Run r = run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isIn(0, 3, 4);
        return r.json();
    }

    private static List<String> knownIssues(JsonNode json) {
        List<String> out = new ArrayList<>();
        failing(json).forEach(r -> out.add(r.get("revision").asText() + "=" + r.get("incident").get("verdict").asText()
                + ":" + r.get("incident").get("knownIssue").asText()));
        return out;
    }

    /** The issue's example: without the overlay nobody's ticket applies; with it, only to the seed team's own service. */
    @Test
    void renamedServiceIsNotTheSeedTeamsRecurrence() throws IOException {
        String shop = renamed().toString();

        Cli.Run bundledOnly = run("triage", shop, "--format", "json");
        assertThat(bundledOnly.exitCode()).as("a new incident").isEqualTo(4);
        assertThat(knownIssues(bundledOnly.json())).hasSize(5).allSatisfy(v -> assertThat(v).endsWith("=new:null"));
        assertThat(bundledOnly.json().at("/catalog/layers")).hasSize(1);

        JsonNode withOverlay = triage("--catalog", Cli.SEED_CATALOG, shop);
        assertThat(knownIssues(withOverlay)).hasSize(5).allSatisfy(v -> assertThat(v).startsWith("shop-api-").endsWith("=new:null"));
        JsonNode reasons = revision(withOverlay, "shop-api-00697-gp6").get("incident").get("reasons");
        assertThat(reasons.toString()).contains("known issue #1263 (project netra-staging, service netra-backend-staging) has this"
                + " fingerprint but belongs to another scope; this revision is project acme-prod, service shop-api")
                .doesNotContain("also tracked as");
        Cli.Run text = run("triage", "--catalog", Cli.SEED_CATALOG, shop);
        assertThat(text.exitCode()).isEqualTo(4);
        assertThat(text.out()).doesNotContain("RECURRENCE").doesNotContain("also tracked as #1278");

        // both teams' logs in one run: the ticket judges the seed team's service and nothing else
        List<String> seedAlone = knownIssues(triage("--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE)));
        assertThat(seedAlone).hasSize(5).allSatisfy(v -> assertThat(v).endsWith(":#1263"))
                .contains("netra-backend-staging-00711-d6z=recurrence:#1263");
        JsonNode both = triage("--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), shop);
        List<String> expected = new ArrayList<>(seedAlone);
        for (String rev : List.of("00690-k2m", "00697-gp6", "00704-ds8", "00709-bg5", "00711-d6z")) {
            expected.add("shop-api-" + rev + "=new:null");
        }
        assertThat(knownIssues(both)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(revision(both, "netra-backend-staging-00697-gp6").at("/incident/alsoTrackedAs/0").asText()).isEqualTo("#1278");
    }

    /** Every format names the registries it judged with: path, version and what each holds. */
    @Test
    void everyReportNamesTheLoadedRegistries() throws Exception {
        String bundled = CatalogLoader.loadBundled().version();
        JsonNode json = triage("--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE));
        JsonNode layers = json.at("/catalog/layers");
        assertThat(json.at("/catalog/version").asText()).isEqualTo(bundled + "+netra@2025.09.15");
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).get("via").asText()).isEqualTo("bundled");
        assertThat(layers.get(0).get("path").isNull()).isTrue();
        assertThat(layers.get(0).get("knownIssues").asInt()).isZero();
        assertThat(layers.get(1).get("name").asText()).isEqualTo("netra");
        assertThat(layers.get(1).get("version").asText()).isEqualTo("2025.09.15");
        assertThat(layers.get(1).get("via").asText()).isEqualTo("option");
        assertThat(layers.get(1).get("path").asText()).isEqualTo(Cli.SEED_CATALOG);
        assertThat(layers.get(1).get("knownIssues").asInt()).isEqualTo(2);

        for (String format : List.of("text", "markdown", "html")) {
            String out = run("triage", "--catalog", Cli.SEED_CATALOG, sample(DB_SAMPLE), "--format", format).out();
            String expected = format.equals("markdown") ? OVERLAY_LINE.replace("_", "\\_") : OVERLAY_LINE;
            assertThat(out).as(format).contains("catalog " + bundled + " (bundled) + " + expected);
        }

        Cli.Run list = run("catalog", "list", "--catalog", Cli.SEED_CATALOG);
        assertThat(list.out().lines().toList().get(1)).isEqualTo("catalog " + bundled + " (bundled) + " + OVERLAY_LINE);
        assertThat(list.out()).containsPattern("#1263 +resolved +project netra-staging, service netra-backend-staging +Cloud SQL");
        JsonNode listed = run("catalog", "list", "--catalog", Cli.SEED_CATALOG, "--format", "json").json();
        assertThat(listed.at("/catalog/layers/1/path").asText()).isEqualTo(Cli.SEED_CATALOG);
        assertThat(listed.at("/knownIssues/0/appliesTo/services/0").asText()).isEqualTo("netra-backend-staging");
    }

    /** `catalog draft` output put in a directory of its own: `triage --catalog DIR` matches with it and names it. */
    @Test
    void overlayWithJustADraftedSignatureMatches() throws IOException {
        Path team = Files.createDirectories(dir.resolve("ledger-team"));
        Files.writeString(team.resolve("ledger.yaml"), dev.faultline.catalog.TeamCatalogTest.DRAFT);
        Path log = Files.writeString(dir.resolve("ledger.json"), """
                [{"insertId": "a1", "logName": "projects/acme-prod/logs/run.googleapis.com%2Fstderr",
                  "resource": {"type": "cloud_run_revision", "labels": {"project_id": "acme-prod", "service_name": "ledger",
                    "revision_name": "ledger-00004-xyz", "configuration_name": "ledger", "location": "europe-west1"}},
                  "severity": "ERROR", "textPayload": "ledger lock payouts not acquired within 500ms",
                  "timestamp": "2025-10-01T10:00:00Z"}]
                """);
        JsonNode json = triage("--catalog", team.toString(), log.toString());
        JsonNode rev = revision(json, "ledger-00004-xyz");
        assertThat(rev.at("/hits/0/signature").asText()).isEqualTo("acme.ledger-lock-timeout");
        assertThat(rev.at("/hits/0/fields/lock").asText()).isEqualTo("payouts");
        assertThat(json.at("/catalog/layers/1/name").asText()).isEqualTo("ledger-team");
        assertThat(json.at("/catalog/layers/1/signatures").asInt()).isEqualTo(1);
        assertThat(json.at("/catalog/version").asText()).matches("2026\\.12\\.1\\+ledger-team@sha256:[0-9a-f]{12}");
    }

    @Test
    void brokenOverlayIsOneLinePerProblemNamingFileAndLine() throws IOException {
        Path team = Files.createDirectories(dir.resolve("team"));
        Files.writeString(team.resolve("known-issues.yaml"), """
                issues:
                  - id: "#5"
                    title: Typo
                    status: opne
                    signatures: [postgres.cloudsql-socket-error]
                """);
        Cli.Run r = run("triage", "--catalog", team.toString(), sample(DB_SAMPLE));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("faultline: " + team.resolve("known-issues.yaml")
                + ":2: #5: status 'opne' is not one of open, resolved, duplicate");
    }

    // ------------------------------------------------------------ discovery and environment, in a child JVM

    private Cli.Run inChild(Path workingDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dfaultline.home=" + Cli.HOME.toAbsolutePath(), "dev.faultline.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectError(dir.resolve("child.err").toFile());
        pb.environment().remove(TeamCatalogs.ENVIRONMENT);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return new Cli.Run(code, out, Files.readString(dir.resolve("child.err")));
    }

    private static String seedSampleAbsolute() {
        return Path.of(sample(DB_SAMPLE)).toAbsolutePath().toString();
    }

    /**
     * From a subdirectory of a repository holding .faultline/, with FAULTLINE_CATALOG also set: both
     * load, discovered first, so the environment's #1263 (the samples' overlay) overrides the copy.
     */
    @Test
    void teamCatalogFoundFromTheWorkingDirectoryAndTheEnvironment() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("netra-repo"));
        Path team = Files.createDirectories(repo.resolve(TeamCatalogs.DIRECTORY));
        Files.writeString(team.resolve("known-issues.yaml"), Files.readString(Cli.HOME.resolve("samples/catalog/known-issues.yaml"))
                .replace("title: 'Cloud SQL connectivity", "title: 'COPY Cloud SQL connectivity"));
        Path subdir = Files.createDirectories(repo.resolve("deploy/staging"));
        String env = Cli.HOME.resolve("samples/catalog").toAbsolutePath().toString();

        Cli.Run found = inChild(subdir, Map.of(TeamCatalogs.ENVIRONMENT, env), "triage", seedSampleAbsolute(), "--format", "json");
        assertThat(found.exitCode()).as(found.err()).isEqualTo(4);
        JsonNode json = new ObjectMapper().readTree(found.out());
        JsonNode incident = revision(json, "netra-backend-staging-00711-d6z").get("incident");
        assertThat(incident.get("knownIssue").asText()).isEqualTo("#1263");
        assertThat(incident.get("knownIssueTitle").asText()).as("the environment's layer wins").doesNotStartWith("COPY");
        JsonNode layers = json.at("/catalog/layers");
        assertThat(layers).hasSize(3);
        assertThat(layers.get(1).get("via").asText()).isEqualTo("discovered");
        assertThat(layers.get(1).get("path").asText()).isEqualTo("../../" + TeamCatalogs.DIRECTORY);
        assertThat(layers.get(1).get("name").asText()).isEqualTo("netra-repo");
        assertThat(layers.get(2).get("via").asText()).isEqualTo("environment");
        assertThat(layers.get(2).get("path").asText()).isEqualTo(env);

        Path elsewhere = Files.createDirectories(dir.resolve("cron"));
        Cli.Run broken = inChild(elsewhere, Map.of(TeamCatalogs.ENVIRONMENT, dir.resolve("nope").toString()), "catalog", "list");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err().strip()).isEqualTo("faultline: " + dir.resolve("nope") + ": no such catalog directory or file (FAULTLINE_CATALOG)");
    }
}
