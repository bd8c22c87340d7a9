package dev.faultline.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The state's memory of unclassified templates, and the migration that added it. */
class TemplateMemoryTest {

    @TempDir
    Path dir;

    /** A state file written before templates were remembered (schema 1) opens, is migrated, and keeps its runs. */
    @Test
    void aStateFileOfTheFirstSchemaIsMigratedAndKeepsWorking() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0)) {
                s.execute(sql);
            }
            s.execute("INSERT INTO runs (started_at, window_start, window_end, status, faultline_version, inputs, entries_read, "
                    + "in_window, malformed, problems, exit_code) VALUES ('2025-10-06T00:00:00Z', '2025-10-05T00:00:00Z', "
                    + "'2025-10-06T00:00:00Z', 'complete', '0.1.0', '[]', 10, 10, 0, 0, 0)");
            s.execute("PRAGMA user_version = 1");
            s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
        }
        try (StateStore store = StateStore.open(file, false, Duration.ofSeconds(5))) {
            assertThat(store.lastCompleteRun()).isPresent();
            assertThat(store.templates("svc")).isEmpty();
            try (StateStore.Transaction tx = store.begin()) {
                store.saveTemplate(new TemplateRecord("svc", "0123456789ab", "Failed to load <NUM>", "level",
                        Instant.parse("2025-10-06T01:00:00Z"), Instant.parse("2025-10-06T02:00:00Z"), 3, 1, 1, 1));
                tx.commit();
            }
            assertThat(store.templates("svc")).singleElement().extracting(TemplateRecord::events).isEqualTo(3L);
            assertThat(store.templates("other")).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(Schema.current()).isEqualTo(4);
        }
    }
}
