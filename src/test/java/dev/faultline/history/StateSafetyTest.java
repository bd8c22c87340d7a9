package dev.faultline.history;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.source.ExportSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state file survives crashes, concurrent runs, corruption and files from other versions, and says so in one line. */
class StateSafetyTest {

    static final String SAMPLE = Path.of(System.getProperty("faultline.home", "."))
            .resolve("samples/netra-staging-2025-09-15-db-timeout.json").toString();
    static final Instant FIRST_END = Instant.parse("2025-09-15T18:00:00Z");
    static final Instant SECOND_END = Instant.parse("2025-09-15T21:00:00Z");

    static Catalog catalog;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadCatalog() throws Exception {
        catalog = CatalogLoader.loadBundled();
    }

    private Path file() {
        return dir.resolve("state.db");
    }

    static Digest runReport(StateStore store, Duration since, Instant until, ReportJob.BeforeCommit hook) throws Exception {
        return new ReportJob(store, catalog, Clock.fixed(until, ZoneOffset.UTC)).beforeCommit(hook).run(
                w -> new ExportSource(List.of(SAMPLE)), List.of(SAMPLE),
                new ReportJob.Options(since, until, ReportJob.DEFAULT_QUIET_PERIOD, 3), p -> { });
    }

    private void firstRun() throws Exception {
        try (StateStore store = StateStore.open(file(), true, Duration.ofSeconds(5))) {
            runReport(store, Duration.ofDays(4), FIRST_END, () -> { });
        }
    }

    @Test
    void failureBeforeCommitLeavesThePreviousState() throws Exception {
        firstRun();
        String before = sha256(file());
        try (StateStore store = StateStore.open(file(), false, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> runReport(store, null, SECOND_END, () -> {
                throw new StateException("injected failure before commit");
            })).hasMessage("injected failure before commit");
            assertThat(store.runs()).hasSize(1);
            assertThat(store.incidents().values()).singleElement().satisfies(i -> assertThat(i.runsSeen()).isEqualTo(1));
        }
        assertThat(sha256(file())).isEqualTo(before);
    }

    /** A real crash: another JVM halts in the middle of its run's transaction; SQLite rolls the hot journal back. */
    @Test
    void processKilledMidRunLeavesThePreviousState() throws Exception {
        firstRun();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dfaultline.home=" + System.getProperty("faultline.home", "."),
                CrashingRun.class.getName(), file().toString(), SECOND_END.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isEqualTo(CrashingRun.HALT_CODE);
        assertThat(output).contains("wrote run #2, halting before commit");
        try (StateStore store = StateStore.open(file(), false, Duration.ofSeconds(5))) {
            assertThat(store.runs()).extracting(RunRecord::id).containsExactly(1L);
            assertThat(store.incidents().values()).singleElement().satisfies(i -> assertThat(i.lastSeen()).isBefore(FIRST_END));
            // and the next run covers the crashed run's window
            Digest next = runReport(store, null, SECOND_END, () -> { });
            assertThat(next.run().window().start()).isEqualTo(FIRST_END);
        }
    }

    /** Two runs at once: the second waits for the first, then continues from the window it recorded. */
    @Test
    void concurrentRunWaitsAndContinuesFromTheFirstRunsWindow() throws Exception {
        CountDownLatch inTransaction = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Digest> first = CompletableFuture.supplyAsync(() -> {
            try (StateStore store = StateStore.open(file(), true, Duration.ofSeconds(30))) {
                return runReport(store, Duration.ofDays(4), FIRST_END, () -> {
                    inTransaction.countDown();
                    awaitQuietly(release);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inTransaction.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Digest> second = CompletableFuture.supplyAsync(() -> {
            try (StateStore store = StateStore.open(file(), true, Duration.ofSeconds(30))) {
                return runReport(store, null, SECOND_END, () -> { });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(second).as("the second run waits while the first holds the state").isNotDone();
        release.countDown();
        Digest d1 = first.get(60, TimeUnit.SECONDS);
        Digest d2 = second.get(60, TimeUnit.SECONDS);
        assertThat(d2.run().window().start()).isEqualTo(d1.run().window().end());
        assertThat(d2.section(Digest.Section.ONGOING)).hasSize(1);
    }

    @Test
    void concurrentRunThatCannotWaitFailsClearly() throws Exception {
        firstRun();
        try (StateStore holder = StateStore.open(file(), false, Duration.ofSeconds(5));
             StateStore.Transaction tx = holder.begin();
             StateStore other = StateStore.open(file(), false, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> runReport(other, null, SECOND_END, () -> { }))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("is locked by another faultline run");
        }
    }

    @Test
    void newerSchemaIsRefusedAndLeftAlone() throws Exception {
        firstRun();
        sql("PRAGMA user_version = " + (Schema.current() + 1));
        String before = sha256(file());
        assertThatThrownBy(() -> StateStore.open(file(), true, Duration.ofSeconds(1)))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("written by a newer faultline (schema version " + (Schema.current() + 1))
                .hasMessageContaining("upgrade faultline");
        assertThat(sha256(file())).isEqualTo(before);
    }

    @Test
    void fileThatIsNotADatabaseIsReportedNotRecreated() throws Exception {
        Files.writeString(file(), "this is not a database\n".repeat(300));
        String before = sha256(file());
        assertThatThrownBy(() -> StateStore.open(file(), true, Duration.ofSeconds(1)))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("is corrupt or not a SQLite database")
                .hasMessageContaining("left as it is");
        assertThat(sha256(file())).isEqualTo(before);
    }

    @Test
    void damagedPagesAreReportedNotRecreated() throws Exception {
        firstRun();
        byte[] bytes = Files.readAllBytes(file());
        assertThat(bytes.length).isGreaterThan(3 * 4096);
        for (int i = 4096; i < 3 * 4096; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file(), bytes);
        String before = sha256(file());
        assertThatThrownBy(() -> StateStore.open(file(), true, Duration.ofSeconds(1)))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("corrupt");
        assertThat(sha256(file())).isEqualTo(before);
    }

    @Test
    void otherSqliteDatabaseIsRefused() throws Exception {
        sql("CREATE TABLE notes (text TEXT)");
        assertThatThrownBy(() -> StateStore.open(file(), true, Duration.ofSeconds(1)))
                .hasMessageContaining("is a SQLite database but not a faultline state file");
    }

    @Test
    void missingFileIsAnErrorWhenNotCreating() {
        assertThatThrownBy(() -> StateStore.open(file(), false, Duration.ofSeconds(1)))
                .hasMessageContaining("no state file").hasMessageContaining("state.db");
        assertThat(file()).doesNotExist();
    }

    @Test
    void newFileGetsTheCurrentSchemaAndIdentity() throws Exception {
        StateStore.open(file(), true, Duration.ofSeconds(1)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            assertThat(s.executeQuery("PRAGMA user_version").getInt(1)).isEqualTo(Schema.current());
            assertThat(s.executeQuery("PRAGMA application_id").getInt(1)).isEqualTo(Schema.APPLICATION_ID);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
