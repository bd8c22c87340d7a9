package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.source.FakeLogging;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.faultline.cli.Cli.run;
import static dev.faultline.cli.Cli.sample;
import static dev.faultline.cli.TriageCommandTest.DB_SAMPLE;
import static dev.faultline.cli.TriageCommandTest.PORT_SAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

/** What a first-time user trips over (issue 15 items 10 and 11): error messages, validation, and the conventions people expect. */
class FirstUseTest {

    @TempDir
    Path dir;

    @Test
    void aUsageErrorIsOneLineAndAPointerToTheHelpNotTheWholeHelp() {
        Cli.Run r = run("triage", sample(PORT_SAMPLE), "--evidnce", "3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSizeLessThanOrEqualTo(3)
                .anySatisfy(l -> assertThat(l).contains("--evidnce"))
                .anySatisfy(l -> assertThat(l).contains("--evidence")) // picocli's suggestion
                .last().isEqualTo("Try 'faultline triage --help' for more information.");
    }

    @Test
    void anOutputThatCannotBeWrittenIsSaidBeforeAnyWork() throws Exception {
        Cli.Run missing = run("triage", sample(PORT_SAMPLE), "-o", dir.resolve("missing/dir/x.md").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().lines().findFirst().orElseThrow())
                .isEqualTo("faultline: cannot write -o " + dir.resolve("missing/dir/x.md") + ": no directory " + dir.resolve("missing/dir"));
        assertThat(missing.err()).doesNotContain("cannot read");

        Cli.Run directory = run("report", sample(PORT_SAMPLE), "--state", dir.resolve("s.db").toString(), "-o", dir.toString());
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).contains("cannot write -o " + dir + ": it is a directory");
        Cli.Run toFile = run("triage", sample(PORT_SAMPLE), "-o", dir.resolve("ticket.md").toString(), "--format", "markdown");
        assertThat(toFile.exitCode()).isEqualTo(4);
        assertThat(toFile.out()).isEmpty();
        assertThat(toFile.err().strip()).as("the verdict still reaches the person who ran it")
                .startsWith("faultline: 1 failing revision (1 new").contains("exit 4").endsWith("report in " + dir.resolve("ticket.md"));
        assertThat(Files.exists(dir.resolve("s.db"))).as("no run was recorded").isFalse();
    }

    @Test
    void evidenceCountOutOfRangeIsRefused() {
        for (String n : List.of("-1", "1001")) {
            Cli.Run r = run("triage", sample(PORT_SAMPLE), "--evidence", n);
            assertThat(r.exitCode()).as(n).isEqualTo(2);
            assertThat(r.err()).contains("--evidence must be between 0 and 1000, not " + n);
        }
        JsonNode none = run("triage", sample(PORT_SAMPLE), "--evidence", "0", "--format", "json").json();
        none.get("revisions").forEach(rev -> rev.get("hits").forEach(h -> assertThat(h.get("evidence")).isEmpty()));
    }

