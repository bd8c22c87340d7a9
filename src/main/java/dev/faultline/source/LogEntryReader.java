package dev.faultline.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.entry.Severity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns the JSON of one Cloud Logging LogEntry into a {@link LogEntry}, in one streaming pass
 * that skips whatever it does not need. Keys may come in any order (gcloud sorts them, sinks
 * do not); unknown keys are ignored.
 * <p>
 * The text is the first of: {@code textPayload}; {@code jsonPayload.message} (plus "\n" and a
 * string {@code stack_trace}, {@code exception}, {@code traceback} or {@code exc_info} beside it);
 * the whole {@code jsonPayload} as compact JSON in input order; {@code protoPayload.status.message};
 * otherwise "". Text longer than {@link #MAX_TEXT_CHARS} keeps its head and says so in a problem.
 * <p>
 * Not thread-safe (it reuses small buffers); use one per reading thread.
 */
public final class LogEntryReader {

    /**
     * Longest text kept, in chars. Cloud Logging refuses entries over 256 KiB, so only
     * hand-made input gets near this; the cap keeps one such line from dominating memory
     * downstream (events are buffered while tracebacks are stitched).
     */
    public static final int MAX_TEXT_CHARS = 1 << 20;

    /** Largest JSON string Jackson may hand over; ExportSource never passes a larger element anyway. */
    static final int MAX_STRING_BYTES = 64 << 20;

    private static final String[] TRACE_KEYS = {"stack_trace", "exception", "traceback", "exc_info"};
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final String AUDIT_PREFIX = "cloudaudit.googleapis.com/";

    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_BYTES).build())
            .build();
    private final Map<String, String> logNames = new HashMap<>();
    private final List<String> notes = new ArrayList<>(2);

    /**
     * A reader of entries; audit entries whose protoPayload holds a Revision or a Service template
     * also carry that configuration (see {@link RevisionSpecReader}).
     */
    public LogEntryReader() {
    }

    /**
     * Reads the LogEntry object held in {@code json[off, off+len)}.
     *
     * @param origin   where the entry starts; problems are located relative to its line
     * @param problems gets notes about a kept entry (no resource, receiveTimestamp used, text cut,
     *                 invalid UTF-8 replaced) or the one reason the entry is malformed
     * @return the entry, or null when it is malformed (exactly one problem was reported)
     */
    public LogEntry read(byte[] json, int off, int len, Origin origin, Consumer<InputProblem> problems) {
        int invalid = Utf8.firstInvalid(json, off, len);
        if (invalid >= 0) {
            return readRepaired(json, off, len, invalid, origin, problems);
        }
        try {
            LogEntry entry = parse(json, off, len, origin);
            for (String note : notes) {
                problems.accept(new InputProblem(origin.source(), origin.entry(), origin.line(), note));
            }
            return entry;
        } catch (Malformed m) {
            problems.accept(new InputProblem(origin.source(), origin.entry(), origin.line() + m.lineOffset, m.getMessage()));
            return null;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            long line = origin.line() + (where == null ? 0 : Math.max(0, where.getLineNr() - 1));
            problems.accept(new InputProblem(origin.source(), origin.entry(), line,
                    "malformed JSON: " + firstLine(e.getOriginalMessage())));
            return null;
        } catch (IOException e) { // not JSON at all, e.g. bytes Jackson takes for UTF-16 or UTF-32
            problems.accept(new InputProblem(origin.source(), origin.entry(), origin.line(),
                    "malformed JSON: " + firstLine(e.getMessage())));
            return null;
        }
    }

    /** Invalid UTF-8: replace each ill-formed sequence with U+FFFD (never decode it) and keep the entry if it parses. */
    private LogEntry readRepaired(byte[] json, int off, int len, int bad, Origin origin, Consumer<InputProblem> problems) {
        long line = origin.line() + countNewlines(json, off, bad);
        String what = String.format("invalid UTF-8 (byte 0x%02X)", json[bad] & 0xFF);
        byte[] fixed = Utf8.repair(json, off, len);
        List<InputProblem> inner = new ArrayList<>(2);
        LogEntry entry = read(fixed, 0, fixed.length, origin, inner::add);
        if (entry == null) {
            InputProblem why = inner.get(0);
            problems.accept(new InputProblem(why.source(), why.entry(), why.line(), why.message() + "; also " + what + " on line " + line));
            return null;
        }
        problems.accept(new InputProblem(origin.source(), origin.entry(), line, what + ": replaced with U+FFFD"));
        inner.forEach(problems);
        return entry;
    }

    private LogEntry parse(byte[] b, int off, int len, Origin origin) throws IOException {
        try (JsonParser p = factory.createParser(b, off, len)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new Malformed(first == null ? "empty entry" : "not a LogEntry object but " + describe(first), 0);
            }
            LogEntry entry = readObject(p, b, off, origin);
            if (p.nextToken() != null) {
                throw new Malformed("trailing data after the entry", p.currentTokenLocation().getLineNr() - 1);
            }
            return entry;
        }
    }

    /**
     * Reads the object whose START_OBJECT {@code p} stands on, up to its END_OBJECT. Byte offsets
     * of {@code p} are relative to {@code b[off]}; with {@code b == null} (a benchmark's baseline)
     * a jsonPayload without message renders as "".
     */
    LogEntry readObject(JsonParser p, byte[] b, int off, Origin origin) throws IOException {
        notes.clear();
        String textPayload = null;
        String message = null;
        String stackTrace = null;
        int jsonPayloadStart = -1;
        int jsonPayloadEnd = -1;
        String statusMessage = null;
        String methodName = null;
        int protoStart = -1;
        int protoEnd = -1;
        String logName = null;
        Resource resource = null;
        String instanceId = null;
        String insertId = null;
        String trace = null;
        Severity severity = Severity.DEFAULT;
        String timestamp = null;
        String receiveTimestamp = null;
        int httpStatus = 0;
        long latencyMs = -1;

        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "textPayload" -> textPayload = stringOrSkip(p, v);
                case "jsonPayload" -> {
                    if (v == JsonToken.START_OBJECT) {
                        jsonPayloadStart = (int) p.currentTokenLocation().getByteOffset();
                        while ((name = p.nextFieldName()) != null) {
                            JsonToken f = p.nextToken();
                            if (f == JsonToken.VALUE_STRING && name.equals("message")) {
                                message = p.getText();
                            } else if (f == JsonToken.VALUE_STRING && stackTrace == null && isTraceKey(name)) {
                                stackTrace = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                        jsonPayloadEnd = (int) p.currentTokenLocation().getByteOffset() + 1;
                    } else {
                        p.skipChildren();
                    }
                }
                case "protoPayload" -> {
                    if (v == JsonToken.START_OBJECT) {
                        protoStart = (int) p.currentTokenLocation().getByteOffset();
                        while ((name = p.nextFieldName()) != null) {
                            JsonToken f = p.nextToken();
                            if (name.equals("methodName") && f == JsonToken.VALUE_STRING) {
                                methodName = p.getText();
                            } else if (name.equals("status") && f == JsonToken.START_OBJECT) {
                                while ((name = p.nextFieldName()) != null) {
                                    JsonToken s = p.nextToken();
                                    if (name.equals("message") && s == JsonToken.VALUE_STRING) {
                                        statusMessage = p.getText();
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                        protoEnd = (int) p.currentTokenLocation().getByteOffset() + 1;
                    } else {
                        p.skipChildren();
                    }
                }
                case "logName" -> logName = shortLogName(stringOrSkip(p, v));
                case "resource" -> resource = resource(p, v);
                case "labels" -> {
                    if (v == JsonToken.START_OBJECT) {
                        while ((name = p.nextFieldName()) != null) {
                            JsonToken f = p.nextToken();
                            if (name.equals("instanceId") && f == JsonToken.VALUE_STRING) {
                                instanceId = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "insertId" -> insertId = stringOrSkip(p, v);
                case "trace" -> trace = stringOrSkip(p, v);
                case "severity" -> severity = severity(p, v);
                case "timestamp" -> timestamp = stringOrSkip(p, v);
                case "receiveTimestamp" -> receiveTimestamp = stringOrSkip(p, v);
                case "httpRequest" -> {
                    if (v == JsonToken.START_OBJECT) {
                        while ((name = p.nextFieldName()) != null) {
                            JsonToken f = p.nextToken();
                            if (name.equals("status")) {
                                httpStatus = intValue(p, f);
                            } else if (name.equals("latency") && f == JsonToken.VALUE_STRING) {
                                latencyMs = latencyMillis(p.getText());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        Instant time = timestamp == null ? null : Rfc3339.parse(timestamp);
        if (time == null) {
            Instant fallback = receiveTimestamp == null ? null : Rfc3339.parse(receiveTimestamp);
            String why = timestamp == null ? "no timestamp" : "bad timestamp '" + clip(timestamp) + "'";
            if (fallback == null) {
                throw new Malformed(why + (receiveTimestamp == null ? " and no receiveTimestamp"
                        : " and bad receiveTimestamp '" + clip(receiveTimestamp) + "'"), 0);
            }
            notes.add(why + ": used receiveTimestamp");
            time = fallback;
        }
        if (resource == null) {
            notes.add("no resource: kept out of revision grouping");
            resource = Resource.NONE;
        }

        String text;
        if (textPayload != null) {
            text = textPayload;
        } else if (message != null) {
            text = stackTrace == null ? message : message.isEmpty() ? stackTrace : message + "\n" + stackTrace;
        } else if (jsonPayloadStart >= 0) {
            text = b == null ? "" : compactJson(b, off + jsonPayloadStart, off + jsonPayloadEnd);
        } else if (statusMessage != null) {
            text = statusMessage;
        } else {
            text = "";
        }
        if (text.length() > MAX_TEXT_CHARS) {
            int keep = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
            notes.add("text of " + text.length() + " chars cut to its first " + keep);
            text = text.substring(0, keep);
        }

        RevisionConfig config = b != null && protoStart >= 0 && logName != null && logName.startsWith(AUDIT_PREFIX)
                ? revisionConfig(b, off + protoStart, protoEnd - protoStart) : null;
        return new LogEntry(origin, time, severity, logName, resource, instanceId, insertId, trace,
                text, httpStatus, latencyMs, methodName, config);
    }

    /** The protoPayload was already parsed once, so a tree of it cannot fail; if it does, there is just no config. */
    private static RevisionConfig revisionConfig(byte[] b, int off, int len) {
        try {
            return RevisionSpecReader.read(TREES.readTree(b, off, len));
        } catch (IOException e) {
            return null;
        }
    }

    private static Resource resource(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String type = null;
        String project = null;
        String service = null;
        String revision = null;
        String configuration = null;
        String location = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (name.equals("type")) {
                type = stringOrSkip(p, t);
            } else if (name.equals("labels") && t == JsonToken.START_OBJECT) {
                while ((name = p.nextFieldName()) != null) {
                    JsonToken l = p.nextToken();
                    switch (name) {
                        case "project_id" -> project = stringOrSkip(p, l);
                        case "service_name" -> service = stringOrSkip(p, l);
                        case "revision_name" -> revision = stringOrSkip(p, l);
                        case "configuration_name" -> configuration = stringOrSkip(p, l);
                        case "location" -> location = stringOrSkip(p, l);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return new Resource(type, project, service, revision, configuration, location);
    }

    private static String stringOrSkip(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Names as Cloud Logging writes them; numeric LogSeverity values (200, 500, ...) as the API defines them. */
    private static Severity severity(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return Severity.parse(p.getText());
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            int n = p.getIntValue();
            Severity[] all = Severity.values();
            return n % 100 == 0 && n >= 0 && n / 100 < all.length ? all[n / 100] : Severity.DEFAULT;
        }
        p.skipChildren();
        return Severity.DEFAULT;
    }

    private static int intValue(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Integer.parseInt(p.getText().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        p.skipChildren();
        return 0;
    }

    /** {@code "0.123456s"} (a protobuf Duration in JSON) to whole milliseconds, rounded; -1 when unreadable. */
    static long latencyMillis(String s) {
        int n = s.length();
        if (n < 2 || s.charAt(n - 1) != 's') {
            return -1;
        }
        long seconds = 0;
        long nanos = 0;
        int i = 0;
        for (; i < n - 1 && s.charAt(i) != '.'; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || i > 12) {
                return -1;
            }
            seconds = seconds * 10 + (c - '0');
        }
        if (i == 0) {
            return -1;
        }
        if (i < n - 1) {
            long scale = 100_000_000;
            for (i++; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                nanos += (c - '0') * scale;
                scale /= 10;
            }
        }
        return seconds * 1000 + (nanos + 500_000) / 1_000_000;
    }

    /** "projects/p/logs/run.googleapis.com%2Fstderr" to "run.googleapis.com/stderr"; a few names repeat, so they are cached. */
    private String shortLogName(String full) {
        if (full == null) {
            return null;
        }
        String cached = logNames.get(full);
        if (cached != null) {
            return cached;
        }
        int at = full.indexOf("/logs/");
        String decoded = percentDecode(at < 0 ? full : full.substring(at + "/logs/".length()));
        if (logNames.size() > 1024) {
            logNames.clear();
        }
        logNames.put(full, decoded);
        return decoded;
    }

    /** Percent-decoding as in a URL path: unlike URLDecoder, '+' stays '+'; a broken escape stays as written. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < s.length() && (hi = Character.digit(s.charAt(i + 1), 16)) >= 0
                    && (lo = Character.digit(s.charAt(i + 2), 16)) >= 0) {
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(enc, 0, out, n, enc.length);
                n += enc.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The JSON in {@code b[from, to)} without the whitespace between tokens; keys stay in input order, escapes as written. */
    static String compactJson(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (inString) {
                out[n++] = c;
                if (c == '\\' && i + 1 < to) {
                    out[n++] = b[++i];
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                out[n++] = c;
                inString = c == '"';
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static boolean isTraceKey(String name) {
        for (String key : TRACE_KEYS) {
            if (key.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    static long countNewlines(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Jackson's message without its location (ours is better: file, line, entry) and on one line. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String m = message;
        int marker = m.indexOf(" (start marker at ");
        if (marker >= 0) {
            m = m.substring(0, marker);
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** An entry that parsed as JSON but cannot be used; lineOffset counts lines from the entry's start. */
    private static final class Malformed extends IOException {
        final long lineOffset;

        Malformed(String message, long lineOffset) {
            super(message, null);
            this.lineOffset = lineOffset;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // control flow, not a bug: no stack trace needed
        }
    }
}
