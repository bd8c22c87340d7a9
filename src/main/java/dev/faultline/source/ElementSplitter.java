package dev.faultline.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts a (decompressed) export into the bytes of its top-level entries without parsing them,
 * so that each entry is parsed on its own: a malformed one is reported and skipped and the
 * rest is still read, and memory is bounded by the largest entry, not by the file.
 * <p>
 * A JSON array is walked byte by byte tracking only strings, escapes and bracket depth; NDJSON
 * is cut at newlines. Both scan a large buffer in tight loops (no per-byte calls), which costs
 * a fraction of what parsing the same bytes costs.
 * <p>
 * gcloud's layout (2-space indent, one element per {@code "  {"} line) is used to resynchronise:
 * such a line cannot occur inside a well-formed element, so seeing one there means the element
 * was cut off (a file truncated and appended to, a lost quote) and a new one starts.
 */
final class ElementSplitter {

    /** What the splitter found; every entry it counts goes to exactly one of element or broken. */
    interface Handler {
        /** A complete element, {@code buf[off, off+len)}; valid only during the call. */
        void element(byte[] buf, int off, int len, long entry, long line);

        /** An element that cannot be parsed at all (cut off, too large): count it as malformed. */
        void broken(long entry, long line, String message);

        /** A problem with the file that is not one entry's (missing ']', trailing data). */
        void problem(long line, String message);
    }

    enum Format { JSON_ARRAY, NDJSON, EMPTY, UNKNOWN }

    private static final int INITIAL_BUFFER = 1 << 20;

    // byte classes outside strings (ELEM) and inside strings (STR); 0 = nothing to do
    private static final byte QUOTE = 1;
    private static final byte OPEN = 2;
    private static final byte CLOSE = 3;
    private static final byte NEWLINE = 4;
    private static final byte BACKSLASH = 5;
    private static final byte[] ELEM = new byte[256];
    private static final byte[] STR = new byte[256];

    static {
        ELEM['"'] = QUOTE;
        ELEM['{'] = OPEN;
        ELEM['['] = OPEN;
        ELEM['}'] = CLOSE;
        ELEM[']'] = CLOSE;
        ELEM['\n'] = NEWLINE;
        STR['"'] = QUOTE;
        STR['\\'] = BACKSLASH;
        STR['\n'] = NEWLINE;
    }

    // array scanning states
    private static final int BETWEEN = 0;     // inside the array, between elements
    private static final int IN_ELEMENT = 1;  // inside an object or array element, outside strings
    private static final int IN_STRING = 2;
    private static final int IN_ESCAPE = 3;   // a backslash was the last byte of the buffer
    private static final int IN_SCALAR = 4;   // an element that is a bare number or literal
    private static final int AFTER = 5;       // after the closing ']'

    private final InputStream in;
    private final int maxElement;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private IOException readError;

    private long line = 1;
    private long entries;
    private int elementStart = -1;    // index in buf of the element being scanned, -1 when none is kept
    private long elementLine;
    private long lastEndLine;         // where the last complete element ended (or the '[' line)
    private boolean oversized;        // the current element outgrew maxElement: its bytes are dropped
    private int firstByte = -1;

    ElementSplitter(InputStream in, int maxElement) {
        this.in = in;
        this.maxElement = maxElement;
    }

    /** Skips a UTF-8 BOM and whitespace and tells the format by the first byte. */
    Format detect() {
        if (!ensure(3)) {
            return Format.EMPTY;
        }
        if (limit - pos >= 3 && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
            pos += 3;
        }
        while (true) {
            if (pos >= limit && !ensure(1)) {
                return Format.EMPTY;
            }
            byte c = buf[pos];
            if (c == '\n') {
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                firstByte = c & 0xFF;
                return c == '[' ? Format.JSON_ARRAY : c == '{' ? Format.NDJSON : Format.UNKNOWN;
            }
            pos++;
        }
    }

    /** The first non-whitespace byte, for the "not a log export" message. */
    int firstByte() {
        return firstByte;
    }

    /** The read error that ended the input early, or null. */
    IOException readError() {
        return readError;
    }

