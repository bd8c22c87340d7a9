package dev.faultline.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class CatalogLoaderTest {

    /** One valid signature; each error case breaks it in one place. */
    private static final String VALID = """
            family: demo
            signatures:
              - id: demo.sample
                version: 1
                status: stable
                title: Sample
                layer: app
                severity: error
                role: cause
                match:
                  any:
                    - regex: 'listen on port (?P<port>\\d+) refused'
                extract: [port]
                examples:
                  match: ['listen on port 80 refused']
                  no_match: ['listening on port 80']
                remediation: 'Free port ${port}.'
            """;

    /** The seed signatures: the catalog grows, but these ids are forever (the known issues cite them). */
    private static final List<String> SEED_IDS = List.of(
            "cloudrun.port-listen-timeout", "cloudrun.startup-probe-failed", "cloudrun.container-exit",
            "cloudrun.memory-limit-exceeded", "cloudrun.request-connection-error",
            "app.startup-phase-timeout", "app.lifespan-startup-failed", "gunicorn.worker-timeout",
            "postgres.cloudsql-socket-error", "postgres.connection-failed-tcp");

    @TempDir
    Path dir;

    // ------------------------------------------------------------ the real catalog

    @Test
    void loadsTheBundledCatalogFromTheClasspath() throws CatalogException {
        Catalog catalog = CatalogLoader.loadClasspath(CatalogLoader.class.getClassLoader(), "signatures");

        assertThat(catalog.version()).isEqualTo("2026.12.1");
        assertThat(catalog.signatures()).extracting(Signature::id).containsSubsequence(SEED_IDS);
        assertThat(catalog.signature("cloudrun.port-listen-timeout").orElseThrow().file()).isEqualTo("signatures/cloudrun.yaml");
        assertThat(catalog.active()).hasSizeGreaterThanOrEqualTo(40)
                .extracting(Signature::status).doesNotContain(Signature.Status.DEPRECATED);
        assertThat(catalog.signature("cloudrun-runtime.instance-shutdown-sigterm").orElseThrow().status())
                .as("retired ids stay in the catalog, reserved").isEqualTo(Signature.Status.DEPRECATED);
        assertThat(catalog.active().stream().map(Signature::layer).distinct()).containsExactlyInAnyOrder(Signature.Layer.values());
        for (Signature s : catalog.signatures()) {
            assertThat(s.examplesMatch()).as(s.id()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(s.examplesNoMatch()).as(s.id()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(s.references()).as(s.id()).isNotEmpty();
        }

        assertThat(catalog.knownIssues()).as("the bundled catalog ships signatures only").isEmpty();
        assertThat(catalog.layers()).singleElement().satisfies(l -> {
            assertThat(l.origin()).isEqualTo(Catalog.Origin.BUNDLED);
            assertThat(l.path()).isNull();
            assertThat(l.signatures()).isEqualTo(catalog.signatures().size());
        });
    }

    /** The seed team's tickets live in the catalog overlay beside the samples, scoped to the team's project and service. */
    @Test
    void seedTeamsKnownIssuesComeFromTheSamplesOverlay() throws CatalogException {
        Path overlay = Path.of(System.getProperty(CatalogLoader.HOME_PROPERTY, "."), "samples", "catalog");
        Catalog catalog = CatalogLoader.loadBundledWith(List.of(overlay));

        assertThat(catalog.version()).isEqualTo(CatalogLoader.loadBundled().version() + "+netra@2025.09.15");
        assertThat(catalog.layers()).extracting(Catalog.Layer::name, Catalog.Layer::origin, Catalog.Layer::path,
                        Catalog.Layer::signatures, Catalog.Layer::knownIssues)
                .containsExactly(tuple("faultline-bundled", Catalog.Origin.BUNDLED, null, catalog.signatures().size(), 0),
                        tuple("netra", Catalog.Origin.OPTION, overlay.toString(), 0, 2));
        KnownIssue k1263 = catalog.knownIssue("#1263").orElseThrow();
        assertThat(k1263.status()).isEqualTo(KnownIssue.Status.RESOLVED);
        assertThat(k1263.resolvedAt()).isEqualTo(Instant.parse("2025-09-10T00:00:00Z"));
        assertThat(k1263.signatures()).containsExactly("app.startup-phase-timeout", "postgres.cloudsql-socket-error");
        assertThat(k1263.optional()).containsExactly("cloudrun.container-exit", "app.lifespan-startup-failed",
                "cloudrun.request-connection-error");
        assertThat(k1263.summary()).contains("--vpc-egress all-traffic");
        assertThat(k1263.scope()).isEqualTo(new KnownIssue.Scope(List.of("netra-staging"), List.of("netra-backend-staging"), List.of()));
        KnownIssue k1278 = catalog.knownIssue("#1278").orElseThrow();
        assertThat(k1278.status()).isEqualTo(KnownIssue.Status.DUPLICATE);
        assertThat(k1278.duplicateOf()).isEqualTo("#1263");
        assertThat(k1278.signatures()).isEqualTo(k1263.signatures());
        assertThat(k1278.scope()).isEqualTo(k1263.scope());
    }

    @Test
    void loadBundledPrefersFaultlineHome() throws CatalogException {
        // surefire sets faultline.home to the project directory, so this reads signatures/ from disk
        Catalog catalog = CatalogLoader.loadBundled();
        assertThat(catalog.signatures()).extracting(Signature::id).containsSubsequence(SEED_IDS);
        String home = System.getProperty(CatalogLoader.HOME_PROPERTY);
        if (home != null) {
            assertThat(catalog.signatures().get(0).file()).isEqualTo(Path.of(home, "signatures", "cloudrun.yaml").toString());
        }
    }

    @Test
    void bundledDirectoryListsEveryFamilyFileItHolds() throws CatalogException {
        String home = System.getProperty(CatalogLoader.HOME_PROPERTY, ".");
        List<String> unlisted = CatalogLoader.unlistedFiles(Path.of(home, "signatures"));
        assertThat(unlisted).isEmpty();
    }

    // ------------------------------------------------------------ layering and lint

    @Test
    void laterDirectoriesOverrideAndExtendByIdKeepingCatalogOrder() throws Exception {
        Catalog catalog = CatalogLoader.load(List.of(resource("base"), resource("user")));

        assertThat(catalog.version()).isEqualTo("1.0.0+acme@7");
        assertThat(catalog.signatures()).extracting(Signature::id)
                .containsExactly("demo.disk-full", "demo.port-in-use", "acme.queue-stuck");
        Signature disk = catalog.signature("demo.disk-full").orElseThrow();
        assertThat(disk.version()).isEqualTo(2);
        assertThat(disk.file()).endsWith("acme.yaml");
        assertThat(disk.ref()).isEqualTo("demo.disk-full@2");
        assertThat(catalog.signature("demo.port-in-use").orElseThrow().logNames()).containsExactly("run.googleapis.com/stderr");
        assertThat(catalog.active()).extracting(Signature::id).contains("acme.queue-stuck");

        assertThat(catalog.knownIssues()).extracting(KnownIssue::id).containsExactly("#1", "#2");
        KnownIssue one = catalog.knownIssue("#1").orElseThrow();
        assertThat(one.status()).isEqualTo(KnownIssue.Status.RESOLVED);
        assertThat(one.resolvedAt()).isEqualTo(Instant.parse("2025-01-02T02:04:05Z"));
        // #2 refers to a signature of the base directory: references resolve against the merged catalog
        assertThat(catalog.knownIssue("#2").orElseThrow().signatures()).containsExactly("acme.queue-stuck", "demo.port-in-use");
    }

    @Test
    void baseAloneIsItsOwnCatalog() throws Exception {
        Catalog catalog = CatalogLoader.load(List.of(resource("base")));
        assertThat(catalog.version()).isEqualTo("1.0.0");
        assertThat(catalog.signature("demo.disk-full").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void lintFindsYamlFilesTheCatalogDoesNotList() throws Exception {
        assertThat(CatalogLoader.unlistedFiles(resource("base"))).containsExactly("stray.yaml");
        assertThat(CatalogLoader.unlistedFiles(resource("user"))).isEmpty();
    }

    // ------------------------------------------------------------ validation, one case each

    @Test
    void regexThatDoesNotCompile() throws IOException {
        assertThat(problems(VALID.replace("'listen on port (?P<port>\\d+) refused'", "'listen on port (?P<port>\\d+ refused'")))
                .containsExactly(at(3) + ": demo.sample: regex 1 does not compile in RE2J: missing closing )");
    }

    @Test
    void missingRequiredField() throws IOException {
        assertThat(problems(VALID.replace("    title: Sample\n", "")))
                .containsExactly(at(3) + ": demo.sample: missing required field 'title'");
    }

    @Test
    void missingIdNamesTheSignatureByPosition() throws IOException {
        assertThat(problems(VALID.replace("  - id: demo.sample\n    version: 1", "  - version: 1")))
                .containsExactly(at(3) + ": signature #1: missing required field 'id'");
    }

    @Test
    void unknownKeysAreErrorsWithTheirPath() throws IOException {
        String yaml = VALID.replace("    extract: [port]", "    extracts: [port]")
                .replace("        - regex: 'listen", "        - regx: 'listen");
        assertThat(problems(yaml)).containsExactly(
                at(3) + ": demo.sample: unknown key 'match.any.regx'",
                at(3) + ": demo.sample: unknown key 'extracts'");
    }

    @Test
    void unknownKeyAtTheTopOfAFile() throws IOException {
        assertThat(problems(VALID.replace("family: demo", "family: demo\ndescription: x")))
                .containsExactly(file() + ": unknown key 'description'");
    }

    @Test
    void duplicateIdWithinOneDirectory() throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), "version: '1'\nname: t\nfiles: [f.yaml, g.yaml]\n");
        Files.writeString(dir.resolve("f.yaml"), VALID);
        Files.writeString(dir.resolve("g.yaml"), VALID);
        assertThat(problemsOf(dir)).containsExactly(
                dir.resolve("g.yaml") + ":3: demo.sample: duplicate id, first defined in " + dir.resolve("f.yaml"));
    }

    @Test
    void knownIssueNamesAnUnknownSignature() throws IOException {
        String issues = """
                issues:
                  - id: "#9"
                    title: Nine
                    status: open
                    signatures: [demo.sample, demo.nope]
                    optional: [demo.maybe]
                """;
        assertThat(problems(VALID, issues)).containsExactly(
                issuesFile() + ":2: #9: signature 'demo.nope' is not in the catalog",
                issuesFile() + ":2: #9: optional signature 'demo.maybe' is not in the catalog");
    }

    /** Noise is never a failure: it cannot be marked error or critical, nor be part of a known issue's fingerprint. */
    @Test
    void noiseSignaturesStayInfoOrWarningAndOutOfFingerprints() throws IOException {
        String noise = VALID.replace("role: cause", "role: noise");
        assertThat(problems(noise, null)).containsExactly(
                file() + ":3: demo.sample: a noise signature must have severity info or warning: noise never marks a failure");
        String quiet = noise.replace("severity: error", "severity: info");
        assertThat(problems(quiet, null)).isEmpty();
        String issues = """
                issues:
                  - id: "#9"
                    title: Nine
                    status: open
                    signatures: [demo.sample]
                """;
        assertThat(problems(quiet, issues)).containsExactly(
                issuesFile() + ":2: #9: signature 'demo.sample' is known noise and never part of a fingerprint");
    }

    @Test
    void theBundledNoiseIsItsOwnPartOfTheCatalog() throws CatalogException {
        Catalog catalog = CatalogLoader.loadBundled();
        assertThat(catalog.noise()).extracting(Signature::id)
                .contains("noise.gunicorn-close-socket-ebadf", "noise.gvisor-unsupported-syscall")
                .allMatch(id -> id.startsWith("noise."));
        assertThat(catalog.noise()).allSatisfy(s -> assertThat(s.marksFailure()).isFalse());
        assertThat(catalog.diagnostic()).noneMatch(Signature::isNoise);
        assertThat(catalog.diagnostic().size() + catalog.noise().size()).isEqualTo(catalog.active().size());
    }

    @Test
    void knownIssueStatusRules() throws IOException {
        String issues = """
                issues:
                  - id: "#1"
                    title: One
                    status: resolved
                    signatures: [demo.sample]
                  - id: "#2"
                    title: Two
                    status: duplicate
                    duplicate_of: "#404"
                    signatures: [demo.sample]
                  - id: "#3"
                    title: Three
                    status: closed
                    signatures: [demo.sample]
                  - id: "#4"
                    title: Four
                    status: resolved
                    resolved_at: 2025-09-10
                    signatures: [demo.sample]
                """;
        assertThat(problems(VALID, issues)).containsExactly(
                issuesFile() + ":2: #1: status resolved needs resolved_at",
                issuesFile() + ":11: #3: status 'closed' is not one of open, resolved, duplicate",
                issuesFile() + ":15: #4: resolved_at '2025-09-10' is not an RFC 3339 timestamp such as 2025-09-10T00:00:00Z",
                issuesFile() + ":6: #2: duplicate_of '#404' is not a known issue");
    }

    @Test
    void extractNameMustBeANamedGroup() throws IOException {
        assertThat(problems(VALID.replace("extract: [port]", "extract: [port, host]").replace("Free port ${port}.", "Free it.")))
                .containsExactly(at(3) + ": demo.sample: extract 'host' is not a named group of any regex");
    }

    @Test
    void angleBracketNamedGroupsWorkToo() throws IOException {
        // re2j 1.8 accepts (?<name>...) as well as (?P<name>...)
        assertThat(problems(VALID.replace("(?P<port>", "(?<port>"))).isEmpty();
    }

    @Test
    void genericRegexIsRejected() throws IOException {
        assertThat(problems(VALID.replace("'listen on port (?P<port>\\d+) refused'", "'Error (?P<port>\\d+)'")))
                .containsExactly(at(3) + ": demo.sample: regex 1 is too generic: its longest literal \"Error \" needs 6 or more"
                        + " characters and more than a generic word like error or failed");
        assertThat(problems(VALID.replace("'listen on port (?P<port>\\d+) refused'", "'failed: (?P<port>\\d+)'")))
                .containsExactly(at(3) + ": demo.sample: regex 1 is too generic: its longest literal \"failed: \" needs 6 or more"
                        + " characters and more than a generic word like error or failed");
    }

    @Test
    void regexWithoutAnyLiteralIsRejected() throws IOException {
        assertThat(problems(VALID.replace("'listen on port (?P<port>\\d+) refused'", "'(?P<port>\\d+)|port \\d+ refused'")))
                .containsExactly(at(3) + ": demo.sample: regex 1 has no literal text for the prefilter"
                        + " (every alternative needs a fixed string)");
    }

    @Test
    void enumValuesIdFormatLogNameAndPlaceholders() throws IOException {
        String yaml = VALID.replace("id: demo.sample", "id: Demo.Sample")
                .replace("layer: app", "layer: platfrom")
                .replace("    match:\n      any:", "    match:\n      log_name: [run.googleapis.com%2Fstderr]\n      any:")
                .replace("Free port ${port}.", "Free port ${prot}.");
        assertThat(problems(yaml)).containsExactly(
                at(3) + ": Demo.Sample: id must be lowercase words joined by '-', with a dotted family prefix"
                        + " (e.g. cloudrun.port-listen-timeout)",
                at(3) + ": Demo.Sample: layer 'platfrom' is not one of platform, app, dependency, config",
                at(3) + ": Demo.Sample: log_name 'run.googleapis.com%2Fstderr' must be a short decoded log id such as"
                        + " run.googleapis.com/stderr",
                at(3) + ": Demo.Sample: remediation placeholder ${prot} is not an extracted field");
    }

    @Test
    void placeholderOfAnOptionalGroupNeedsADefault() throws IOException {
        String optional = VALID.replace("'listen on port (?P<port>\\d+) refused'", "'listen on port(?: (?P<port>\\d+))? refused'");
        assertThat(problems(optional)).containsExactly(at(3) + ": demo.sample: remediation placeholder ${port} may be unfilled:"
                + " regex 1 can match without it; reword, or give a default as ${port:-...}");
        assertThat(problems(optional.replace("Free port ${port}.", "Free port ${port:-$PORT}."))).isEmpty();
        // a second regex without the group leaves it unfilled just the same
        String twoRegexes = VALID.replace("    extract: [port]", "        - regex: 'listen socket refused'\n    extract: [port]");
        assertThat(problems(twoRegexes)).containsExactly(at(3) + ": demo.sample: remediation placeholder ${port} may be unfilled:"
                + " regex 2 can match without it; reword, or give a default as ${port:-...}");
        // a default does not excuse a field that is not extracted at all
        assertThat(problems(VALID.replace("Free port ${port}.", "Free port ${prot:-80}.")))
                .containsExactly(at(3) + ": demo.sample: remediation placeholder ${prot} is not an extracted field");
    }

    @Test
    void overlapsMustNameKnownOtherSignatures() throws IOException {
        String yaml = VALID.replace("    extract: [port]", "    extract: [port]\n    overlaps: [demo.sample, demo.nope]");
        assertThat(problems(yaml)).containsExactly(at(3) + ": demo.sample: overlaps names the signature itself");
        assertThat(problems(VALID.replace("    extract: [port]", "    extract: [port]\n    overlaps: [demo.nope]")))
                .containsExactly(at(3) + ": demo.sample: overlaps names 'demo.nope', which is not in the catalog");
        Signature s = loadOne(VALID.replace("    extract: [port]", "    extract: [port]\n    overlaps: [demo.sample2]")
                + VALID.substring(VALID.indexOf("  - id:")).replace("demo.sample", "demo.sample2"));
        assertThat(s.overlaps()).containsExactly("demo.sample2");
    }

    @Test
    void aRetiredIdCannotBeReusedByALaterCatalog() throws IOException {
        Path base = Files.createDirectories(dir.resolve("base"));
        Path user = Files.createDirectories(dir.resolve("user"));
        Files.writeString(base.resolve("catalog.yaml"), "version: '1'\nname: base\nfiles: [f.yaml]\n");
        Files.writeString(base.resolve("f.yaml"), VALID.replace("status: stable", "status: deprecated"));
        Files.writeString(user.resolve("catalog.yaml"), "version: '2'\nname: user\nfiles: [f.yaml]\n");
        Files.writeString(user.resolve("f.yaml"), VALID.replace("version: 1", "version: 2"));
        assertThat(problemsOfAll(List.of(base, user))).containsExactly(user.resolve("f.yaml") + ":3: demo.sample: id is retired"
                + " (deprecated in " + base.resolve("f.yaml") + ") and cannot be reused; give the new signature a new id");
        // re-stating the retirement is fine, and a retired signature never matches
        Files.writeString(user.resolve("f.yaml"), VALID.replace("status: stable", "status: deprecated"));
        assertThat(problemsOfAll(List.of(base, user))).isEmpty();
    }

    @Test
    void runtimesAndFamilyAreLoadedAndUnknownRuntimesRejected() throws IOException {
        Signature s = loadOne(VALID.replace("    extract: [port]", "    extract: [port]\n    runtimes: [python, node]"));
        assertThat(s.runtimes()).containsExactly("python", "node");
        assertThat(s.family()).isEqualTo("demo");
        assertThat(loadOne(VALID).runtimes()).isEmpty();

        assertThat(problems(VALID.replace("    extract: [port]", "    extract: [port]\n    runtimes: [python, nodejs]")))
                .containsExactly(file() + ":3: demo.sample: runtimes 'nodejs' is not one of python, node, java, go, ruby, php, dotnet"
                        + " (leave runtimes out when any process can write the text)");
    }

    @Test
    void benignLinesLoadWithTheirLogAndSourceAndBadOnesAreReported() throws Exception {
        Files.writeString(dir.resolve("catalog.yaml"), "version: '1'\nname: t\nfiles: [f.yaml]\nbenign: healthy.yaml\n");
        Files.writeString(file(), VALID);
        Files.writeString(dir.resolve("healthy.yaml"), """
                benign:
                  - source: acme export 2026-11-30
                    log_name: run.googleapis.com/stdout
                    lines: ['listening on port 80', 'worker 3 ready']
                """);
        List<BenignLine> lines = CatalogLoader.loadBundledBenign(List.of(dir));
        assertThat(lines).endsWith(new BenignLine("run.googleapis.com/stdout", "listening on port 80", "acme export 2026-11-30"),
                new BenignLine("run.googleapis.com/stdout", "worker 3 ready", "acme export 2026-11-30"));
        assertThat(lines.size()).as("the bundled corpus comes first").isGreaterThan(2);
        assertThat(CatalogLoader.unlistedFiles(dir)).isEmpty();

        Files.writeString(dir.resolve("healthy.yaml"), """
                benign:
                  - source: acme export
                    log_name: projects/acme/logs/run.googleapis.com%2Fstdout
                    lines: []
                """);
        CatalogException e = catchThrowableOfType(CatalogException.class, () -> CatalogLoader.loadBundledBenign(List.of(dir)));
        assertThat(e.problems()).containsExactly(
                dir.resolve("healthy.yaml") + ": benign group 1: log_name 'projects/acme/logs/run.googleapis.com%2Fstdout' must be"
                        + " a short decoded log id such as run.googleapis.com/stderr",
                dir.resolve("healthy.yaml") + ": benign group 1: lines needs at least one line");
    }

    @Test
    void wrongTypeNamesTheField() throws IOException {
        assertThat(problems(VALID.replace("version: 1", "version: one")))
                .singleElement().asString()
                .startsWith(at(3) + ": demo.sample: field 'version' has the wrong type: Cannot deserialize value of type");
    }

    @Test
    void examplesAreRequiredBothWays() throws IOException {
        assertThat(problems(VALID.replace("      no_match: ['listening on port 80']\n", "")))
                .containsExactly(at(3) + ": demo.sample: examples.no_match needs at least one log line the signature must not match");
    }

    @Test
    void everyProblemIsCollectedInOneException() throws IOException {
        String second = VALID.substring(VALID.indexOf("  - id:"))
                .replace("demo.sample", "demo.other").replace("severity: error", "severity: urgent");
        String yaml = VALID.replace("version: 1", "version: 0") + second;
        Files.writeString(dir.resolve("catalog.yaml"), "version: '1'\nname: t\nfiles: [f.yaml, missing.yaml]\n");
        Files.writeString(dir.resolve("f.yaml"), yaml);
        CatalogException e = catchThrowableOfType(() -> CatalogLoader.load(List.of(dir)), CatalogException.class);
        assertThat(e.problems()).containsExactly(
                at(3) + ": demo.sample: version must be 1 or more, not 0",
                at(18) + ": demo.other: severity 'urgent' is not one of critical, error, warning, info",
                dir.resolve("missing.yaml") + ": file not found");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }

    @Test
    void duplicateYamlKeysAndBrokenYamlAreReported() throws IOException {
        assertThat(problems(VALID.replace("    title: Sample\n", "    title: Sample\n    title: Again\n")))
                .singleElement().asString().startsWith(at(7) + ": cannot parse YAML: Duplicate field 'title'");
        assertThat(problems("family: demo\nsignatures: [\n"))
                .singleElement().asString().matches(java.util.regex.Pattern.quote(file().toString()) + ":[23]: cannot parse YAML: .*");
    }

    @Test
    void catalogFileProblems() throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), "name: t\nfiles: [../escape.yaml]\n");
        assertThatThrownBy(() -> CatalogLoader.load(List.of(dir)))
                .isInstanceOf(CatalogException.class)
                .hasMessage(dir.resolve("catalog.yaml") + ": missing required field 'version'\n"
                        + dir.resolve("catalog.yaml") + ": files: '../escape.yaml' must be a file name in the catalog directory");
    }

    // ------------------------------------------------------------ helpers

    private Path file() {
        return dir.resolve("f.yaml");
    }

    /** "DIR/f.yaml:LINE", how messages name the signature written at that line. */
    private String at(int line) {
        return file() + ":" + line;
    }

    private Path issuesFile() {
        return dir.resolve("issues.yaml");
    }

    private List<String> problems(String family) throws IOException {
        return problems(family, null);
    }

    /** Writes a one-family catalog (plus known issues when given) into the temp dir and loads it. */
    private List<String> problems(String family, String issues) throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), "version: '1'\nname: t\nfiles: [f.yaml]\n"
                + (issues == null ? "" : "known_issues: issues.yaml\n"));
        Files.writeString(file(), family);
        if (issues != null) {
            Files.writeString(issuesFile(), issues);
        }
        return problemsOf(dir);
    }

    private Signature loadOne(String family) throws IOException {
        Files.writeString(dir.resolve("catalog.yaml"), "version: '1'\nname: t\nfiles: [f.yaml]\n");
        Files.writeString(file(), family);
        try {
            return CatalogLoader.load(List.of(dir)).signatures().get(0);
        } catch (CatalogException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    private static List<String> problemsOf(Path dir) {
        return problemsOfAll(List.of(dir));
    }

    private static List<String> problemsOfAll(List<Path> dirs) {
        try {
            CatalogLoader.load(dirs);
            return List.of();
        } catch (CatalogException e) {
            return e.problems();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CatalogLoaderTest.class.getResource("/catalog/" + name).toURI());
    }
}
