package dev.faultline.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A team's own catalog on top of the bundled signatures: a directory without catalog.yaml (just a
 * registry, or just a drafted signature file), a single file, where it is found, and what a
 * broken one says.
 */
public class TeamCatalogTest {

    static final String REGISTRY = """
            issues:
              - id: "#77"
                title: Checkout cannot reach Cloud SQL at startup
                status: open
                applies_to:
                  projects: [acme-prod]
                  services: [checkout-*]
                signatures: [app.startup-phase-timeout, postgres.cloudsql-socket-error]
            """;

    /** What `catalog draft` writes: one signature family file a team puts in its catalog directory. */
    public static final String DRAFT = """
            family: acme
            signatures:
              - id: acme.ledger-lock-timeout
                version: 1
                status: experimental
                title: Ledger lock not acquired in time
                layer: app
                severity: error
                role: cause
                match:
                  any:
                    - regex: 'ledger lock (?P<lock>[a-z]+) not acquired within \\d+ms'
                extract: [lock]
                examples:
                  match: ['ledger lock payouts not acquired within 500ms', 'ledger lock refunds not acquired within 20ms']
                  no_match: ['ledger lock payouts acquired within 500ms', 'ledger lock payouts released']
                references: ['ACME-311']
                remediation: 'Look for a long transaction holding the ${lock} lock.'
            """;

    @TempDir
    Path dir;

    private static Catalog load(Path... overlays) throws CatalogException {
        return CatalogLoader.loadBundledWith(List.of(overlays));
    }

    private static List<String> problems(Path... overlays) {
        return catchThrowableOfType(() -> load(overlays), CatalogException.class).problems();
    }

    @Test
    void directoryWithJustAKnownIssuesFile() throws Exception {
        Path team = Files.createDirectories(dir.resolve("acme-shop"));
        Files.writeString(team.resolve("known-issues.yaml"), REGISTRY);

        Catalog catalog = load(team);

        KnownIssue k = catalog.knownIssue("#77").orElseThrow();
        assertThat(k.scope().projects()).containsExactly("acme-prod");
        assertThat(k.scope().services()).containsExactly("checkout-*");
        Catalog.Layer layer = catalog.layers().get(1);
        assertThat(layer).extracting(Catalog.Layer::name, Catalog.Layer::origin, Catalog.Layer::path,
                Catalog.Layer::signatures, Catalog.Layer::knownIssues)
                .containsExactly("acme-shop", Catalog.Origin.OPTION, team.toString(), 0, 1);
        assertThat(layer.version()).matches("sha256:[0-9a-f]{12}");
        assertThat(catalog.version()).isEqualTo(catalog.layers().get(0).version() + "+acme-shop@" + layer.version());
        assertThat(Catalog.describe(catalog.version(), catalog.layers()))
                .endsWith(" + acme-shop " + layer.version() + " (--catalog " + team + ": 1 known issue)");

        // the version follows the content, so the scheduled job sees an edit of the registry
        Files.writeString(team.resolve("known-issues.yaml"), REGISTRY.replace("status: open", "status: open\n    links: [ACME-12]"));
        assertThat(load(team).layers().get(1).version()).isNotEqualTo(layer.version());
    }

    @Test
    void directoryWithJustADraftedSignatureFile() throws Exception {
        Path team = Files.createDirectories(dir.resolve("team"));
        Files.writeString(team.resolve("acme-ledger.draft.yaml"), DRAFT);

        Catalog catalog = load(team);

        assertThat(catalog.active()).extracting(Signature::id).contains("acme.ledger-lock-timeout");
        assertThat(catalog.signature("acme.ledger-lock-timeout").orElseThrow().file()).isEqualTo(team.resolve("acme-ledger.draft.yaml").toString());
        assertThat(catalog.layers().get(1)).extracting(Catalog.Layer::signatures, Catalog.Layer::knownIssues).containsExactly(1, 0);
        assertThat(catalog.layers().get(1).describe()).startsWith("team sha256:").endsWith(": 1 signature)");
        assertThat(CatalogLoader.unlistedFiles(team)).as("without catalog.yaml every YAML file loads").isEmpty();
    }

