package dev.faultline.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * An export of many revisions of one service, one entry each, oldest first (NDJSON as a sink writes
 * it, or a JSON array when the file name ends in .json, for {@link PlainParse}): the
 * first {@code failing} fail with the seed's database timeout, whose value rises by 0.5 s every 50
 * revisions (so trends have many steps and each step many revisions, the case that made judging
 * super-linear), the next {@code healthy} log one benign line. For the judging benchmark
 * ({@code bench/judge}) and the memory bound (a million distinct revisions).
 * <pre>
 * java -cp ... dev.faultline.bench.ManyRevisions OUT.jsonl|- FAILING [HEALTHY]
 * </pre>
 */
public final class ManyRevisions {

    private static final Instant START = Instant.parse("2025-09-15T00:00:00Z");

    private ManyRevisions() {
    }

    public static void main(String[] args) throws IOException {
        long failing = Long.parseLong(args[1]);
        long healthy = args.length > 2 ? Long.parseLong(args[2]) : 0;
        if (args[0].equals("-")) {
            write(System.out, failing, healthy, false);
            System.out.flush();
        } else {
            try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
                write(out, failing, healthy, args[0].endsWith(".json"));
            }
        }
    }

    /** Writes the export (NDJSON, or one JSON array); the stream is flushed, not closed. */
    public static void write(OutputStream stream, long failing, long healthy, boolean array) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        if (array) {
            out.write("[\n");
        }
        for (long i = 0; i < failing + healthy; i++) {
            if (array && i > 0) {
                out.write(",\n");
            }
            String revision = String.format("svc-%07d-abc", i + 1);
            String text = i < failing
                    ? "Database initialization timeout after " + (8.0 + (i / 50) * 0.5) + "s in staging environment."
                    : "Listening at: http://0.0.0.0:8080 (1)";
            out.write("{\"insertId\":\"" + Long.toHexString(i) + "\",\"logName\":\"projects/p/logs/run.googleapis.com%2Fstderr\","
                    + "\"labels\":{\"instanceId\":\"inst-" + i + "\"},"
                    + "\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"project_id\":\"p\",\"service_name\":\"svc\","
                    + "\"revision_name\":\"" + revision + "\",\"location\":\"us-central1\"}},"
                    + (i < failing ? "\"severity\":\"ERROR\"," : "")
                    + "\"textPayload\":\"" + text + "\",\"timestamp\":\"" + START.plusSeconds(i) + "\"}" + (array ? "" : "\n"));
        }
        if (array) {
            out.write("\n]\n");
        }
        out.flush();
    }
}
