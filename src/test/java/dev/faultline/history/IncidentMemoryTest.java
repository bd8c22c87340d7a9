package dev.faultline.history;

import dev.faultline.incident.FailureIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report job remembers the triage's incidents: a state file of an older schema keeps matching them after migration. */
class IncidentMemoryTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void loadCatalog() throws Exception {
        StateSafetyTest.loadCatalog();
    }

    /** The db sample's incident as a schema-1 state file remembers it after a run that ended at 18:00 on 2025-09-15. */
    @Test
    void aSchemaOneStateFileIsMigratedAndItsIncidentsKeepTheirIds() throws Exception {
        migratesAndKeepsTheId(1);
    }

    /** The same with a schema-2 file (catalog versions and link services, before incidents stored their basis). */
    @Test
    void aSchemaTwoStateFileIsMigratedAndItsIncidentsKeepTheirIds() throws Exception {
        migratesAndKeepsTheId(2);
    }

    private void migratesAndKeepsTheId(int version) throws Exception {
        Path file = dir.resolve("old-" + version + ".db");
        String id = FailureIdentity.id("netra-backend-staging", List.of("app.startup-phase-timeout", "postgres.cloudsql-socket-error"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement()) {
            for (List<String> migration : Schema.MIGRATIONS.subList(0, version)) {
                for (String sql : migration) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            s.execute("PRAGMA user_version = " + version);
            s.execute("INSERT INTO runs (started_at, window_start, window_end, status, catalog_version, faultline_version, inputs, "
                    + "entries_read, in_window, malformed, problems, exit_code) VALUES ('2025-09-15T18:00:00Z', "
                    + "'2025-09-11T18:00:00Z', '2025-09-15T18:00:00Z', 'complete', '2026.11.1', '0.1.0', '[]', 150, 150, 0, 0, 4)");
            s.execute("INSERT INTO incidents (fingerprint, service, signatures, known_issue, verdict, first_seen, last_seen, hits, "
                    + "runs_seen, revisions, first_run, last_run, last_section" + (version >= 2 ? ", catalog_version" : "")
                    + ") VALUES ('" + id + "', 'netra-backend-staging', "
                    + "'[\"app.startup-phase-timeout\",\"postgres.cloudsql-socket-error\"]', '#1263', 'recurrence', "
                    + "'2025-09-12T17:40:51Z', '2025-09-15T16:47:18Z', 40, 1, "
                    + "'[\"netra-backend-staging-00690-k2m\",\"netra-backend-staging-00697-gp6\"]', 1, 1, 'recurrence'"
                    + (version >= 2 ? ", '2026.11.1'" : "") + ")");
        }
        assertThat(id).isEqualTo("1244c2854b8f"); // the id the README's history examples use

        try (StateStore store = StateStore.open(file, false, Duration.ofSeconds(5))) {
            IncidentRecord old = store.requireIncident(id);
            assertThat(old.basis()).isNull();
            assertThat(old.catalogVersion()).isEqualTo("2026.11.1"); // schema 1: from the run that last saw it
            assertThat(old.healthyBetween()).isEmpty();

            Digest digest = StateSafetyTest.runReport(store, null, StateSafetyTest.SECOND_END, () -> { });

            assertThat(digest.items()).singleElement().satisfies(item -> {
                assertThat(item.fingerprint()).isEqualTo(id);
                assertThat(item.section()).isEqualTo(Digest.Section.ONGOING);
                assertThat(item.newToDigest()).isFalse();
                assertThat(item.revisions()).containsExactly("netra-backend-staging-00704-ds8");
                assertThat(item.hitsTotal()).isEqualTo(40 + item.hitsThisRun());
            });
            IncidentRecord now = store.requireIncident(id);
            assertThat(now.basis()).isEqualTo("causes");
            assertThat(now.runsSeen()).isEqualTo(2);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Schema.current()).isEqualTo(Schema.MIGRATIONS.size());
        }
    }
}
