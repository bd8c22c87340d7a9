package dev.faultline.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a deterministic, realistic {@code gcloud logging read --format=json} export of a chosen
 * size for the benchmark: newest entry first, keys sorted, 2-space indent, severity omitted when
 * DEFAULT, as gcloud prints them (FACTS.md).
 * <p>
 * Mostly benign lines (uvicorn/gunicorn stderr, loguru with ANSI colours, structured JSON logs,
 * request logs, the occasional audit entry); {@link #FAILURE_PERCENT} of entries are failure lines
 * drawn from the {@code examples.match} of every signature of the loaded catalog (so a catalog that
 * grows on another branch is covered without touching this class), written to the log each
 * signature is restricted to; and Python tracebacks split one entry per line, as Cloud Run does,
 * ending in a failure line. Same seed, same catalog, same size, same shape: the same bytes.
 * <p>
 * Two shapes ({@link Shape}): {@code mixed}, the default, and {@code tracebacks}: fewer failure
 * lines (2%) and more, shorter split tracebacks (1% of entries start a six-line one), most of them
 * ending in ordinary application exceptions whose text shares literals with catalog regexes
 * (RE2J's worst case: whole stitched events that the prefilter lets through).
 * <pre>
 * java -cp ... dev.faultline.bench.ExportGenerator OUT.json MB [--shape mixed|tracebacks] [--seed N] [--catalog DIR]...
 *     [--grep-patterns FILE]
 * </pre>
 * {@code --grep-patterns} also writes the literal fragments of every regex of the catalog (what the
 * matcher's prefilter looks for), escaped for {@code grep -E -f}: the by-hand pipeline the
 * benchmark compares against.
 */
public final class ExportGenerator {

    /** Share of entries that are a signature's own example line (less the tracebacks' share, see Shape). */
    static final int FAILURE_PERCENT = 3;

    /** What the export is made of; both draw a number in [0, 1000) per entry. */
    public enum Shape {
        /** ~2.6% failure lines; 0.4% of draws start a traceback of 3-8 frames (~12 entries each, ~5% of entries). */
        MIXED(4, 3, 8, 2),
        /** ~2% failure lines; 1% start a six-line traceback (2 frames), three in four ending in an ordinary exception. */
        TRACEBACKS(10, 2, 2, 4);

        /** Draws below this start a traceback; the failure lines are the draws from here up to 30. */
        final int tracebackPerMille;
        final int minFrames;
        final int maxFrames;
        /** One traceback in this many ends in a catalog example line, the others in an ordinary exception. */
        final int failureEndEvery;

        Shape(int tracebackPerMille, int minFrames, int maxFrames, int failureEndEvery) {
            this.tracebackPerMille = tracebackPerMille;
            this.minFrames = minFrames;
            this.maxFrames = maxFrames;
            this.failureEndEvery = failureEndEvery;
        }
    }

    private static final String PROJECT = "shop-prod";
    static final String[] SERVICES = {"checkout-api", "catalog-worker", "auth-service"};
    private static final String[] REVISION_SUFFIXES = {"00041-kx2", "00042-9qd", "00043-m7p", "00044-zt5"};
    static final String[] PATHS = {"/health", "/api/v1/cart", "/api/v1/orders", "/api/v1/items/{id}", "/login", "/static/app.js"};
    static final String[] MODULES = {"app.api.cart", "app.db.session", "app.middleware.auth", "app.services.pricing", "app.tasks.sync"};

    private final Random random;
    private final Shape shape;
    /** Per signature, its example lines: signatures take turns, each with a random one of its examples. */
    private final List<List<Failure>> failures = new ArrayList<>();
    private final List<String> traceEnds = new ArrayList<>();
    private final String[][] instances = new String[SERVICES.length][];
    private Instant time = Instant.parse("2025-09-15T21:00:00.000000Z");
    private long serial;
    private long failureCount;

    /** One example line and the log it must appear in to match (a signature's first log_name, else stderr). */
    record Failure(String signatureId, String text, String logName) {
    }

    ExportGenerator(Catalog catalog, long seed) {
        this(catalog, seed, Shape.MIXED);
    }

    ExportGenerator(Catalog catalog, long seed, Shape shape) {
        this.random = new Random(seed);
        this.shape = shape;
        for (Signature s : catalog.diagnostic()) { // known noise never fires a hit
            String log = s.logNames().isEmpty() ? LogEntry.STDERR : s.logNames().get(0);
            List<Failure> own = new ArrayList<>();
            failures.add(own);
            for (String example : s.examplesMatch()) {
                own.add(new Failure(s.id(), example, log));
                if (log.equals(LogEntry.STDERR) && example.indexOf('\n') < 0) {
                    traceEnds.add(example); // unrestricted single lines can also end a traceback
                }
            }
        }
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("the catalog has no signature examples to draw failure lines from");
        }
        for (int s = 0; s < SERVICES.length; s++) {
            instances[s] = new String[6];
            for (int i = 0; i < instances[s].length; i++) {
                StringBuilder id = new StringBuilder("0069c7a988");
                while (id.length() < 128) {
                    id.append(Integer.toHexString(random.nextInt(16)));
                }
                instances[s][i] = id.toString();
            }
        }
    }

    public static void main(String[] args) throws IOException, CatalogException {
        if (args.length < 2) {
            System.err.println("usage: ExportGenerator OUT.json MB [--seed N] [--catalog DIR]...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]) << 20;
        long seed = 42;
        Shape shape = Shape.MIXED;
        List<Path> dirs = new ArrayList<>();
        Path grepPatterns = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--shape" -> shape = Shape.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--grep-patterns" -> grepPatterns = Path.of(args[++i]);
                case "--catalog" -> dirs.add(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Catalog catalog = CatalogLoader.loadBundledWith(dirs);
        if (grepPatterns != null) {
            Files.write(grepPatterns, grepPatterns(catalog), StandardCharsets.UTF_8);
        }
        ExportGenerator generator = new ExportGenerator(catalog, seed, shape);
        long entries;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            entries = generator.write(w, bytes);
        }
        System.out.printf("%s: %d entries, %d bytes, shape %s, %d signatures (%d example lines) from catalog %s%n",
                out, entries, Files.size(out), shape.name().toLowerCase(java.util.Locale.ROOT), catalog.diagnostic().size(),
                generator.failures.stream().mapToInt(List::size).sum(), catalog.version());
    }

    /** Writes an export of about {@code bytes} of the given shape (seed 42) to {@code out}; returns the number of entries. */
    public static long write(Catalog catalog, Shape shape, Path out, long bytes) throws IOException {
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            return new ExportGenerator(catalog, 42, shape).write(w, bytes);
        }
    }

    /**
     * Each distinct literal of the catalog's regexes, as an ERE that matches it verbatim, one per
     * line. A literal spanning lines ("\nKeyError: '") gives its longest line: the peers match line
     * by line, and an empty line in a {@code grep -f} file would match everything.
     */
    static List<String> grepPatterns(Catalog catalog) {
        return catalog.diagnostic().stream()
                .flatMap(s -> s.patterns().stream())
                .flatMap(p -> p.literals().stream())
                .map(l -> java.util.Arrays.stream(l.split("\n")).max(java.util.Comparator.comparingInt(String::length)).orElse(""))
                .filter(l -> !l.isBlank())
                .distinct()
                .map(l -> l.replaceAll("[\\\\.^$|?*+()\\[\\]{}]", "\\\\$0"))
                .toList();
    }

    /** Writes entries until about {@code targetBytes} are written; returns the number of entries. */
    long write(Writer out, long targetBytes) throws IOException {
        Writer w = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        Counting counted = new Counting(w);
        counted.write("[\n");
        long n = 0;
        while (counted.bytes < targetBytes) {
            int service = random.nextInt(SERVICES.length);
            int dice = random.nextInt(1000);
            if (dice < shape.tracebackPerMille) {
                n += traceback(counted, service, n);
            } else {
                step();
                entry(counted, n++, service, dice);
            }
        }
        counted.write("\n]\n");
        w.flush();
        return n;
    }

    /** Time runs backwards: gcloud prints the newest entry first. */
    private void step() {
        time = time.minusNanos(1000L * (1 + random.nextInt(3000)));
    }

    private void entry(Counting w, long n, int service, int dice) throws IOException {
        String instance = instances[service][random.nextInt(instances[service].length)];
        String revision = revision(service);
        int percent = dice / 10;
        if (percent < FAILURE_PERCENT) {
            List<Failure> own = failures.get((int) (failureCount++ % failures.size())); // round robin: every signature shows up
            Failure f = own.get(random.nextInt(own.size()));
            // failures gather on each service's newest revision, as in a bad rollout
            String failing = SERVICES[service] + "-" + REVISION_SUFFIXES[REVISION_SUFFIXES.length - 1];
            if (f.logName().equals(LogEntry.AUDIT_SYSTEM_EVENT)) {
                audit(w, n, service, failing, f.text());
            } else if (f.logName().equals(LogEntry.REQUESTS)) {
                request(w, n, service, failing, instance, 503, f.text());
            } else {
                text(w, n, service, failing, instance, f.logName(), f.logName().equals(LogEntry.VARLOG_SYSTEM) ? "ERROR" : null, f.text());
            }
        } else if (percent < 20) {
            request(w, n, service, revision, instance, random.nextInt(50) == 0 ? 404 : 200, null);
        } else if (percent < 32) {
            structured(w, n, service, revision, instance);
        } else if (percent < 33) {
            text(w, n, service, revision, instance, LogEntry.VARLOG_SYSTEM, "INFO", systemLine());
        } else if (dice == 999) {
            audit(w, n, service, revision, "Ready condition status changed to True for Revision " + revision
                    + " with message: Deploying revision succeeded in " + (10 + random.nextInt(40)) + "." + random.nextInt(100) + "s.");
        } else {
            text(w, n, service, revision, instance, random.nextBoolean() ? LogEntry.STDERR : LogEntry.STDOUT, null, benignLine());
        }
    }

    /** A Python traceback split one entry per line (newest first), ending in a failure line or a plain exception. */
    private int traceback(Counting w, int service, long n) throws IOException {
        String instance = instances[service][random.nextInt(instances[service].length)];
        String revision = SERVICES[service] + "-" + REVISION_SUFFIXES[REVISION_SUFFIXES.length - 1];
        List<String> lines = tracebackFrames();
        if (!traceEnds.isEmpty() && random.nextInt(shape.failureEndEvery) == 0) {
            lines.add(traceEnds.get(random.nextInt(traceEnds.size())));
        } else {
            lines.add(benignTracebackEnd());
        }
        // one entry per line, a few microseconds apart; written newest (the exception) first
        for (int i = lines.size() - 1; i >= 0; i--) {
            time = time.minusNanos(1000L * (5 + random.nextInt(40)));
            text(w, n + (lines.size() - 1 - i), service, revision, instance, LogEntry.STDERR, null, lines.get(i));
        }
        return lines.size();
    }

    /** The head and frames of a split traceback, its benign part (the caller adds the exception line). */
    List<String> tracebackFrames() {
        List<String> lines = new ArrayList<>();
        lines.add("Traceback (most recent call last):");
        int frames = shape.minFrames + random.nextInt(shape.maxFrames - shape.minFrames + 1);
        for (int i = 0; i < frames; i++) {
            if (shape == Shape.MIXED) {
                String module = MODULES[random.nextInt(MODULES.length)].replace('.', '/');
                lines.add("  File \"/app/" + module + ".py\", line " + (10 + random.nextInt(900)) + ", in handler_" + random.nextInt(40));
                lines.add("    result = await self._call_next(request, timeout=" + random.nextInt(60) + ")");
            } else {
                String[] frame = FRAMES[random.nextInt(FRAMES.length)];
                lines.add("  File \"" + frame[0] + "\", line " + (10 + random.nextInt(900)) + ", in " + frame[1]);
                lines.add("    " + frame[2]);
            }
        }
        return lines;
    }

    /** The exception line of a traceback that is not a signature's example. */
    String benignTracebackEnd() {
        return shape == Shape.MIXED ? "KeyError: 'item_" + random.nextInt(10_000) + "'" : ordinaryException();
    }

    /** Frames of a web app's traceback: file, function, source line. */
    private static final String[][] FRAMES = {
        {"/usr/local/lib/python3.11/site-packages/starlette/middleware/base.py", "__call__", "response = await self.dispatch_func(request, call_next)"},
        {"/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/base.py", "_execute_context", "self.dialect.do_execute(cursor, statement, parameters, context)"},
        {"/usr/local/lib/python3.11/site-packages/httpx/_transports/default.py", "handle_async_request", "raise mapped_exc(message) from exc"},
        {"/app/app/api/cart.py", "get_cart", "item = cache[key]"},
        {"/app/app/services/pricing.py", "price", "return Decimal(row[\"amount\"]) * quantity"},
        {"/usr/local/lib/python3.11/os.py", "__getitem__", "raise KeyError(key) from None"},
    };

    /** The exception line of an ordinary application error, sharing words with catalog regexes but matching none. */
    private String ordinaryException() {
        return switch (random.nextInt(6)) {
            case 0 -> "KeyError: 'item_" + random.nextInt(10_000) + "'";
            case 1 -> "KeyError: 'session'";
            case 2 -> "ValueError: invalid literal for int() with base 10: '" + Long.toHexString(random.nextLong()) + "'";
            case 3 -> "httpx.ReadTimeout: timed out after " + random.nextInt(30) + ".0s";
            case 4 -> "ConnectionResetError: [Errno 104] Connection reset by peer";
            default -> "decimal.InvalidOperation: [<class 'decimal.ConversionSyntax'>]";
        };
    }

    private String revision(int service) {
        return SERVICES[service] + "-" + REVISION_SUFFIXES[random.nextInt(REVISION_SUFFIXES.length)];
    }

    /** A benign stdout/stderr line: gunicorn, uvicorn, loguru and plain application lines. */
    String benignLine() {
        return switch (random.nextInt(10)) {
            case 0 -> "INFO:     169.254.169.126:" + (30000 + random.nextInt(30000)) + " - \"GET " + PATHS[random.nextInt(PATHS.length)]
                    + " HTTP/1.1\" " + (random.nextInt(30) == 0 ? 500 : 200) + " OK";
            case 1 -> "[" + clock() + " +0000] [" + (10 + random.nextInt(30)) + "] [INFO] Booting worker with pid: " + (10 + random.nextInt(90));
            case 2 -> "\u001b[32m" + clock() + ".240\u001b[0m | \u001b[1mINFO    \u001b[0m | \u001b[36m"
                    + MODULES[random.nextInt(MODULES.length)] + "\u001b[0m:dispatch:" + random.nextInt(200) + " - request handled in "
                    + random.nextInt(900) + "ms";
            case 3 -> "[" + clock() + " +0000] [14] [INFO] Error while closing socket [Errno 9] Bad file descriptor";
            case 4 -> clock() + ",948 - " + MODULES[random.nextInt(MODULES.length)] + " - WARNING - retrying request to upstream "
                    + "(attempt " + (1 + random.nextInt(3)) + " of 3): connection reset, timeout after " + random.nextInt(30) + ".0s";
            case 5 -> clock() + ",102 - " + MODULES[random.nextInt(MODULES.length)] + " - INFO - cache refreshed: "
                    + random.nextInt(5000) + " keys in " + random.nextInt(400) + " ms";
            case 6 -> "INFO:     Application startup complete.";
            case 7 -> "Database pool status: size=" + random.nextInt(20) + " checked_out=" + random.nextInt(20) + " overflow=0";
            case 8 -> "  PORT: 8080";
            default -> "GET " + PATHS[random.nextInt(PATHS.length)] + " user=" + Long.toHexString(random.nextLong())
                    + " took " + random.nextInt(2000) + "ms status=" + (random.nextInt(40) == 0 ? "failed (validation)" : "ok");
        };
    }

    /** A benign run.googleapis.com/varlog/system line. */
    String systemLine() {
        return random.nextBoolean()
                ? "Default STARTUP TCP probe succeeded after 1 attempt for container \"app-1\" on port 8080."
                : "Starting new instance. Reason: AUTOSCALING - Instance started due to traffic.";
    }

    private String clock() {
        return time.toString().substring(0, 19).replace('T', ' ');
    }

    // ---- the entry shapes, keys in gcloud's sorted order ----

    private void text(Counting w, long n, int service, String revision, String instance, String log, String severity, String text)
            throws IOException {
        StringBuilder e = begin(n);
        insertId(e);
        e.append("    \"labels\": {\n");
        if (log.equals(LogEntry.VARLOG_SYSTEM)) {
            e.append("      \"container_name\": \"app-1\",\n");
        }
        e.append("      \"instanceId\": \"").append(instance).append("\"\n    },\n");
        logName(e, log);
        receiveAndResource(e, service, revision);
        if (severity != null) {
            e.append("    \"severity\": \"").append(severity).append("\",\n");
        }
        e.append("    \"textPayload\": ").append(quote(text)).append(",\n");
        end(w, e);
    }

    private void request(Counting w, long n, int service, String revision, String instance, int status, String text)
            throws IOException {
        StringBuilder e = begin(n);
        e.append("    \"httpRequest\": {\n      \"latency\": \"").append(random.nextInt(3)).append('.')
                .append(String.format("%06d", random.nextInt(1_000_000))).append("s\",\n")
                .append("      \"protocol\": \"HTTP/1.1\",\n      \"remoteIp\": \"68.5.").append(random.nextInt(256)).append('.')
                .append(random.nextInt(256)).append("\",\n      \"requestMethod\": \"GET\",\n      \"requestSize\": \"302\",\n")
                .append("      \"requestUrl\": \"https://").append(SERVICES[service]).append("-701982941522.us-central1.run.app")
                .append(PATHS[random.nextInt(PATHS.length)]).append("\",\n      \"responseSize\": \"").append(random.nextInt(20000))
                .append("\",\n      \"serverIp\": \"34.143.76.2\",\n      \"status\": ").append(status)
                .append(",\n      \"userAgent\": \"python-httpx/0.28.1\"\n    },\n");
        insertId(e);
        e.append("    \"labels\": {\n      \"instanceId\": \"").append(instance).append("\"\n    },\n");
        logName(e, LogEntry.REQUESTS);
        receiveAndResource(e, service, revision);
        e.append("    \"severity\": \"").append(status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO").append("\",\n");
        if (text != null) {
            e.append("    \"textPayload\": ").append(quote(text)).append(",\n");
        }
        e.append("    \"trace\": \"projects/").append(PROJECT).append("/traces/").append(Long.toHexString(random.nextLong())).append("\",\n");
        end(w, e);
    }

    private void structured(Counting w, long n, int service, String revision, String instance) throws IOException {
        StringBuilder e = begin(n);
        insertId(e);
        boolean warn = random.nextInt(5) == 0;
        String message = structuredMessage(warn);
        e.append("    \"jsonPayload\": {\n      \"context\": {\n        \"name\": \"").append(MODULES[random.nextInt(MODULES.length)])
                .append("\",\n        \"service\": \"").append(SERVICES[service]).append("\"\n      },\n")
                .append("      \"labels\": {\n        \"function\": \"handle\",\n        \"line\": \"").append(random.nextInt(2000))
                .append("\",\n        \"module\": \"pricing\"\n      },\n      \"message\": ").append(quote(message))
                .append(",\n      \"timestamp\": \"").append(time).append("\"\n    },\n");
        e.append("    \"labels\": {\n      \"instanceId\": \"").append(instance).append("\"\n    },\n");
        logName(e, LogEntry.STDOUT);
        receiveAndResource(e, service, revision);
        e.append("    \"severity\": \"").append(warn ? "WARNING" : "INFO").append("\",\n");
        end(w, e);
    }

    /** The message of a structured (jsonPayload) log line: a slow-query warning or an info line. */
    String structuredMessage(boolean warn) {
        return warn
                ? "Slow query on orders_" + random.nextInt(100) + ": " + random.nextInt(5000) + " ms (threshold 500 ms)"
                : "order " + Long.toHexString(random.nextLong()) + " priced: " + random.nextInt(40) + " items, total " + random.nextInt(10_000) + ".00 EUR";
    }

    private void audit(Counting w, long n, int service, String revision, String message) throws IOException {
        StringBuilder e = begin(n);
        insertId(e);
        logName(e, LogEntry.AUDIT_SYSTEM_EVENT);
        e.append("    \"protoPayload\": {\n      \"@type\": \"type.googleapis.com/google.cloud.audit.AuditLog\",\n")
                .append("      \"methodName\": \"/Services.CreateService\",\n")
                .append("      \"resourceName\": \"namespaces/").append(PROJECT).append("/revisions/").append(revision).append("\",\n")
                .append("      \"serviceName\": \"run.googleapis.com\",\n")
                .append("      \"status\": {\n        \"code\": 9,\n        \"message\": ").append(quote(message)).append("\n      }\n    },\n");
        receiveAndResource(e, service, revision);
        e.append("    \"severity\": \"").append(message.contains("to True") ? "INFO" : "ERROR").append("\",\n");
        end(w, e);
    }

    private StringBuilder begin(long n) {
        serial = n;
        return new StringBuilder(1200).append("  {\n");
    }

    private void insertId(StringBuilder e) {
        // hex epoch seconds + microseconds + random, as Cloud Run's stdout/stderr entries carry
        e.append("    \"insertId\": \"").append(Long.toHexString(time.getEpochSecond()))
                .append(String.format("%05x", time.getNano() / 1000)).append(Integer.toHexString(random.nextInt(1 << 20)))
                .append("\",\n");
    }

    private static void logName(StringBuilder e, String log) {
        e.append("    \"logName\": \"projects/").append(PROJECT).append("/logs/").append(log.replace("/", "%2F")).append("\",\n");
    }

    private void receiveAndResource(StringBuilder e, int service, String revision) {
        e.append("    \"receiveTimestamp\": \"").append(time.plusMillis(30 + random.nextInt(200))).append("\",\n")
                .append("    \"resource\": {\n      \"labels\": {\n        \"configuration_name\": \"").append(SERVICES[service])
                .append("\",\n        \"location\": \"europe-west1\",\n        \"project_id\": \"").append(PROJECT)
                .append("\",\n        \"revision_name\": \"").append(revision).append("\",\n        \"service_name\": \"")
                .append(SERVICES[service]).append("\"\n      },\n      \"type\": \"cloud_run_revision\"\n    },\n");
    }

    private void end(Counting w, StringBuilder e) throws IOException {
        e.append("    \"timestamp\": \"").append(time).append("\"\n  }");
        if (serial > 0) {
            w.write(",\n");
        }
        w.write(e);
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** Counts the UTF-8 bytes written, to stop at the requested size. */
    private static final class Counting {
        private final Writer w;
        long bytes;

        Counting(Writer w) {
            this.w = w;
        }

        void write(CharSequence s) throws IOException {
            w.append(s);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            }
        }
    }
}
