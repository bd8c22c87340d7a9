package dev.faultline.match;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Literals;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MatcherTest {

    private static Catalog catalog;
    private static Matcher matcher;

    @BeforeAll
    static void load() throws CatalogException {
        catalog = CatalogLoader.loadBundled();
        matcher = new Matcher(catalog.active());
    }

    // ------------------------------------------------------------ the catalog's own examples

    @Test
    void everyExampleFiresExactlyItsSignatureAndNegativesNeverTheirOwn() {
        for (Signature s : catalog.active()) {
            String log = logFor(s);
            for (String example : s.examplesMatch()) {
                List<String> fired = ids(match(example, log));
                assertThat(fired).as("%s positive: %s", s.id(), example).contains(s.id());
                assertThat(ExampleRunner.undeclared(s, fired, catalog.byId()))
                        .as("%s positive fires others without a declared overlap: %s", s.id(), example).isEmpty();
            }
            for (String example : s.examplesNoMatch()) {
                assertThat(ids(match(example, log))).as("%s negative: %s", s.id(), example).doesNotContain(s.id());
            }
        }
        assertThat(ExampleRunner.run(matcher)).isEmpty();
    }

    @Test
    void prefilterNeverDropsATrueMatch() {
        List<String> texts = new ArrayList<>();
        for (Signature s : catalog.active()) {
            texts.addAll(s.examplesMatch());
            texts.addAll(s.examplesNoMatch());
        }
        texts.addAll(HEALTHY);
        texts.add(CLOUDSQL_TRACEBACK);
        texts.add(SMD_TRACEBACK_TAIL);
        // the same lines inside other text, shouted, and cut short
        for (String t : List.copyOf(texts)) {
            texts.add("2025-09-15T21:37:17Z x " + t + "\nnext line");
            texts.add(t.toUpperCase(java.util.Locale.ROOT));
            texts.add(t.substring(0, t.length() / 2));
        }
        for (String text : texts) {
            for (String log : List.of(LogEntry.STDERR, LogEntry.REQUESTS, LogEntry.VARLOG_SYSTEM)) {
                assertThat(ids(match(text, log))).as("%s on %s", text, log).isEqualTo(bruteForce(text, log));
            }
        }
    }

    // ------------------------------------------------------------ extracted fields

    @Test
    void portFromThePortListenTimeout() {
        Hit hit = single("failed to start and listen on the port defined provided by the PORT=8000 environment variable"
                + " within the allocated timeout", LogEntry.VARLOG_SYSTEM);
        assertThat(hit.signature().id()).isEqualTo("cloudrun.port-listen-timeout");
        assertThat(hit.fields()).isEqualTo(Map.of("port", "8000"));
        // the oldest wording has no port: the field is absent, never null
        assertThat(single("Container failed to start. Failed to start and then listen on the port defined by the PORT"
                + " environment variable.", LogEntry.VARLOG_SYSTEM).fields()).isEmpty();
    }

    @Test
    void probeAndPortFromTheStartupProbe() {
        Hit tcp = single("Default STARTUP TCP probe failed 1 time consecutively for container \"netra-backend-staging-1\""
                + " on port 8000. The instance was not started.", LogEntry.VARLOG_SYSTEM);
        assertThat(tcp.fields()).isEqualTo(Map.of("probe", "TCP", "port", "8000"));
        Hit http = single("STARTUP HTTP probe failed 3 times consecutively for container \"api\" on path \"/health\"."
                + " The instance was not started.", LogEntry.VARLOG_SYSTEM);
        assertThat(http.fields()).isEqualTo(Map.of("probe", "HTTP", "path", "/health"));
    }

    @Test
    void exitCodeMemoryAndPid() {
        assertThat(single("Container called exit(3).", LogEntry.VARLOG_SYSTEM).fields()).isEqualTo(Map.of("exitCode", "3"));
        assertThat(match("Container called exit(0).", LogEntry.VARLOG_SYSTEM)).isEmpty();
        assertThat(single("Memory limit of 512 MiB exceeded with 523 MiB used. Consider increasing the memory limit, see"
                + " https://cloud.google.com/run/docs/configuring/memory-limits", LogEntry.VARLOG_SYSTEM).fields())
                .isEqualTo(Map.of("limitMiB", "512", "usedMiB", "523"));
        assertThat(single("Memory limit of 512M exceeded with 530M used. Consider increasing the memory limit, see"
                + " https://cloud.google.com/run/docs/configuring/memory-limits", LogEntry.VARLOG_SYSTEM).fields())
                .isEqualTo(Map.of("limitMiB", "512", "usedMiB", "530"));
        assertThat(single("[2025-09-08 02:50:01 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:7)", LogEntry.STDERR).fields())
                .isEqualTo(Map.of("pid", "7"));
    }

    @Test
    void phaseAndTimeoutFromTheStartupSequence() {
        Hit smd = single("DETERMINISTIC STARTUP FAILURE: CRITICAL STARTUP FAILURE: Database initialization timeout after 20.0s"
                + " in staging environment. This may indicate Cloud SQL connection issues. Check POSTGRES_HOST configuration"
                + " and Cloud SQL instance accessibility.", LogEntry.STDERR);
        assertThat(smd.signature().id()).isEqualTo("app.startup-phase-timeout");
        assertThat(smd.fields()).isEqualTo(Map.of("phase", "Database", "timeoutSeconds", "20.0"));
        // the PHASE FAILED wording of the same incident gives the same phase value
        assertThat(single(" FAIL:  PHASE FAILED: DATABASE - Database initialization timeout after 25.0s in staging environment.",
                LogEntry.STDERR).fields()).isEqualTo(Map.of("phase", "Database", "timeoutSeconds", "25.0"));
        assertThat(single("SMD Phase 3 (DATABASE) failed: timeout after 20.0s", LogEntry.STDERR).fields())
                .isEqualTo(Map.of("phase", "DATABASE", "timeoutSeconds", "20.0"));
    }

    @Test
    void severalRegexesOfOneSignatureGiveOneHitWithTheFirstRegexFields() {
        List<Hit> hits = match("SMD Phase 3 (DATABASE) failed: Database initialization timeout after 8.0s", LogEntry.STDERR);
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.signature().id()).isEqualTo("app.startup-phase-timeout");
            assertThat(hit.fields()).isEqualTo(Map.of("phase", "DATABASE", "timeoutSeconds", "8.0"));
        });
    }

    @Test
    void socketAndInstanceFromCloudSqlErrors() {
        Map<String, String> expected = Map.of(
                "socket", "/cloudsql/netra-staging:us-central1:staging-shared-postgres/.s.PGSQL.5432",
                "instance", "netra-staging:us-central1:staging-shared-postgres");
        assertThat(single(CLOUDSQL_TRACEBACK, LogEntry.STDERR).fields()).isEqualTo(expected);
        // asyncpg: asyncio prints a unix address bare; the tuple-like form is accepted too
        assertThat(single("ConnectionRefusedError: [Errno 111] Connect call failed"
                + " ('/cloudsql/netra-staging:us-central1:staging-shared-postgres/.s.PGSQL.5432')", LogEntry.STDERR).fields())
                .isEqualTo(expected);
        assertThat(single("sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server on socket"
                + " \"/cloudsql/proj:us-east1:db/.s.PGSQL.5432\" failed: No such file or directory\n"
                + "\tIs the server running locally and accepting connections on that socket?", LogEntry.STDERR).fields())
                .isEqualTo(Map.of("socket", "/cloudsql/proj:us-east1:db/.s.PGSQL.5432", "instance", "proj:us-east1:db"));
    }

    @Test
    void tcpPostgresErrorIsNotTheCloudSqlSocket() {
        Hit hit = single("psycopg2.OperationalError: connection to server at \"10.0.0.3\", port 5432 failed: Connection refused\n"
                + "\tIs the server running on that host and accepting TCP/IP connections?", LogEntry.STDERR);
        assertThat(hit.signature().id()).isEqualTo("postgres.connection-failed-tcp");
        assertThat(hit.fields()).isEqualTo(Map.of("host", "10.0.0.3", "port", "5432"));
        assertThat(single("connection to server at \"10.20.0.3\", port 5432 failed: Connection timed out", LogEntry.STDERR)
                .fields()).isEqualTo(Map.of("host", "10.20.0.3", "port", "5432"));
    }

    // ------------------------------------------------------------ events as the assembler makes them

    @Test
    void multiLineTracebackStitchedFromSeveralEntries() {
        String[] lines = CLOUDSQL_TRACEBACK.split("\n");
        List<LogEntry> parts = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            parts.add(entry(lines[i], LogEntry.STDERR, i));
        }
        Event event = new Event(parts, String.join("\n", lines));
        assertThat(matcher.match(event)).singleElement().satisfies(hit -> {
            assertThat(hit.signature().id()).isEqualTo("postgres.cloudsql-socket-error");
            assertThat(hit.event()).isSameAs(event);
        });
    }

    @Test
    void longTracebackGivesOneHitPerSignatureInCatalogOrder() {
        List<Hit> hits = match(SMD_TRACEBACK_TAIL + "\n" + CLOUDSQL_TRACEBACK + "\nApplication startup failed. Exiting.", LogEntry.STDERR);
        assertThat(ids(hits)).containsExactly("app.startup-phase-timeout", "app.lifespan-startup-failed",
                "postgres.cloudsql-socket-error");
        assertThat(hits.get(0).fields()).isEqualTo(Map.of("phase", "Database", "timeoutSeconds", "25.0"));
    }

    @Test
    void logNameRestrictionUsesTheEventHead() {
        String text = "The request failed because either the HTTP response was malformed or connection to the instance had"
                + " an error. Additional troubleshooting documentation can be found at:"
                + " https://cloud.google.com/run/docs/troubleshooting#malformed-response-or-connection-error";
        assertThat(ids(match(text, LogEntry.REQUESTS))).containsExactly("cloudrun.request-connection-error");
        // an application quoting Cloud Run's sentence on stderr is not Cloud Run saying it
        assertThat(match("WebSocket 503 Connection Error: " + text, LogEntry.STDERR)).isEmpty();
    }

    /** No failure signature fires on them; some are known noise (gunicorn's EBADF on shutdown), which triage keeps apart. */
    @Test
    void healthyLinesFromRealLogsFireNothing() {
        Matcher diagnostic = new Matcher(catalog.diagnostic());
        for (String line : HEALTHY) {
            for (String log : List.of(LogEntry.STDERR, LogEntry.VARLOG_SYSTEM, LogEntry.REQUESTS)) {
                assertThat(diagnostic.match(ExampleRunner.event(line, log))).as(line).isEmpty();
            }
        }
    }

    @Test
    void emptyAndNullTextMatchNothing() {
        assertThat(match("", LogEntry.STDERR)).isEmpty();
        assertThat(matcher.match(new Event(List.of(entry(null, LogEntry.STDERR, 0)), null))).isEmpty();
        assertThat(new Matcher(List.of()).match(ExampleRunner.event("Container called exit(3).", LogEntry.STDERR))).isEmpty();
    }

    // ------------------------------------------------------------ case folding and threads

    @Test
    void caseInsensitivePatternsMatchThroughTheFoldedPrefilter() {
        String regex = "(?i)kafka connection refused by (?P<peer>\\S+)";
        Signature ci = signature("demo.refused", regex, List.of("peer"));
        Signature cs = signature("demo.exact", "Container called exit\\((?P<code>\\d+)\\)", List.of("code"));
        Matcher m = new Matcher(List.of(ci, cs));
        assertThat(ci.patterns().get(0).caseInsensitive()).isTrue();
        assertThat(ci.patterns().get(0).literals()).containsExactly("kafka connection refused by ");
        assertThat(m.match(ExampleRunner.event("KAFKA CONNECTION REFUSED BY db:5432", LogEntry.STDERR)))
                .singleElement().satisfies(h -> assertThat(h.fields()).isEqualTo(Map.of("peer", "db:5432")));
        // U+212A KELVIN SIGN is 'k' to RE2J's (?i); the folded prefilter must not lose it
        String kelvin = "\u212Aafka connection refused by db:5432";
        assertThat(com.google.re2j.Pattern.compile(regex).matcher(kelvin).find()).isTrue();
        assertThat(ids(m.match(ExampleRunner.event(kelvin, LogEntry.STDERR)))).containsExactly("demo.refused");
        // case-sensitive patterns still match exactly once folding is on
        assertThat(m.match(ExampleRunner.event("Container called exit(2).", LogEntry.STDERR)))
                .singleElement().satisfies(h -> assertThat(h.fields()).isEqualTo(Map.of("code", "2")));
        assertThat(m.match(ExampleRunner.event("container called EXIT(2).", LogEntry.STDERR))).isEmpty();
    }

    @Test
    void sameResultsFromManyThreads() {
        List<String> texts = new ArrayList<>(HEALTHY);
        catalog.active().forEach(s -> texts.addAll(s.examplesMatch()));
        List<List<String>> expected = texts.stream().map(t -> ids(match(t, LogEntry.STDERR))).toList();
        IntStream.range(0, 50 * texts.size()).parallel().forEach(i -> {
            int at = i % texts.size();
            assertThat(ids(match(texts.get(at), LogEntry.STDERR))).isEqualTo(expected.get(at));
        });
    }

    // ------------------------------------------------------------ fixtures: real wordings

    /** Healthy lines from realworld case-02 (the clean rollout) and case-09's successful revision. */
    static final List<String> HEALTHY = List.of(
            "[2025-08-28 00:20:14 +0000] [14] [INFO] Error while closing socket [Errno 9] Bad file descriptor",
            "Default STARTUP TCP probe succeeded after 1 attempt for container \"netra-backend-staging-1\" on port 8000.",
            "[2025-08-28 00:20:02 +0000] [12] [INFO] Application startup complete.",
            "[2025-08-28 00:20:14 +0000] [13] [INFO] Waiting for application shutdown.",
            "[2025-08-28 00:20:14 +0000] [10] [INFO] Handling signal: term",
            "Shutting down user disabled instance",
            "Ready condition status changed to True for Revision netra-auth-service-00007-5rx with message: Deploying revision"
                    + " succeeded in 16.72s.",
            "Starting new instance. Reason: MANUAL_OR_CUSTOMER_MIN_INSTANCE - Instance started because of customer-configured"
                    + " min-instances or manual scaling.",
            "169.254.169.126:40856 - \"GET /health HTTP/1.1\" 200",
            "2025-08-28 00:20:02,946 - netra-service - auth_service.auth_core.database.connection - INFO - Auth database"
                    + " connection test successful: 1",
            "  POSTGRES_HOST: /cloudsql/netra-staging:us-central1:staging-shared-postgres",
            "Enhanced GCP WebSocket Readiness Middleware initialized (Issue #449) - Environment: staging, GCP: True, Cloud Run:"
                    + " True, Timeout: 90.0s, uvicorn-compatible: True",
            "Waiting for application startup.",
            "Started server process [13]",
            "Sentry SDK not available - install sentry-sdk[fastapi] to enable error tracking",
            "Continuing without migrations",
            "\u001b[32m2025-08-28 00:20:34.620\u001b[0m | \u001b[33m\u001b[1mWARNING \u001b[0m | \u001b[36mnetra_backend.app.core"
                    + ".unified_logging\u001b[0m:\u001b[36m_emit_log\u001b[0m:\u001b[36m204\u001b[0m | \u001b[33m\u001b[1m[ClickHouse]"
                    + " Connection failed in staging but not required - graceful degradation\u001b[0m");

    /** Realworld case-09's migration error as Cloud Run delivers it, with real line breaks. */
    static final String CLOUDSQL_TRACEBACK = "Failed to run migrations: (psycopg2.OperationalError) connection to server on socket"
            + " \"/cloudsql/netra-staging:us-central1:staging-shared-postgres/.s.PGSQL.5432\" failed: server closed the"
            + " connection unexpectedly\n"
            + "\tThis probably means the server terminated abnormally\n"
            + "\tbefore or while processing the request.\n"
            + "\n"
            + "(Background on this error at: https://sqlalche.me/e/20/e3q8)";

    /** The end of realworld case-09's startup traceback (lines verbatim). */
    static final String SMD_TRACEBACK_TAIL = String.join("\n",
            "Traceback (most recent call last):",
            "  File \"/app/netra_backend/app/smd.py\", line 1005, in _initialize_database",
            "    await asyncio.wait_for(",
            "  File \"/usr/local/lib/python3.11/asyncio/tasks.py\", line 502, in wait_for",
            "    raise exceptions.TimeoutError() from exc",
            "TimeoutError",
            "",
            "The above exception was the direct cause of the following exception:",
            "",
            "Traceback (most recent call last):",
            "  File \"/app/netra_backend/app/smd.py\", line 171, in initialize_system",
            "    await self._phase3_database_setup()",
            "  File \"/app/netra_backend/app/smd.py\", line 252, in _phase3_database_setup",
            "    await self._initialize_database()",
            "  File \"/app/netra_backend/app/smd.py\", line 1018, in _initialize_database",
            "    raise DeterministicStartupError(error_msg) from e",
            "netra_backend.app.smd.DeterministicStartupError: Database initialization timeout after 25.0s in staging environment."
                    + " This may indicate Cloud SQL connection issues. Check POSTGRES_HOST configuration and Cloud SQL instance"
                    + " accessibility.");

    // ------------------------------------------------------------ helpers

    private static List<Hit> match(String text, String logName) {
        return matcher.match(ExampleRunner.event(text, logName));
    }

    private static Hit single(String text, String logName) {
        List<Hit> hits = match(text, logName);
        assertThat(hits).as(text).hasSize(1);
        return hits.get(0);
    }

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(h -> h.signature().id()).toList();
    }

    private static String logFor(Signature s) {
        return s.logNames().isEmpty() ? LogEntry.STDERR : s.logNames().get(0);
    }

    /** What matching must give: every regex tried on the whole text, no prefilter. */
    private static List<String> bruteForce(String text, String logName) {
        List<String> ids = new ArrayList<>();
        for (Signature s : catalog.active()) {
            if (!s.logNames().isEmpty() && !s.logNames().contains(logName)) {
                continue;
            }
            if (s.patterns().stream().anyMatch(p -> p.pattern().matcher(text).find())) {
                ids.add(s.id());
            }
        }
        return ids;
    }

    private static LogEntry entry(String text, String logName, int n) {
        return new LogEntry(new Origin("test", n + 1, n + 1), Instant.parse("2025-09-15T21:37:17Z").plusMillis(n),
                Severity.DEFAULT, logName, Resource.NONE, "instance-1", null, null, text, 0, -1, null);
    }

    private static Signature signature(String id, String regex, List<String> extract) {
        Literals.Result literals = Literals.of(regex);
        Signature.MatchPattern pattern = new Signature.MatchPattern(regex, com.google.re2j.Pattern.compile(regex),
                literals.literals(), literals.caseInsensitive());
        return new Signature(id, 1, id, Signature.Layer.APP, Signature.Level.ERROR, Signature.Role.CAUSE,
                Signature.Status.STABLE, List.of(), List.of(pattern), extract, List.of(), List.of(), List.of(), List.of(), "", List.of(), "test");
    }

    /** The pre-RE2J check never rejects a text the regex matches: every example of every signature passes it. */
    @Test
    void requiredLiteralsInOrderHoldForEveryExampleOfTheCatalog() {
        int checked = 0;
        for (Signature s : catalog.active()) {
            for (Signature.MatchPattern p : s.patterns()) {
                if (p.caseInsensitive()) {
                    continue;
                }
                String[] required = Literals.required(p.regex()).toArray(String[]::new);
                for (String example : s.examplesMatch()) {
                    if (p.pattern().matcher(example).find()) {
                        assertThat(Matcher.containsInOrder(example, required)).as("%s on %s", p.regex(), example).isTrue();
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void requiredLiteralsMayOverlapByARepeatedCharButNotComeOutOfOrder() {
        String[] abPlusC = Literals.required("ab+c").toArray(String[]::new);
        assertThat(abPlusC).containsExactly("ab", "bc");
        assertThat(Matcher.containsInOrder("abc", abPlusC)).isTrue();
        assertThat(Matcher.containsInOrder("xx abbbc", abPlusC)).isTrue();
        assertThat(Matcher.containsInOrder("bc then ab", abPlusC)).isFalse();
        // a one-char literal the regex needs after its phrase: a benign line with the phrase alone is rejected
        String[] phrase = Literals.required("cache refreshed[^#\\n]*#(?P<code>\\d+)").toArray(String[]::new);
        assertThat(phrase).containsExactly("cache refreshed", "#");
        assertThat(Matcher.containsInOrder("12:00 - INFO - cache refreshed: 4 keys in 3 ms", phrase)).isFalse();
        assertThat(Matcher.containsInOrder("# cache refreshed: 4 keys", phrase)).isFalse();
        assertThat(Matcher.containsInOrder("cache refreshed: #12 node-a", phrase)).isTrue();
    }
}