    @Test
    void aCredentialFileThatIsNotAKeyIsNamedAsSuchWithoutLibraryInternals() throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "# faultline\n");
        Path empty = Files.writeString(dir.resolve("empty.json"), "{}");
        Path odd = Files.writeString(dir.resolve("odd.json"), "{\"type\": \"api_key\"}");
        for (Object[] c : new Object[][] {{readme, "not JSON (line 1, column 1)"}, {empty, "no \"type\" field"},
                {odd, "unknown credential type \"api_key\""}, {dir.resolve("nope.json"), "no such file"}}) {
            Cli.Run r = run("triage", "--project", "acme-prod", "--credentials", c[0].toString(), "--since", "1h");
            assertThat(r.exitCode()).as(c[1].toString()).isEqualTo(2);
            String line = r.err().lines().findFirst().orElseThrow();
            assertThat(line).contains("--credentials " + c[0] + " is not a Google credential file: " + c[1])
                    .contains("service-account").doesNotContain("com.").doesNotContain("Exception");
        }
    }

    /** A closed port: each retried attempt is one line naming the endpoint, the first contact gives up after 15 s, one final line. */
    @Test
    void anUnreachableEndpointSaysWhatIsRetriedAndGivesUpSoon() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();
        Cli.Run r = run("triage", "--project", "acme-prod", "--endpoint", "127.0.0.1:" + closed, "--since", "1h");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(r.exitCode()).isEqualTo(1);
        List<String> lines = r.err().lines().toList();
        assertThat(lines).isNotEmpty().last().asString().contains("still failing for project acme-prod after retries: UNAVAILABLE");
        List<String> retries = lines.stream().filter(l -> l.contains("retrying in")).toList();
        assertThat(retries).isNotEmpty().hasSizeLessThanOrEqualTo(8)
                .allSatisfy(l -> assertThat(l).startsWith("faultline: Cloud Logging at 127.0.0.1:" + closed + " (project acme-prod): attempt "));
        System.out.println("unreachable endpoint: " + retries.size() + " retries, exit after " + seconds + " s");
    }

    @Test
    void historyListSaysWhenItIsEmptyAndShowsATicketLinkedSinceTheLastRun() {
        String state = dir.resolve("state.db").toString();
        Cli.Run first = run("report", sample(PORT_SAMPLE), "--state", state, "--since", "12h", "--until", "2025-09-08T04:00:00Z",
                "--format", "json");
        String fingerprint = first.json().get("new").get(0).get("fingerprint").asText();
        assertThat(run("history", "list", "--state", state).out()).contains(fingerprint).doesNotContain("PROJ-812");

        assertThat(run("issues", "link", fingerprint, "PROJ-812", "--state", state).exitCode()).isZero();
        assertThat(run("history", "list", "--state", state).out()).contains(fingerprint).contains("PROJ-812 (linked)");

        assertThat(run("history", "forget", fingerprint, "--state", state).exitCode()).isZero();
        Cli.Run empty = run("history", "list", "--state", state);
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out().strip()).isEqualTo("no incidents remembered in " + state + " (1 runs recorded; history list --runs shows them)");
    }

    /** cron runs in another directory than the one the job was written in: the digest's commands must work from anywhere. */
    @Test
    void theDigestsEvidenceCommandsUseAbsolutePaths() throws Exception {
        Path relativeState = Path.of("").toAbsolutePath().relativize(dir.resolve("state.db"));
        String relativeInput = Path.of("").toAbsolutePath().relativize(Path.of(sample(PORT_SAMPLE)).toAbsolutePath()).toString();
        JsonNode digest = run("report", relativeInput, "--state", relativeState.toString(), "--since", "12h",
                "--until", "2025-09-08T04:00:00Z", "--format", "json").json();
        List<String> commands = new ArrayList<>();
        digest.get("new").get(0).get("evidence").forEach(c -> commands.add(c.asText()));
        assertThat(commands).anySatisfy(c -> assertThat(c).contains("--state " + dir.resolve("state.db")))
                .anySatisfy(c -> assertThat(c).contains("faultline triage " + Path.of(sample(PORT_SAMPLE)).toAbsolutePath().normalize()));
    }

    @Test
    void versionNamesTheBuildAndTheBundledCatalogsVersion() throws Exception {
        Cli.Run r = run("--version");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).matches("faultline \\S+ \\((commit [0-9a-f]{7,}(\\+changes)?, \\d{4}-\\d{2}-\\d{2}|unknown commit)\\)");
        assertThat(lines.get(1)).startsWith("catalog " + CatalogLoader.loadBundled().version() + " (bundled");
    }

    @Test
    void everyCommandsHelpCarriesExamples() {
        for (List<String> command : List.<List<String>>of(List.of(), List.of("triage"), List.of("pull"), List.of("report"), List.of("history"),
                List.of("issues"), List.of("catalog"), List.of("completion"))) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            Cli.Run r = run(args.toArray(String[]::new));
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).as(command.toString()).contains("Examples:").contains("faultline " + String.join(" ", command));
            assertThat(r.out().lines()).as(command + ": fits 80 columns").allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        }
        assertThat(run("--help").out()).contains("FAULTLINE_DEBUG").contains("NO_COLOR").contains("GOOGLE_CLOUD_PROJECT");
    }

    @Test
    void freshnessIsSinceAsGcloudSpellsIt() {
        Cli.Run since = run("triage", sample(DB_SAMPLE), "--since", "1d");
        Cli.Run freshness = run("triage", sample(DB_SAMPLE), "--freshness", "1d");
        assertThat(freshness.exitCode()).isEqualTo(since.exitCode()).isEqualTo(1); // the 2025 sample is older than a day
        assertThat(freshness.err()).contains("none of the 401 entries");
    }

    /** bash completes subcommands and options from the generated script. */
    @Test
    void completionScriptCompletesInBash() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash not installed");
        Cli.Run r = run("completion", "bash");
        assertThat(r.exitCode()).isZero();
        Path script = Files.writeString(dir.resolve("faultline-completion.sh"), r.out());
        assertThat(complete(script, "faultline tri")).contains("triage");
        assertThat(complete(script, "faultline triage --form")).contains("--format");
        assertThat(run("completion", "zsh").out()).isEqualTo(r.out()).contains("bashcompinit");
        assertThat(run("completion", "fish").exitCode()).isEqualTo(2);
    }

    private static List<String> complete(Path script, String line) throws Exception {
        String words = line + (line.endsWith(" ") ? "''" : "");
        String program = "source " + script + "; COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); "
                + "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_faultline; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("/bin/bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().map(String::strip).toList();
    }

    @Test
    void theDefaultProjectComesFromTheEnvironmentThenGcloudsConfiguration() throws Exception {
        Path home = dir.resolve("home");
        Path gcloud = Files.createDirectories(home.resolve(".config/gcloud/configurations"));
        Files.writeString(gcloud.resolve("config_default"), "[core]\naccount = sre@acme.example\nproject = acme-default\n");
        Files.writeString(gcloud.resolve("config_prod"), "[compute]\nregion = us-central1\n[core]\nproject = acme-prod\n");
        assertThat(DefaultProject.find(Map.of(), home)).hasValue(new DefaultProject("acme-default", "gcloud configuration default"));
        Files.writeString(home.resolve(".config/gcloud/active_config"), "prod\n");
        assertThat(DefaultProject.find(Map.of(), home)).hasValue(new DefaultProject("acme-prod", "gcloud configuration prod"));
        assertThat(DefaultProject.find(Map.of("CLOUDSDK_ACTIVE_CONFIG_NAME", "default"), home).orElseThrow().project()).isEqualTo("acme-default");
        assertThat(DefaultProject.find(Map.of("CLOUDSDK_CORE_PROJECT", "acme-sdk"), home).orElseThrow().project()).isEqualTo("acme-sdk");
        assertThat(DefaultProject.find(Map.of("GOOGLE_CLOUD_PROJECT", "acme-env", "CLOUDSDK_CORE_PROJECT", "acme-sdk"), home))
                .hasValue(new DefaultProject("acme-env", "$GOOGLE_CLOUD_PROJECT"));
        assertThat(DefaultProject.find(Map.of("CLOUDSDK_CONFIG", dir.resolve("elsewhere").toString()), home)).isEmpty();
        assertThat(DefaultProject.coreProject("[core]\nproject =\n")).isEmpty();
    }

    /** End to end in a child JVM: no files and no --project reads the project gcloud users expect, and says so. */
    @Test
    void withoutFilesOrProjectTriageReadsTheDefaultProjectLive() throws Exception {
        try (FakeLogging server = new FakeLogging(PORT_SAMPLE)) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dfaultline.home=" + Cli.HOME, "dev.faultline.cli.Main",
                    "triage", "--from", "2025-09-01T00:00:00Z", "--until", "2025-10-01T00:00:00Z", "--format", "json"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("GOOGLE_CLOUD_PROJECT", "netra-staging"); // set empty for the test JVM by the pom
            pb.environment().put(LiveSelection.ENDPOINT_ENV, server.endpoint());
            pb.redirectError(dir.resolve("err.txt").toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("err.txt"));
            assertThat(p.exitValue()).as(err).isEqualTo(4);
            assertThat(err).contains("reading Cloud Logging of project netra-staging (from $GOOGLE_CLOUD_PROJECT)");
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).at("/input/sources/0/source").asText())
                    .isEqualTo("cloud-logging:projects/netra-staging");
            assertThat(server.calls).isNotEmpty().allSatisfy(c -> assertThat(c.resourceNames()).containsExactly("projects/netra-staging"));
        }
    }
}
