package dev.faultline.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Throughput of {@link ExportSource} against a plain Jackson streaming pass that reads the same
 * fields (one parser over the whole file, no splitting, no hashing). Not a unit test: run it by hand,
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) dev.faultline.source.ExportSourceBench [FILE] [MB]
 * </pre>
 * The file (default /tmp/faultline-bench.json, ~100 MB) is generated in gcloud's layout when missing.
 */
public final class ExportSourceBench {

    private ExportSourceBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/faultline-bench.json");
        long targetBytes = (args.length > 1 ? Long.parseLong(args[1]) : 100) << 20;
        if (!Files.exists(file)) {
            generate(file, targetBytes);
        }
        double mb = Files.size(file) / 1048576.0;
        System.out.printf("%s: %.1f MB%n", file, mb);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double bestPlain = Double.MAX_VALUE;
        double bestSource = Double.MAX_VALUE;
        double bestPlainCpu = Double.MAX_VALUE;
        double bestSourceCpu = Double.MAX_VALUE;
        for (int round = 0; round < 10; round++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long a = plainJackson(file);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            long b = exportSource(file);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            if (a != b) {
                throw new IllegalStateException("entry counts differ: " + a + " vs " + b);
            }
            double plain = (t1 - t0) / 1e9;
            double source = (t2 - t1) / 1e9;
            bestPlain = Math.min(bestPlain, plain);
            bestSource = Math.min(bestSource, source);
            bestPlainCpu = Math.min(bestPlainCpu, (c1 - c0) / 1e9);
            bestSourceCpu = Math.min(bestSourceCpu, (c2 - c1) / 1e9);
            System.out.printf("round %d: %d entries  plain Jackson %.0f MB/s  ExportSource %.0f MB/s  ratio %.2f%n",
                    round, a, mb / plain, mb / source, plain / source);
        }
        System.out.printf("best: plain Jackson %.0f MB/s, ExportSource %.0f MB/s, ratio %.2f%n",
                mb / bestPlain, mb / bestSource, bestPlain / bestSource);
        // what the calling thread spends; ExportSource's reading, hashing and splitting run on a helper thread
        System.out.printf("calling thread CPU: plain Jackson %.0f ms, ExportSource %.0f ms%n", bestPlainCpu * 1e3, bestSourceCpu * 1e3);
    }

    private static long sink;

    /** The baseline: one parser over the file, the same field reading, nothing else. */
    static long plainJackson(Path file) throws IOException {
        LogEntryReader reader = new LogEntryReader();
        JsonFactory factory = new JsonFactory();
        long n = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = factory.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                n++;
                LogEntry e = reader.readObject(p, null, 0, new Origin("bench", n, 0));
                sink += e.text().length();
            }
        }
        return n;
    }

    static long exportSource(Path file) throws IOException {
        long[] n = {0};
        List<SourceStats> stats = new ExportSource(List.of(file.toString())).read(e -> {
            n[0]++;
            sink += e.text().length();
        }, p -> {
            throw new IllegalStateException(p.oneLine());
        });
        if (stats.get(0).read() != n[0]) {
            throw new IllegalStateException("accounting " + stats);
        }
        return n[0];
    }

    /** Entries shaped like a Cloud Run service's export: stderr lines, tracebacks, requests, structured logs, audit. */
    static void generate(Path file, long targetBytes) throws IOException {
        Random r = new Random(42);
        Instant t = Instant.parse("2025-09-15T20:03:08.710120Z");
        String[] instances = new String[8];
        for (int i = 0; i < instances.length; i++) {
            StringBuilder id = new StringBuilder("0069c7a988");
            while (id.length() < 160) {
                id.append(Integer.toHexString(r.nextInt(16)));
            }
            instances[i] = id.toString();
        }
        String audit = "x".repeat(64);
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[\n");
            boolean first = true;
            while (written < targetBytes) {
                t = t.minusNanos(1000L * r.nextInt(200_000));
                StringBuilder e = new StringBuilder(1024);
                int kind = r.nextInt(100);
                String instance = instances[r.nextInt(instances.length)];
                e.append("  {\n");
                if (kind < 15) {
                    e.append("    \"httpRequest\": {\n      \"latency\": \"0.").append(r.nextInt(1_000_000_000))
                            .append("s\",\n      \"protocol\": \"HTTP/1.1\",\n      \"remoteIp\": \"68.5.230.82\",\n")
                            .append("      \"requestMethod\": \"GET\",\n      \"requestSize\": \"302\",\n")
                            .append("      \"requestUrl\": \"https://netra-backend-staging-701982941522.us-central1.run.app/health\",\n")
                            .append("      \"responseSize\": \"8998\",\n      \"serverIp\": \"34.143.76.2\",\n")
                            .append("      \"status\": ").append(r.nextInt(10) == 0 ? 503 : 200)
                            .append(",\n      \"userAgent\": \"python-httpx/0.28.1\"\n    },\n");
                }
                e.append("    \"insertId\": \"68c870fc000ad5e8c2c").append(Integer.toHexString(r.nextInt())).append("\",\n");
                if (kind >= 15 && kind < 30) {
                    e.append("    \"jsonPayload\": {\n      \"context\": {\n        \"name\": \"netra_backend.app.smd\",\n")
                            .append("        \"service\": \"netra-service\"\n      },\n      \"labels\": {\n")
                            .append("        \"function\": \"callHandlers\",\n        \"line\": \"1706\",\n        \"module\": \"logging\"\n      },\n")
                            .append("      \"message\": ").append(quote("Database initialization timeout after " + r.nextInt(30)
                                    + ".0s in staging environment. This may indicate Cloud SQL connection issues."))
                            .append(",\n      \"timestamp\": \"").append(t).append("\"\n    },\n");
                }
                e.append("    \"labels\": {\n      \"instanceId\": \"").append(instance).append("\"\n    },\n");
                String log = kind < 15 ? "requests" : kind < 95 ? (kind % 2 == 0 ? "stderr" : "stdout") : "varlog%2Fsystem";
                if (kind >= 98) {
                    log = null;
                    e.append("    \"logName\": \"projects/netra-staging/logs/cloudaudit.googleapis.com%2Fsystem_event\",\n")
                            .append("    \"protoPayload\": {\n      \"@type\": \"type.googleapis.com/google.cloud.audit.AuditLog\",\n")
                            .append("      \"methodName\": \"/Services.ReplaceService\",\n")
                            .append("      \"response\": {\n        \"metadata\": {\n          \"annotations\": {\n");
                    for (int i = 0; i < 30; i++) {
                        e.append("            \"run.googleapis.com/annotation-").append(i).append("\": \"").append(audit).append("\",\n");
                    }
                    e.append("            \"last\": \"x\"\n          }\n        }\n      },\n")
                            .append("      \"status\": {\n        \"message\": \"Ready condition status changed to False for Revision x.\"\n      }\n    },\n");
                }
                if (log != null) {
                    e.append("    \"logName\": \"projects/netra-staging/logs/run.googleapis.com%2F").append(log).append("\",\n");
                }
                e.append("    \"receiveTimestamp\": \"").append(t.plusMillis(20)).append("\",\n");
                e.append("    \"resource\": {\n      \"labels\": {\n        \"configuration_name\": \"netra-backend-staging\",\n")
                        .append("        \"location\": \"us-central1\",\n        \"project_id\": \"netra-staging\",\n")
                        .append("        \"revision_name\": \"netra-backend-staging-0070").append(r.nextInt(10)).append("-ds8\",\n")
                        .append("        \"service_name\": \"netra-backend-staging\"\n      },\n      \"type\": \"cloud_run_revision\"\n    },\n");
                if (kind < 30 || kind >= 95) {
                    e.append("    \"severity\": \"").append(kind < 15 ? "INFO" : "ERROR").append("\",\n");
                }
                if (kind >= 30 && kind < 98) {
                    String text = switch (r.nextInt(6)) {
                        case 0 -> "  File \"/usr/local/lib/python3.11/asyncio/tasks.py\", line 500, in wait_for";
                        case 1 -> "    return fut.result()";
                        case 2 -> "\u001b[32m2025-08-28 00:23:43.240\u001b[0m | \u001b[1mINFO    \u001b[0m | "
                                + "\u001b[36mnetra_backend.app.middleware.security_response_middleware\u001b[0m:dispatch:47";
                        case 3 -> "[2025-08-28 00:20:14 +0000] [14] [INFO] Error while closing socket [Errno 9] Bad file descriptor";
                        case 4 -> "2025-08-28 00:20:02,948 - netra-service - auth_service.main - INFO - Auth Service startup completed";
                        default -> "169.254.169.126:40856 - \"GET /health HTTP/1.1\" 200";
                    };
                    e.append("    \"textPayload\": ").append(quote(text)).append(",\n");
                }
                e.append("    \"timestamp\": \"").append(t).append("\"\n  }");
                if (!first) {
                    w.write(",\n");
                }
                first = false;
                w.write(e.toString());
                written += e.length() + 2;
            }
            w.write("\n]\n");
        }
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