    @Test
    void signaturesAndRegistryTogetherAndASingleFile() throws Exception {
        Path team = Files.createDirectories(dir.resolve("team"));
        Files.writeString(team.resolve("ledger.yaml"), DRAFT);
        Files.writeString(team.resolve("tickets.yaml"), REGISTRY.replace("[app.startup-phase-timeout, postgres.cloudsql-socket-error]",
                "[acme.ledger-lock-timeout]"));
        Catalog catalog = load(team);
        assertThat(catalog.knownIssue("#77").orElseThrow().signatures()).containsExactly("acme.ledger-lock-timeout");
        assertThat(catalog.layers().get(1)).extracting(Catalog.Layer::signatures, Catalog.Layer::knownIssues).containsExactly(1, 1);

        Path single = team.resolve("ledger.yaml");
        Catalog one = load(single);
        assertThat(one.signature("acme.ledger-lock-timeout")).isPresent();
        assertThat(one.layers().get(1)).extracting(Catalog.Layer::name, Catalog.Layer::path).containsExactly("ledger", single.toString());
    }

    @Test
    void hiddenDirectoryIsNamedAfterTheRepositoryHoldingIt() throws Exception {
        Path team = Files.createDirectories(dir.resolve("payments-repo").resolve(TeamCatalogs.DIRECTORY));
        Files.writeString(team.resolve("known-issues.yaml"), REGISTRY);
        assertThat(load(team).layers().get(1).name()).isEqualTo("payments-repo");
    }

    // ------------------------------------------------------------ broken overlays: one line each, file and line

    @Test
    void badKnownIssueNamesFileLineAndId() throws IOException {
        Path team = Files.createDirectories(dir.resolve("team"));
        Files.writeString(team.resolve("known-issues.yaml"), REGISTRY + """
                  - id: "#78"
                    title: Typo in the scope
                    status: open
                    applies_to:
                      servics: [checkout-api]
                    signatures: [postgres.cloudsql-socket-error]
                  - id: "#79"
                    title: Names a signature nobody has
                    status: open
                    applies_to: {services: [cart api]}
                    signatures: [acme.nope]
                """);
        Path file = team.resolve("known-issues.yaml");
        assertThat(problems(team)).containsExactly(
                file + ":9: #78: unknown key 'applies_to.servics'",
                file + ":15: #79: applies_to.services 'cart api' contains a space; names are matched whole, with * and ? as wildcards");

        Files.writeString(file, REGISTRY.replace("[app.startup-phase-timeout, postgres.cloudsql-socket-error]", "[acme.nope]"));
        assertThat(problems(team)).containsExactly(file + ":2: #77: signature 'acme.nope' is not in the catalog");

        Files.writeString(file, REGISTRY.replace("  projects: [acme-prod]\n      services: [checkout-*]\n", "  projects: []\n"));
        assertThat(problems(team)).containsExactly(file + ":2: #77: applies_to.projects is empty; leave it out to apply to every one");
    }

