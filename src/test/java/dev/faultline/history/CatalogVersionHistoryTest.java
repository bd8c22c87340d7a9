package dev.faultline.history;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.report.DigestHtml;
import dev.faultline.report.DigestJson;
import dev.faultline.report.DigestMarkdown;
import dev.faultline.report.DigestRenderer;
import dev.faultline.report.DigestText;
import dev.faultline.source.ExportSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog version each remembered incident was judged with: kept in the state (a state file of
 * schema 1, written before it was kept, is migrated and keeps working), and a digest says once
 * when the catalog changed since.
 */
class CatalogVersionHistoryTest {

    static final String SAMPLE = StateSafetyTest.SAMPLE;
    static final String SERVICE = "netra-backend-staging";
    static final List<String> CAUSES = List.of("app.startup-phase-timeout", "postgres.cloudsql-socket-error");

    @TempDir
    Path dir;

    /** A state file as faultline wrote it before schema 2: one run with catalog 2026.10.1, the seed incident, a link. */
    private Path schemaOneFile() throws Exception {
        Path file = dir.resolve("old-state.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0)) {
                s.execute(sql);
            }
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO runs VALUES (1, '2025-09-15T18:00:05Z', '2025-09-11T18:00:00Z', '2025-09-15T18:00:00Z', 'complete',"
                    + " '2026.10.1', '0.1.0', '[]', 401, 120, 0, 0, 4, NULL)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                insertIncident(p, Fingerprints.id(SERVICE, CAUSES), SERVICE, CAUSES);
                insertIncident(p, "0123456789ab", "billing", List.of("app.some-cause"));
            }
            s.execute("INSERT INTO issue_links VALUES ('0123456789ab', '#4242', '[\"app.some-cause\"]', '2025-09-15T17:30:00Z')");
        }
        return file;
    }

    private static void insertIncident(PreparedStatement p, String fingerprint, String service, List<String> signatures) throws Exception {
        Object[] row = {fingerprint, service, "[\"" + String.join("\",\"", signatures) + "\"]", "#1263", "recurrence",
                "2025-09-12T17:41:00Z", "2025-09-15T16:47:00Z", 37, 1, "[\"" + service + "-00697-gp6\"]", 1, 1, "recurrence", null};
        for (int i = 0; i < row.length; i++) {
            p.setObject(i + 1, row[i]);
        }
        p.executeUpdate();
    }

    private static Digest run(StateStore store, Catalog catalog, Instant until) throws Exception {
        return new ReportJob(store, catalog, Clock.fixed(until, ZoneOffset.UTC)).run(
                w -> new ExportSource(List.of(SAMPLE)), List.of(SAMPLE),
                new ReportJob.Options(null, until, ReportJob.DEFAULT_QUIET_PERIOD, 3), p -> { });
    }

    private static String render(DigestRenderer renderer, Digest digest) throws Exception {
        StringWriter out = new StringWriter();
        renderer.render(digest, out);
        return out.toString();
    }

    @Test
    void schemaOneStateIsMigratedAndTheDigestSaysOnceThatTheCatalogChanged() throws Exception {
        Path file = schemaOneFile();
        Path overlay = Path.of(System.getProperty("faultline.home", "."), "samples", "catalog");
        Catalog catalog = CatalogLoader.loadBundledWith(List.of(overlay));
        String now = catalog.version();
        String fingerprint = Fingerprints.id(SERVICE, CAUSES);

        try (StateStore store = StateStore.open(file, false, Duration.ofSeconds(5))) {
            // the migration took each incident's version from the run that last saw it, and each link's service from its incident
            assertThat(store.incidents().get(fingerprint).catalogVersion()).isEqualTo("2026.10.1");
            assertThat(store.overrides().links()).singleElement().satisfies(l -> assertThat(l.service()).isEqualTo("billing"));

            Digest second = run(store, catalog, Instant.parse("2025-09-15T21:00:00Z"));
            Digest.Item item = second.items().stream().filter(i -> i.fingerprint().equals(fingerprint)).findFirst().orElseThrow();
            assertThat(item.section()).isEqualTo(Digest.Section.ONGOING);
            assertThat(item.judgedWithCatalog()).isEqualTo("2026.10.1");
            // the evidence command judges with the same team catalog
            assertThat(second.evidenceCommands(item)).anySatisfy(c -> assertThat(c)
                    .startsWith("faultline triage ").contains(" --catalog " + Digest.shellWord(overlay.toString())));
            assertThat(second.previousCatalog()).isEqualTo("2026.10.1");
            assertThat(second.catalogChanges()).containsExactly(
                    "catalog changed since the last run: 2026.10.1 -> " + now
                            + "; a remembered incident whose signatures changed shows up under a new fingerprint",
                    "judged with 2026.10.1, now " + now + ": 1 remembered incident (" + fingerprint
                            + "); their verdicts may differ from earlier digests");
            for (DigestRenderer renderer : List.of(new DigestText(), new DigestMarkdown(), new DigestHtml(), new DigestJson())) {
                assertThat(render(renderer, second)).as(renderer.getClass().getSimpleName())
                        .containsOnlyOnce("judged with 2026.10.1, now " + now);
            }
            assertThat(store.incidents().get(fingerprint).catalogVersion()).isEqualTo(now);

            // said once: the next run with the same catalog is quiet about it
            Digest third = run(store, catalog, Instant.parse("2025-09-15T21:50:00Z"));
            assertThat(third.items()).extracting(Digest.Item::fingerprint).contains(fingerprint);
            assertThat(third.items()).allSatisfy(i -> assertThat(i.judgedWithCatalog()).isNull());
            assertThat(third.previousCatalog()).isNull();
            assertThat(third.catalogChanges()).isEmpty();
            assertThat(render(new DigestText(), third)).doesNotContain("judged with").doesNotContain("catalog changed");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(Schema.current());
        }
    }

    /** A link judges only the service of the incident it was made for. */
    @Test
    void linkAppliesToItsIncidentsServiceOnly() {
        Overrides overrides = new Overrides(List.of(new Overrides.Link("0123456789ab", "#4242", CAUSES,
                Instant.parse("2025-09-15T17:30:00Z"), "billing")), java.util.Map.of());
        Catalog applied = overrides.applyTo(new Catalog("1", List.of(), List.of()), "state.db");
        var issue = applied.knownIssue("#4242").orElseThrow();
        assertThat(issue.appliesTo("any-project", "billing", "billing-00001-abc")).isTrue();
        assertThat(issue.appliesTo("any-project", SERVICE, SERVICE + "-00697-gp6")).isFalse();
        assertThat(applied.layers()).singleElement().satisfies(l -> assertThat(l.describe())
                .isEqualTo("state (state file state.db: 1 ticket link or resolution)"));
    }
}
