package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StitcherTest {

    /** A chained traceback as Python 3.12 prints it (split by Cloud Run into one entry per line). */
    static final String CHAINED = """
            Traceback (most recent call last):
              File "/srv/app/db.py", line 41, in connect
                return pool.acquire(timeout=self.timeout)
                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              File "/usr/local/lib/python3.12/site-packages/asyncpg/pool.py", line 864, in acquire
                return await compat.wait_for(self._acquire(timeout), timeout)
            TimeoutError

            During handling of the above exception, another exception occurred:

            Traceback (most recent call last):
              File "/srv/app/main.py", line 12, in <module>
                app = create_app()
              File "/srv/app/db.py", line 44, in connect
                raise DatabaseUnavailable(f"no connection after {self.timeout}s")
            app.db.DatabaseUnavailable: no connection after 25.0s""";

    static final String CAUSED = """
            Traceback (most recent call last):
              File "/srv/app/settings.py", line 9, in load
                return int(os.environ["WORKERS"])
                           ~~~~~~~~~~^^^^^^^^^^^
            KeyError: 'WORKERS'

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/srv/app/main.py", line 5, in <module>
                settings = load()
            RuntimeError: settings incomplete""";

    static final String JAVA = """
            Exception in thread "main" java.lang.IllegalStateException: Failed to load ApplicationContext
            \tat org.springframework.boot.SpringApplication.run(SpringApplication.java:315)
            \tat com.shop.Main.main(Main.java:12)
            Caused by: org.postgresql.util.PSQLException: Connection to 10.0.0.5:5432 refused.
            \tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:319)
            \t... 12 more""";

    private static final Instant T0 = Instant.parse("2025-10-28T11:04:01.650901Z");
    private long seq;

    // ---- the property: any split of a traceback into entries, any order, any noise, comes back whole

    @Test
    void randomSplitsOfAChainedTracebackAreReassembledExactly() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            String text = seed % 3 == 0 ? CAUSED : CHAINED;
            List<LogEntry> chunks = split(text, random, "inst-a");
            List<LogEntry> all = new ArrayList<>(chunks);
            all.addAll(noise(random, chunks.get(0).timestamp(), chunks.get(chunks.size() - 1).timestamp()));
            boolean newestFirst = seed % 2 == 0;

            List<Event> events = stitch(gcloudOrder(all, newestFirst));

            assertEveryEntryOnce(events, all);
            Event trace = eventOf(events, chunks.get(0));
            assertThat(trace.parts()).as("seed %d", seed).containsExactlyElementsOf(chunks);
            assertThat(trace.text()).as("seed %d", seed).isEqualTo(text);
        }
    }

    @Test
    void randomSplitsOfAJavaTraceAreReassembledExactly() {
        for (int seed = 0; seed < 100; seed++) {
            Random random = new Random(seed);
            List<LogEntry> chunks = split(JAVA, random, "inst-j");
            List<LogEntry> all = new ArrayList<>(chunks);
            all.addAll(noise(random, chunks.get(0).timestamp(), chunks.get(chunks.size() - 1).timestamp()));

            List<Event> events = stitch(gcloudOrder(all, seed % 2 == 1));

            assertEveryEntryOnce(events, all);
            assertThat(eventOf(events, chunks.get(0)).text()).as("seed %d", seed).isEqualTo(JAVA);
        }
    }

    // ---- order

    @Test
    void newestFirstAndOldestFirstGiveTheSameEvents() {
        List<LogEntry> lines = new ArrayList<>();
        Instant t = T0;
        int i = 0;
        for (String line : CHAINED.split("\n", -1)) {
            if (i++ % 3 != 0) {
                t = t.plusNanos(7_000); // every third line shares its predecessor's timestamp
            }
            lines.add(entry(line, t, "inst-a"));
        }
        lines.add(entry("INFO:     Application startup failed. Exiting.", t.plusMillis(1), "inst-a"));

        List<Event> oldest = stitch(gcloudOrder(lines, false));
        List<Event> newest = stitch(gcloudOrder(lines, true));

        assertThat(describe(newest)).isEqualTo(describe(oldest));
        assertThat(oldest).hasSize(2);
        assertThat(oldest).anySatisfy(e -> assertThat(e.text()).isEqualTo(CHAINED));
    }

    @Test
    void interleavedInstancesAreKeptApart() {
        String[] a = CHAINED.split("\n", -1);
        String[] b = CAUSED.split("\n", -1);
        List<LogEntry> all = new ArrayList<>();
        Instant t = T0;
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            if (i < a.length) {
                all.add(entry(a[i], t = t.plusNanos(3_000), "inst-a"));
            }
            if (i < b.length) {
                all.add(entry(b[i], t = t.plusNanos(3_000), "inst-b"));
            }
        }

        List<Event> events = stitch(gcloudOrder(all, true));

        assertThat(events).extracting(Event::text).containsExactlyInAnyOrder(CHAINED, CAUSED);
        assertThat(events).allSatisfy(e -> assertThat(e.parts()).extracting(LogEntry::instanceId).containsOnly(e.head().instanceId()));
    }

    // ---- shapes of traces

    @Test
    void javaTraceStartingAtAnExceptionLineFollowedByFrames() {
        String trace = """
                java.lang.IllegalStateException: pool exhausted
                \tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
                \tSuppressed: java.io.IOException: close failed
                \t\tat com.shop.Db.close(Db.java:77)
                Caused by: java.sql.SQLTransientConnectionException: timeout after 30000ms
                \t... 4 more""";
        List<LogEntry> lines = lines(trace, T0, "inst-j");
        lines.add(0, entry("2025-10-28 11:04:01.000 ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed",
                T0.minusNanos(1000), "inst-j"));

        List<Event> events = stitch(lines);

        assertThat(events).extracting(Event::text).containsExactly(
                "2025-10-28 11:04:01.000 ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed", trace);
    }

    @Test
    void uvicornPrefixedHeadStartsATraceback() {
        String trace = """
                ERROR:    Traceback (most recent call last):
                  File "/srv/app/main.py", line 5, in <module>
                    import psycopg2
                ModuleNotFoundError: No module named 'psycopg2'""";

        assertThat(stitch(lines(trace, T0, "i"))).extracting(Event::text).containsExactly(trace);
    }

    @Test
    void aMergedTracebackPassesThroughUnchanged() {
        LogEntry merged = entry(CHAINED, T0, "inst-a");
        LogEntry next = entry("INFO:     Shutting down", T0.plusMillis(3), "inst-a");

        List<Event> events = stitch(List.of(merged, next));

        assertThat(events).extracting(Event::parts).containsExactly(List.of(merged), List.of(next));
        assertThat(events.get(0).text()).isEqualTo(CHAINED);
    }

    @Test
    void entriesWithoutRevisionOrInstanceAreStitchedToo() {
        List<LogEntry> lines = new ArrayList<>();
        Instant t = T0;
        for (String line : CAUSED.split("\n", -1)) {
            t = t.plusNanos(1000);
            lines.add(new LogEntry(new Origin("-", ++seq, 0), t, Severity.DEFAULT, null, Resource.NONE, null, null, null,
                    line, 0, -1, null));
        }

        assertThat(stitch(lines)).extracting(Event::text).containsExactly(CAUSED);
    }

    // ---- lines Cloud Run cut into fragments

    static final String SOCKET_ERROR = "Failed to run migrations: (psycopg2.OperationalError) connection to server on socket "
            + "\"/cloudsql/netra-staging:us-central1:staging-shared-postgres/.s.PGSQL.5432\" failed: server closed the connection unexpectedly";

    @Test
    void aLineCutInsideAQuotedStringIsJoinedInEitherOrder() {
        int cut = SOCKET_ERROR.indexOf("us-central1");
        for (boolean newestFirst : new boolean[] {false, true}) {
            LogEntry first = entry(SOCKET_ERROR.substring(0, cut), T0, "i");
            LogEntry rest = entry(SOCKET_ERROR.substring(cut), T0.plusNanos(1_500_000), "i");
            LogEntry after = entry("INFO:     Waiting for application shutdown.", T0.plusMillis(40), "i");

            List<Event> events = stitch(gcloudOrder(List.of(first, rest, after), newestFirst));

            assertThat(events).extracting(Event::text).containsExactlyInAnyOrder(SOCKET_ERROR, "INFO:     Waiting for application shutdown.");
            Event joined = eventOf(events, first);
            assertThat(joined.parts()).containsExactly(first, rest);
            assertThat(joined.fragmentsJoined()).isEqualTo(1);
            assertThat(joined.assembly()).isEqualTo("2 entries joined; 1 of them continuing a line Cloud Run cut");
        }
    }

    @Test
    void aLineCutMidWordIsJoinedAndSoIsAThirdFragment() {
        String line = "DETERMINISTIC STARTUP FAILURE: Database initialization timeout after 25.0s in staging environment";
        int cut1 = line.indexOf("ialization");
        int cut2 = line.indexOf("ging");
        LogEntry a = entry(line.substring(0, cut1), T0, "i");
        LogEntry b = entry(line.substring(cut1, cut2), T0.plusNanos(300_000), "i");
        LogEntry c = entry(line.substring(cut2), T0.plusNanos(900_000), "i");

        List<Event> events = stitch(List.of(a, b, c));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.text()).isEqualTo(line);
            assertThat(e.fragmentsJoined()).isEqualTo(2);
        });
    }

    @Test
    void linesThatMerelyFollowEachOtherAreNotJoined() {
        List<String[]> pairs = List.of(
                new String[] {"2025-10-28 11:04:01.000 ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed",
                        "java.lang.IllegalStateException: pool exhausted"},
                new String[] {"Booting worker with pid: 7", "INFO:     Started server process [7]"},
                new String[] {"connected to db", "time=2025-10-28T11:04:01Z level=ERROR msg=\"query failed\""},
                new String[] {"Listening on 8080", "2025/10/28 11:04:01 ready"},
                new String[] {"Settings loaded.", "starting workers"},
                new String[] {"worker 3 started", "[2025-10-28 11:04:01 +0000] [1] [INFO] Booting worker"},
                new String[] {"Handling request", "panic: runtime error: index out of range [3] with length 3"});
        for (String[] pair : pairs) {
            List<Event> events = stitch(List.of(entry(pair[0], T0, "i"), entry(pair[1], T0.plusNanos(50_000), "i")));
            assertThat(events).as(pair[1]).hasSize(2);
        }
        // a continuation too late, or on another instance, is a line of its own
        assertThat(stitch(List.of(entry("connection to serv", T0, "i"), entry("er failed", T0.plusMillis(30), "i")))).hasSize(2);
        assertThat(stitch(List.of(entry("connection to serv", T0, "i"), entry("er failed", T0.plusNanos(1000), "j")))).hasSize(2);
    }

    @Test
    void colourCodesAndLoggerMarkupAreRemovedFromWhatIsMatched() {
        LogEntry ansi = entry("\u001b[31m\u001b[1mERROR\u001b[0m Database initialization timeout after 20.0s", T0, "i");
        LogEntry markup = entry("<red><bold>CRITICAL</bold></red> <level>Redis</level> unreachable</>", T0.plusSeconds(1), "i");
        LogEntry html = entry("upstream answered <html><body><b>502</b></body></html>", T0.plusSeconds(2), "i");

        List<Event> events = stitch(List.of(ansi, markup, html));

        assertThat(events).extracting(Event::text).containsExactly("ERROR Database initialization timeout after 20.0s",
                "CRITICAL Redis unreachable", "upstream answered <html><body>502</body></html>");
        assertThat(events).extracting(Event::cleaned).containsExactly(true, true, true);
        assertThat(events.get(0).assembly()).contains("colour codes");
    }

    // ---- pydantic reports and Go panics, one line per entry

    static final String PYDANTIC = """
            pydantic_core._pydantic_core.ValidationError: 2 validation errors for Settings
            database_url
              Field required [type=missing, input_value={'port': '8080'}, input_type=dict]
                For further information visit https://errors.pydantic.dev/2.7/v/missing
            secret_key
              Field required [type=missing, input_value={'port': '8080'}, input_type=dict]
                For further information visit https://errors.pydantic.dev/2.7/v/missing""";

    @Test
    void aPydanticReportSplitOneLinePerEntryComesBackWhole() {
        String traceback = """
                Traceback (most recent call last):
                  File "/srv/app/main.py", line 4, in <module>
                    settings = Settings()
                """ + PYDANTIC;
        for (String text : List.of(PYDANTIC, traceback, "1 validation error for Settings\nDATABASE_URL\n  Field required [type=missing]")) {
            List<LogEntry> lines = lines(text, T0, "i");
            lines.add(entry("Done", T0.plusMillis(3), "i"));

            List<Event> events = stitch(gcloudOrder(lines, true));

            assertThat(events).extracting(Event::text).containsExactlyInAnyOrder(text, "Done");
        }
    }

    static final String GO_PANIC = """
            panic: runtime error: invalid memory address or nil pointer dereference
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b8a2e]

            goroutine 1 [running]:
            main.loadConfig(0x0)
            	/app/config.go:42 +0x2e
            main.main()
            	/app/main.go:17 +0x65

            goroutine 18 [select]:
            net/http.(*persistConn).writeLoop(0xc000126000)
            	/usr/local/go/src/net/http/transport.go:2421 +0xe5
            created by net/http.(*Transport).dialConn in goroutine 1
            	/usr/local/go/src/net/http/transport.go:1777 +0x16f1""";

    @Test
    void aGoPanicWithItsGoroutineDumpComesBackWhole() {
        List<LogEntry> lines = lines(GO_PANIC, T0, "i");
        lines.add(0, entry("2025/10/28 11:04:01 loading config from /etc/app", T0.minusMillis(1), "i"));
        lines.add(entry("exit status 2 is what go run prints; this is a plain line", T0.plusMillis(5), "i"));

        List<Event> events = stitch(gcloudOrder(lines, true));

        assertThat(events).extracting(Event::text).contains(GO_PANIC).hasSize(3);
    }

    // ---- what must not be merged

    @Test
    void anIndentedConfigDumpIsNotATrace() {
        List<LogEntry> dump = lines("""
                Settings:
                  PORT: 8000
                  WORKERS: 2
                  DATABASE_HOST: /cloudsql/shop-prod:europe-west1:main""", T0, "i");

        List<Event> events = stitch(dump);

        assertThat(events).hasSize(4).allMatch(e -> e.size() == 1);
    }

    @Test
    void aConfigDumpRightAfterATracebackStaysOutOfIt() {
        List<LogEntry> lines = lines(CAUSED, T0, "i");
        Instant end = lines.get(lines.size() - 1).timestamp();
        lines.add(entry("  PORT: 8000", end.plusMillis(5), "i"));
        lines.add(entry("", end.plusMillis(6), "i"));
        lines.add(entry("  WORKERS: 2", end.plusMillis(7), "i"));

        List<Event> events = stitch(lines);

        assertThat(events).extracting(Event::text).containsExactly(CAUSED, "  PORT: 8000", "", "  WORKERS: 2");
    }

    @Test
    void tracebacksTenSecondsApartAreSeparateEvenWithoutASecondHead() {
        String first = """
                Traceback (most recent call last):
                  File "/srv/app/worker.py", line 7, in run""";
        String second = """
                  File "/srv/app/worker.py", line 9, in run
                    job()
                ValueError: bad job""";
        List<LogEntry> lines = lines(first, T0, "i");
        lines.addAll(lines(second, T0.plusSeconds(10), "i"));
        lines.addAll(lines(CAUSED, T0.plusSeconds(20), "i"));
        lines.addAll(lines(CAUSED, T0.plusSeconds(30), "i"));

        for (boolean newestFirst : new boolean[] {false, true}) {
            List<Event> events = stitch(gcloudOrder(lines, newestFirst));

            assertThat(events).extracting(Event::text).containsExactlyInAnyOrder(first,
                    "  File \"/srv/app/worker.py\", line 9, in run", "    job()", "ValueError: bad job", CAUSED, CAUSED);
        }
    }

    @Test
    void twoTracebacksOneSecondApartAreTwoEvents() {
        List<LogEntry> lines = lines(CAUSED, T0, "i");
        lines.addAll(lines(CHAINED, T0.plusSeconds(1), "i"));

        assertThat(stitch(gcloudOrder(lines, true))).extracting(Event::text).containsExactlyInAnyOrder(CAUSED, CHAINED);
    }

    @Test
    void aPlainLineOfTheSameStreamEndsTheBlock() {
        List<LogEntry> lines = lines("""
                Traceback (most recent call last):
                  File "/srv/app/a.py", line 1, in <module>
                [2025-10-28 11:04:01 +0000] [14] [INFO] Worker exiting (pid: 14)
                  File "/srv/app/b.py", line 2, in f""", T0, "i");

        List<Event> events = stitch(lines);

        assertThat(events).extracting(Event::size).containsExactly(2, 1, 1);
    }

    @Test
    void requestLogsPassThroughAtOnce() {
        List<Event> events = new ArrayList<>();
        Stitcher stitcher = new Stitcher(events::add);
        stitcher.accept(entry("Traceback (most recent call last):", T0, "i"));
        LogEntry request = new LogEntry(new Origin("t", ++seq, 0), T0, Severity.ERROR, LogEntry.REQUESTS, resource(), "i",
                null, null, "", 503, 12, null);
        stitcher.accept(request);

        assertThat(events).extracting(Event::parts).containsExactly(List.of(request)); // the head still waits
        stitcher.finish();
        assertThat(events).hasSize(2);
    }

    @Test
    void quietStreamsAreFlushedWithoutWaitingForFinish() {
        List<Event> events = new ArrayList<>();
        Stitcher stitcher = new Stitcher(events::add);
        LogEntry head = entry("Traceback (most recent call last):", T0, "quiet");
        stitcher.accept(head);
        for (int i = 0; i < Stitcher.SWEEP_EVERY; i++) {
            stitcher.accept(entry("GET /healthz 200", T0.plusSeconds(120).plusMillis(i), "busy"));
        }

        assertThat(events).anySatisfy(e -> assertThat(e.parts()).containsExactly(head));
    }

    @Test
    void veryLongBlocksAreCut() {
        List<LogEntry> lines = new ArrayList<>();
        lines.add(entry("Traceback (most recent call last):", T0, "i"));
        for (int i = 1; i <= Stitcher.MAX_BLOCK + 10; i++) {
            lines.add(entry("  File \"/srv/app/r.py\", line 3, in f", T0.plusNanos(1000L * i), "i"));
        }

        List<Event> events = stitch(lines);

        assertEveryEntryOnce(events, lines);
        assertThat(events.get(0).size()).isEqualTo(Stitcher.MAX_BLOCK);
    }

    /** On the real exports (outside the repository; skipped when absent): every entry in exactly one event. */
    @Test
    void realExportsAccountForEveryEntry() throws java.io.IOException {
        java.nio.file.Path netra = java.nio.file.Path.of("../shared/realworld/netra");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(netra),
                "skipped: " + netra.toAbsolutePath() + " is not here (it lives outside the repository)");
        List<LogEntry> entries = new ArrayList<>();
        new dev.faultline.source.ExportSource(List.of(netra.toString())).read(entries::add, p -> { });

        List<Event> events = stitch(entries);

        assertEveryEntryOnce(events, entries);
        // the collector saved these tracebacks merged in one entry: they pass through as they are
        assertThat(events).filteredOn(e -> e.text().startsWith("Traceback (most recent call last):"))
                .isNotEmpty().allMatch(e -> e.size() == 1);
    }

    // ---- helpers

    private List<Event> stitch(List<LogEntry> entries) {
        List<Event> events = new ArrayList<>();
        Stitcher stitcher = new Stitcher(events::add);
        entries.forEach(stitcher::accept);
        stitcher.finish();
        return events;
    }

    /** Cuts {@code text} into entries at random line boundaries, timestamps microseconds apart (some equal). */
    private List<LogEntry> split(String text, Random random, String instance) {
        String[] lines = text.split("\n", -1);
        List<LogEntry> chunks = new ArrayList<>();
        Instant t = T0.plusMillis(random.nextInt(1000));
        StringBuilder chunk = new StringBuilder(lines[0]);
        for (int i = 1; i <= lines.length; i++) {
            if (i == lines.length || random.nextInt(10) < 7) {
                chunks.add(entry(chunk.toString(), t, instance));
                if (random.nextInt(5) > 0) {
                    t = t.plusNanos(1000L * (1 + random.nextInt(400)));
                }
                if (i < lines.length) {
                    chunk = new StringBuilder(lines[i]);
                }
            } else {
                chunk.append('\n').append(lines[i]);
            }
        }
        return chunks;
    }

    /** Other streams' lines around and inside the time range, and plain lines of the same stream well before and after. */
    private List<LogEntry> noise(Random random, Instant from, Instant to) {
        List<LogEntry> noise = new ArrayList<>();
        long span = Math.max(1, to.toEpochMilli() - from.toEpochMilli() + 2);
        for (int i = 0; i < 15; i++) {
            Instant t = from.plusMillis(random.nextInt((int) span)).plusNanos(random.nextInt(1000));
            noise.add(entry("169.254.169.126:40856 - \"GET /health HTTP/1.1\" 200", t, "inst-other"));
            noise.add(entry("  File \"/elsewhere.py\", line " + i + ", in g", t.plusNanos(500), "inst-other"));
            noise.add(new LogEntry(new Origin("t", ++seq, 0), t, Severity.INFO, LogEntry.STDOUT, resource(), "inst-a",
                    null, null, "    indented stdout of the same instance", 0, -1, null));
        }
        noise.add(entry("ERROR:    Exception in ASGI application", from.minusNanos(1000), "inst-a"));
        noise.add(entry("INFO:     Waiting for application shutdown.", to.plusMillis(3), "inst-a"));
        return noise;
    }

    /** The order gcloud prints (timestamp descending) or a sink writes (ascending); ties keep their true order either way. */
    private static List<LogEntry> gcloudOrder(List<LogEntry> entries, boolean newestFirst) {
        List<LogEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(LogEntry::timestamp).thenComparingLong(e -> e.origin().entry()));
        if (newestFirst) {
            Collections.reverse(sorted);
        }
        return sorted;
    }

    private List<LogEntry> lines(String text, Instant start, String instance) {
        List<LogEntry> out = new ArrayList<>();
        Instant t = start;
        for (String line : text.split("\n", -1)) {
            out.add(entry(line, t, instance));
            t = t.plusNanos(4_000);
        }
        return out;
    }

    private LogEntry entry(String text, Instant t, String instance) {
        return new LogEntry(new Origin("t", ++seq, 0), t, Severity.DEFAULT, LogEntry.STDERR, resource(), instance,
                null, null, text, 0, -1, null);
    }

    private static Resource resource() {
        return new Resource(Resource.CLOUD_RUN_REVISION, "shop-prod", "shop-api", "shop-api-00042-xyz", "shop-api", "europe-west1");
    }

    private static Event eventOf(List<Event> events, LogEntry part) {
        return events.stream().filter(e -> e.parts().stream().anyMatch(p -> p == part)).findFirst().orElseThrow();
    }

    private static void assertEveryEntryOnce(List<Event> events, List<LogEntry> entries) {
        Map<LogEntry, Integer> seen = new IdentityHashMap<>();
        for (Event e : events) {
            for (LogEntry p : e.parts()) {
                seen.merge(p, 1, Integer::sum);
            }
            assertThat(e.parts()).extracting(LogEntry::timestamp).isSorted();
        }
        assertThat(seen).hasSize(entries.size());
        assertThat(seen.values()).containsOnly(1);
        for (LogEntry entry : entries) {
            assertThat(seen).containsKey(entry);
        }
    }

    private static List<String> describe(List<Event> events) {
        return events.stream().map(e -> e.timestamp() + " " + e.parts().stream().map(p -> p.origin().entry()).toList())
                .sorted().toList();
    }
}