    /**
     * Splits a JSON array (the reader stands on its '['); a second array right after the
     * first (two exports concatenated) is read on.
     *
     * @return true when the input ended where a complete export ends
     */
    boolean splitArray(Handler h) {
        pos++; // the '['
        lastEndLine = line;
        int state = BETWEEN;
        int depth = 0;
        // gcloud layout: the first element's '{' stands alone after a two-space indent
        boolean twoSpaceLayout = false;
        boolean firstElement = true;
        int indent = -1; // spaces since the last newline between elements, -1 after anything else
        while (true) {
            if (pos >= limit && !ensure(1)) {
                return endOfArrayInput(h, state);
            }
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            switch (state) {
                case BETWEEN -> {
                    while (p < lim) {
                        byte c = b[p];
                        if (c == '\n') {
                            line++;
                            indent = 0;
                            p++;
                        } else if (c == ' ') {
                            indent++;
                            p++;
                        } else if (c == ',' || c == '\r' || c == '\t') {
                            indent = -1;
                            p++;
                        } else if (c == ']') {
                            p++;
                            state = AFTER;
                            break;
                        } else {
                            if (firstElement) {
                                firstElement = false;
                                twoSpaceLayout = c == '{' && indent == 2;
                            }
                            startElement(p);
                            if (c == '{' || c == '[') {
                                depth = 1;
                                state = IN_ELEMENT;
                            } else {
                                depth = 0;
                                state = c == '"' ? IN_STRING : IN_SCALAR;
                            }
                            p++;
                            break;
                        }
                    }
                }
                case IN_ELEMENT -> {
                    while (p < lim) {
                        p = skipPlain(b, p, lim, false);
                        if (p == lim) {
                            break;
                        }
                        byte k = ELEM[b[p] & 0xFF];
                        if (k == 0) {
                            p++;
                        } else if (k == QUOTE) {
                            p++;
                            state = IN_STRING;
                            break;
                        } else if (k == OPEN) {
                            depth++;
                            p++;
                        } else if (k == CLOSE) {
                            p++;
                            if (--depth == 0) {
                                endElement(h, p);
                                state = BETWEEN;
                                break;
                            }
                        } else { // NEWLINE
                            if (twoSpaceLayout) {
                                int next = entryLineAt(p);
                                if (next == NEED_MORE) {
                                    break; // refill, then look at this newline again
                                }
                                if (next == YES) {
                                    p = cutElement(h, p);
                                    depth = 1;
                                    continue;
                                }
                            }
                            line++;
                            p++;
                        }
                    }
                }
                case IN_STRING -> {
                    while (p < lim) {
                        p = skipPlain(b, p, lim, true);
                        if (p == lim) {
                            break;
                        }
                        byte k = STR[b[p] & 0xFF];
                        if (k == 0) {
                            p++;
                        } else if (k == QUOTE) {
                            p++;
                            if (depth == 0) {
                                endElement(h, p); // a bare string element
                                state = BETWEEN;
                            } else {
                                state = IN_ELEMENT;
                            }
                            break;
                        } else if (k == BACKSLASH) {
                            if (p + 1 < lim) {
                                if (b[p + 1] == '\n') {
                                    line++;
                                }
                                p += 2;
                            } else {
                                p++;
                                state = IN_ESCAPE;
                                break;
                            }
                        } else { // a raw newline: never in valid JSON, so look for the next entry
                            if (twoSpaceLayout) {
                                int next = entryLineAt(p);
                                if (next == NEED_MORE) {
                                    break;
                                }
                                if (next == YES) {
                                    p = cutElement(h, p);
                                    depth = 1;
                                    state = IN_ELEMENT;
                                    break;
                                }
                            }
                            line++;
                            p++;
                        }
                    }
                }
                case IN_ESCAPE -> {
                    if (b[p] == '\n') {
                        line++;
                    }
                    p++;
                    state = IN_STRING;
                }
                case IN_SCALAR -> {
                    while (p < lim) {
                        byte c = b[p];
                        if (c == ',' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                            endElement(h, p);
                            state = BETWEEN;
                            break;
                        }
                        p++;
                    }
                }
                case AFTER -> {
                    while (p < lim) {
                        byte c = b[p];
                        if (c == '\n') {
                            line++;
                        } else if (c == '[') {
                            state = BETWEEN; // another export appended to this one
                            p++;
                            break;
                        } else if (c != ' ' && c != '\r' && c != '\t') {
                            pos = p;
                            h.problem(line, "unexpected data after the closing ']' (starts with " + show(c & 0xFF)
                                    + "): the rest is not read");
                            return false;
                        }
                        p++;
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
            pos = p;
            if (state == IN_ELEMENT || state == IN_STRING || state == IN_ESCAPE || state == IN_SCALAR) {
                checkSize(p);
            }
            if (p < limit && (state == IN_ELEMENT || state == IN_STRING) && buf[p] == '\n' && limit - p < 5) {
                ensure(5); // stopped at a newline for lack of lookahead bytes; at the end of input fewer will do
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = '"' * ONES;
    private static final long BACKSLASHES = '\\' * ONES;
    private static final long NEWLINES = '\n' * ONES;
    private static final long BRACKET_BITS = 0xD9 * ONES;
    private static final long BRACKETS = 0x59 * ONES; // b & 0xD9 == 0x59 for { } [ ] (and Y _ y DEL, never outside strings)

    /**
     * Skips, 8 bytes at a time, bytes that cannot matter: inside a string anything but a quote,
     * backslash or newline; outside strings anything but a quote, bracket or newline. Returns
     * the index of the first byte that may matter (exactly: the lowest flag of the zero-byte test
     * below is never a false positive), or the last under 8 bytes for the caller's byte loop.
     */
    private static int skipPlain(byte[] b, int p, int lim, boolean inString) {
        while (p + 8 <= lim) {
            long x = (long) LONGS.get(b, p);
            long m = inString
                    ? zeroBytes(x ^ QUOTES) | zeroBytes(x ^ BACKSLASHES) | zeroBytes(x ^ NEWLINES)
                    : zeroBytes(x ^ QUOTES) | zeroBytes((x & BRACKET_BITS) ^ BRACKETS) | zeroBytes(x ^ NEWLINES);
            if (m != 0) {
                return p + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            p += 8;
        }
        return p;
    }

    /** High bit set in each byte of {@code v} that is zero (and possibly above one): the classic SWAR test. */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    private static final int NO = 0;
    private static final int YES = 1;
    private static final int NEED_MORE = 2;

    /** Whether the newline at {@code p} is followed by a line that is exactly "  {". */
    private int entryLineAt(int p) {
        if (p + 4 >= limit) {
            return eof ? NO : NEED_MORE;
        }
        byte[] b = buf;
        if (b[p + 1] != ' ' || b[p + 2] != ' ' || b[p + 3] != '{') {
            return NO;
        }
        byte after = b[p + 4];
        return after == '\n' || after == '\r' ? YES : NO;
    }

    /** Ends the current element at the newline at {@code p} as broken and starts the next at the '{' after it. */
    private int cutElement(Handler h, int p) {
        long cutLine = line + 1;
        h.broken(entries, elementLine, "malformed JSON: entry ends early, the next one starts on line " + cutLine);
        line = cutLine;
        int brace = p + 3;
        startElement(brace);
        return brace + 1;
    }

    private boolean endOfArrayInput(Handler h, int state) {
        String cause = readError == null ? "" : " (" + readError.getMessage() + ")";
        switch (state) {
            case AFTER -> {
                if (readError != null) {
                    h.problem(line, "read error after the closing ']'" + cause);
                    return false;
                }
                return true;
            }
            case BETWEEN -> h.problem(lastEndLine, "truncated: no closing ']' after entry " + entries + cause);
            case IN_SCALAR -> {
                endElement(h, limit);
                h.problem(lastEndLine, "truncated: no closing ']' after entry " + entries + cause);
            }
            default -> {
                elementStart = -1;
                h.broken(entries, elementLine, "truncated: file ends inside entry " + entries + cause);
            }
        }
        return false;
    }

    /**
     * Splits newline-delimited JSON: one entry per line, blank lines skipped; a last line
     * without a newline is an entry too unless its brackets are unbalanced (then it was cut off).
     *
     * @return true when the input ended cleanly
     */
    boolean splitLines(Handler h) {
        while (true) {
            if (pos >= limit && !ensure(1)) {
                if (readError != null) {
                    h.problem(line, "truncated: read error after entry " + entries + " (" + readError.getMessage() + ")");
                    return false;
                }
                return true;
            }
            startElement(pos);
            byte[] b = buf;
            int p = pos;
            int lim = limit;
            // find the end of the line; the element's bytes stay in the buffer across refills
            while (true) {
                while (p < lim && b[p] != '\n') {
                    p++;
                }
                if (p < lim) {
                    break;
                }
                pos = p;
                checkSize(p);
                if (!ensure(1)) {
                    return lastLine(h);
                }
                b = buf;
                p = pos;
                lim = limit;
            }
            if (oversized || p - elementStart > maxElement) {
                h.broken(entries, elementLine, tooLarge());
                oversized = false;
                elementStart = -1;
            } else {
                emitLine(h, p);
            }
            line++;
            pos = p + 1;
        }
    }

    private boolean lastLine(Handler h) {
        String cause = readError == null ? "" : " (" + readError.getMessage() + ")";
        if (oversized || (elementStart >= 0 && limit - elementStart > maxElement)) {
            h.broken(entries, elementLine, tooLarge());
            oversized = false;
            elementStart = -1;
        } else if (elementStart >= 0 && !balanced(buf, elementStart, limit)) {
            elementStart = -1;
            h.broken(entries, elementLine, "truncated: file ends inside entry " + entries + cause);
            return false;
        } else {
            emitLine(h, limit);
        }
        if (readError != null) {
            h.problem(line, "truncated: read error after entry " + entries + cause);
            return false;
        }
        return true;
    }

    /** Hands over the line [elementStart, end) unless it is blank; blank lines are not entries. */
    private void emitLine(Handler h, int end) {
        int s = elementStart;
        int e = end;
        while (s < e && isSpace(buf[s])) {
            s++;
        }
        while (e > s && isSpace(buf[e - 1])) {
            e--;
        }
        if (s == e) {
            entries--; // not an entry after all
        } else {
            h.element(buf, s, e - s, entries, elementLine);
        }
        elementStart = -1;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\r' || c == '\t' || c == '\n';
    }

    /** Whether a line's strings and brackets are closed (a cut-off last line of an NDJSON file is not). */
    private static boolean balanced(byte[] b, int from, int to) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return depth <= 0 && !inString;
    }

    private void startElement(int at) {
        entries++;
        elementStart = at;
        elementLine = line;
        oversized = false;
    }

    private void endElement(Handler h, int end) {
        lastEndLine = line;
        if (oversized || end - elementStart > maxElement) {
            h.broken(entries, elementLine, tooLarge());
            oversized = false;
        } else {
            h.element(buf, elementStart, end - elementStart, entries, elementLine);
        }
        elementStart = -1;
    }

    /** Past the size cap the element's bytes are dropped; scanning goes on to find where it ends. */
    private void checkSize(int p) {
        if (elementStart >= 0 && p - elementStart > maxElement) {
            oversized = true;
            elementStart = -1;
        }
    }

    /**
     * Makes at least {@code n} bytes available from {@code pos} (fewer at the end of the input),
     * keeping the current element's bytes. Returns false when nothing is left at {@code pos}.
     */
    private boolean ensure(int n) {
        if (limit - pos >= n || eof) {
            return limit > pos;
        }
        int keep = elementStart >= 0 ? elementStart : pos;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            limit -= keep;
            pos -= keep;
            if (elementStart >= 0) {
                elementStart -= keep;
            }
        }
        while (limit - pos < n && !eof) {
            if (limit == buf.length) {
                // one element fills the buffer: grow it (the size cap stops this at maxElement)
                int size = Math.min(buf.length * 2, Math.max(buf.length, maxElement + (1 << 16)));
                if (size == buf.length) {
                    throw new IllegalStateException("element outgrew the buffer unchecked"); // checkSize runs before every refill
                }
                buf = Arrays.copyOf(buf, size);
            }
            int got;
            try {
                got = in.read(buf, limit, buf.length - limit);
            } catch (IOException e) {
                readError = e;
                got = -1;
            }
            if (got < 0) {
                eof = true;
            } else {
                limit += got;
            }
        }
        return limit > pos;
    }

    private String tooLarge() {
        String limit = maxElement % (1 << 20) == 0 ? (maxElement >> 20) + " MiB" : maxElement + " bytes";
        return "entry larger than " + limit + ": skipped";
    }

    static String show(int c) {
        return c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02X", c);
    }
}
