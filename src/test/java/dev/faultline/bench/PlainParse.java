package dev.faultline.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's baseline (a): one plain Jackson streaming parser over a JSON-array export that
 * reads, as strings or ints, every field faultline reads (see LogEntryReader) and skips the rest
 * with {@code skipChildren}. No entry objects, no timestamps decoded, no stitching or matching:
 * the practical limit of reading the file on one thread.
 * <pre>
 * java -cp ... dev.faultline.bench.PlainParse FILE.json
 * </pre>
 */
public final class PlainParse {

    private PlainParse() {
    }

    public static void main(String[] args) throws IOException {
        long[] result = parse(Path.of(args[0]));
        System.out.printf("%d entries, %d text chars%n", result[0], result[1]);
    }

    /** {entries, total length of the strings read}: the sum keeps the JIT from dropping the reads. */
    static long[] parse(Path file) throws IOException {
        long entries = 0;
        long chars = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + ": not a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                entries++;
                chars += entry(p);
            }
        }
        return new long[] {entries, chars};
    }

    private static long entry(JsonParser p) throws IOException {
        long chars = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "textPayload", "logName", "insertId", "trace", "severity", "timestamp", "receiveTimestamp" -> chars += text(p, v);
                case "jsonPayload" -> chars += fields(p, v, "message", "stack_trace", "exception", "traceback", "exc_info");
                case "protoPayload" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    while ((name = p.nextFieldName()) != null) {
                        JsonToken f = p.nextToken();
                        if (name.equals("methodName")) {
                            chars += text(p, f);
                        } else if (name.equals("status")) {
                            chars += fields(p, f, "message");
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case "resource" -> {
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        break;
                    }
                    while ((name = p.nextFieldName()) != null) {
                        JsonToken f = p.nextToken();
                        if (name.equals("type")) {
                            chars += text(p, f);
                        } else if (name.equals("labels")) {
                            chars += fields(p, f, "service_name", "revision_name", "configuration_name", "location", "project_id");
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case "labels" -> chars += fields(p, v, "instanceId");
                case "httpRequest" -> chars += fields(p, v, "status", "latency");
                default -> p.skipChildren();
            }
        }
        return chars;
    }

    /** Reads the named members of the object {@code p} stands on; skips the others. */
    private static long fields(JsonParser p, JsonToken v, String... wanted) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        long chars = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken f = p.nextToken();
            boolean read = false;
            for (String w : wanted) {
                if (w.equals(name)) {
                    chars += text(p, f);
                    read = true;
                    break;
                }
            }
            if (!read) {
                p.skipChildren();
            }
        }
        return chars;
    }

    private static long text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText().length();
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        p.skipChildren();
        return 0;
    }
}