    @Test
    void brokenYamlAndFilesOfNeitherKind() throws IOException {
        Path team = Files.createDirectories(dir.resolve("team"));
        Files.writeString(team.resolve("known-issues.yaml"), "issues:\n  - id: \"#1\n    title: x\n");
        Files.writeString(team.resolve("notes.yaml"), "owner: payments\noncall: '#payments-oncall'\n");
        List<String> problems = problems(team);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).isEqualTo(team.resolve("notes.yaml")
                + ": neither a signature family (family:, signatures:), a known-issue registry (issues:) nor a benign corpus (benign:)");
        assertThat(problems.get(1)).matches(java.util.regex.Pattern.quote(team.resolve("known-issues.yaml").toString())
                + ":\\d+: cannot parse YAML: .*");
        assertThat(problems).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
    }

    @Test
    void missingOrEmptyDirectory() throws IOException {
        Path missing = dir.resolve("nowhere");
        assertThat(problems(missing)).containsExactly(missing + ": no such catalog directory or file (--catalog)");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(problems(empty)).containsExactly(empty + ": no catalog.yaml, signature family or known-issue registry (*.yaml) in it");
    }

    /** The bundled catalog is everyone's: a known_issues entry there would apply one team's tickets to all. */
    @Test
    void bundledCatalogRefusesKnownIssues() throws IOException {
        Path home = dir.resolve("home");
        Path signatures = Files.createDirectories(home.resolve(CatalogLoader.BUNDLED_ROOT));
        Files.writeString(signatures.resolve("catalog.yaml"), "version: '1'\nname: bundled\nfiles: []\nknown_issues: issues.yaml\n");
        Files.writeString(signatures.resolve("issues.yaml"), "issues: []\n");
        String saved = System.getProperty(CatalogLoader.HOME_PROPERTY);
        System.setProperty(CatalogLoader.HOME_PROPERTY, home.toString());
        try {
            assertThat(catchThrowableOfType(CatalogLoader::loadBundled, CatalogException.class).problems()).containsExactly(
                    signatures.resolve("catalog.yaml") + ": known_issues: the bundled catalog ships signatures only; a team's"
                            + " known issues belong in its own catalog directory (docs/known-issues.md)");
        } finally {
            if (saved == null) {
                System.clearProperty(CatalogLoader.HOME_PROPERTY);
            } else {
                System.setProperty(CatalogLoader.HOME_PROPERTY, saved);
            }
        }
    }

    // ------------------------------------------------------------ where team catalogs are found, and their order

    @Test
    void nearestDotFaultlineFromTheWorkingDirectoryUp() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path deep = Files.createDirectories(repo.resolve("services/checkout/src"));
        assertThat(TeamCatalogs.discover(deep)).isEmpty();

        Path top = Files.createDirectories(repo.resolve(TeamCatalogs.DIRECTORY));
        assertThat(TeamCatalogs.discover(deep)).contains(top);
        Path nearer = Files.createDirectories(repo.resolve("services/checkout").resolve(TeamCatalogs.DIRECTORY));
        assertThat(TeamCatalogs.discover(deep)).as("the nearest wins").contains(nearer);
        assertThat(TeamCatalogs.discover(repo)).contains(top);
        // a file called .faultline is not a catalog
        Files.delete(nearer);
        Files.writeString(repo.resolve("services/checkout").resolve(TeamCatalogs.DIRECTORY), "not a dir");
        assertThat(TeamCatalogs.discover(deep)).contains(top);
    }

    @Test
    void orderIsDiscoveredThenEnvironmentThenOptionsAndEachDirectoryOnce() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path work = Files.createDirectories(repo.resolve("ops"));
        Path found = Files.createDirectories(repo.resolve(TeamCatalogs.DIRECTORY));
        Path org = Files.createDirectories(dir.resolve("org-catalog"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path explicit = Files.createDirectories(dir.resolve("explicit"));

        List<CatalogLoader.Overlay> overlays = TeamCatalogs.find(work,
                org + java.io.File.pathSeparator + " " + java.io.File.pathSeparator + shared, List.of(explicit, shared));

        assertThat(overlays).extracting(CatalogLoader.Overlay::origin, CatalogLoader.Overlay::shownAs).containsExactly(
                tuple(Catalog.Origin.DISCOVERED, "../" + TeamCatalogs.DIRECTORY),
                tuple(Catalog.Origin.ENVIRONMENT, org.toString()),
                tuple(Catalog.Origin.OPTION, explicit.toString()),
                // named by the environment and by --catalog: loaded once, at its later place
                tuple(Catalog.Origin.OPTION, shared.toString()));
        assertThat(overlays.get(0).path()).isEqualTo(found);
        assertThat(TeamCatalogs.find(dir, null, List.of())).isEmpty();
    }

    /** Later layers override earlier ones by id: --catalog beats FAULTLINE_CATALOG beats .faultline/. */
    @Test
    void laterLayerOverridesAKnownIssueById() throws Exception {
        Path discovered = Files.createDirectories(dir.resolve("repo").resolve(TeamCatalogs.DIRECTORY));
        Path explicit = Files.createDirectories(dir.resolve("explicit"));
        Files.writeString(discovered.resolve("known-issues.yaml"), REGISTRY);
        Files.writeString(explicit.resolve("known-issues.yaml"), REGISTRY.replace("status: open",
                "status: resolved\n    resolved_at: '2025-10-01T00:00:00Z'"));

        Catalog catalog = CatalogLoader.loadWithOverlays(TeamCatalogs.find(dir.resolve("repo"), null, List.of(explicit)));

        assertThat(catalog.knownIssue("#77").orElseThrow().status()).isEqualTo(KnownIssue.Status.RESOLVED);
        assertThat(catalog.layers()).extracting(Catalog.Layer::origin)
                .containsExactly(Catalog.Origin.BUNDLED, Catalog.Origin.DISCOVERED, Catalog.Origin.OPTION);
        assertThat(catalog.describe()).contains("repo sha256:").contains("(found from the working directory .faultline: 1 known issue)");
    }
}
