package dev.faultline.assemble;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether one entry's text carries on where the previous entry of its stream stopped: Cloud Run
 * cuts a long or unterminated write into several entries, milliseconds apart, and the cut falls
 * anywhere, inside a word or a quoted string. The rule is deliberately narrow, because joining
 * two real lines hides the line break a signature may anchor on, and multi-line output that
 * arrives one line per entry (a pydantic report's field names, a Go dump's "exit status 2") looks
 * much like a cut:
 * <ul>
 * <li>the two are at most {@link #GAP} apart, the later one not earlier than the first;</li>
 * <li>either the first ends inside a double-quoted string (an odd number of unescaped quotes),
 *     the second contains a quote and is not itself a line of a trace ({@link LineShape} plain or
 *     a bare name);</li>
 * <li>or the first is a plain line or an exception line that ends mid-token (a letter, digit,
 *     '_' or '/') and the second is a plain line that begins with a lower-case letter, a digit or '_';</li>
 * <li>and the second does not begin like a log record of its own (a bracketed, ISO or Go log
 *     date, an upper-case level such as {@code INFO:}, a logfmt {@code key=}).</li>
 * </ul>
 * The tests look at the ends of the texts and their line shapes, which the caller keeps, so a
 * growing chain of fragments is never scanned again.
 */
final class Continuation {

    /** Fragments of one write are logged within a few milliseconds of each other. */
    static final Duration GAP = Duration.ofMillis(10);

    private Continuation() {
    }

    /** Whether {@code next} continues {@code first} (single lines); their timestamps are checked by the caller. */
    static boolean continues(String first, String next) {
        return !first.isEmpty() && continues(first.charAt(first.length() - 1), next, () -> insideQuotes(first),
                next.indexOf('"') >= 0, () -> shape(first), () -> shape(next));
    }

    /**
     * The same test from what it needs of the two texts: the first's last char, whether it ends
     * inside quotes, and its line shape; the start of the next (a few dozen chars suffice), whether
     * it holds a quote anywhere, and its shape. The cheap tests on the ends come first, so the
     * suppliers (a scan, a classification) run only for the few pairs that look like a cut.
     */
    static boolean continues(char last, CharSequence next, BooleanSupplier firstInsideQuotes, boolean nextHasQuote,
                             Supplier<LineShape> firstShape, Supplier<LineShape> nextShape) {
        if (next.length() == 0 || last == '\n' || recordStart(next)) {
            return false;
        }
        char head = next.charAt(0);
        boolean midToken = (isAsciiLetterOrDigit(last) || last == '_' || last == '/')
                && ((head >= 'a' && head <= 'z') || (head >= '0' && head <= '9') || head == '_');
        boolean quoted = nextHasQuote && firstInsideQuotes.getAsBoolean();
        if (!quoted && !midToken) {
            return false;
        }
        LineShape second = nextShape.get();
        if (quoted && (second == LineShape.PLAIN || second == LineShape.NAME)) {
            return true;
        }
        LineShape first = firstShape.get();
        return midToken && second == LineShape.PLAIN && (first == LineShape.PLAIN || first == LineShape.EXCEPTION);
    }

    /** The shape of a text's first line. */
    static LineShape shape(String text) {
        int nl = text.indexOf('\n');
        return LineShape.of(nl < 0 ? text : text.substring(0, nl));
    }

    /**
     * Whether a text can take part in a cut at all: it may have been cut (it ends inside quotes or
     * mid-token) or it may be the rest of a cut line (it starts like one). Only such entries are
     * held back to wait for their neighbour; every other line goes on at once.
     */
    static boolean mayBeFragment(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char last = text.charAt(text.length() - 1);
        char head = text.charAt(0);
        boolean quoted = text.indexOf('"') >= 0;
        boolean open = isAsciiLetterOrDigit(last) || last == '_' || last == '/' || (quoted && insideQuotes(text));
        boolean rest = ((head >= 'a' && head <= 'z') || (head >= '0' && head <= '9') || head == '_' || quoted) && !recordStart(text);
        return open || rest;
    }

    /** An odd number of double quotes not escaped by a backslash: the text stops inside a string. */
    static boolean insideQuotes(String s) {
        return (scan(s, 0) & INSIDE) != 0;
    }

    /** Quote state bits: inside a string; a backslash waits to escape the next char. */
    static final int INSIDE = 1;
    static final int ESCAPE = 2;

    /** The quote state after {@code s}, starting from {@code state}; lets a chain be scanned piece by piece. */
    static int scan(CharSequence s, int state) {
        boolean inside = (state & INSIDE) != 0;
        boolean escape = (state & ESCAPE) != 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (escape) {
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return (inside ? INSIDE : 0) | (escape ? ESCAPE : 0);
    }

    /** {@code [2025-09-15 ...}, {@code 2025-09-15T...}, {@code INFO:}, {@code ERROR ...}: the start of a record. */
    static boolean recordStart(CharSequence s) {
        if (s.length() >= 5 && s.charAt(0) == '[' && Character.isDigit(s.charAt(1))) {
            return true;
        }
        if (s.length() >= 10 && Character.isDigit(s.charAt(0)) && Character.isDigit(s.charAt(3))
                && (s.charAt(4) == '-' || s.charAt(4) == '/') && s.charAt(7) == s.charAt(4)) {
            return true;
        }
        int key = 0;
        while (key < s.length() && key < 32 && ((s.charAt(key) >= 'a' && s.charAt(key) <= 'z') || s.charAt(key) == '_')) {
            key++;
        }
        if (key > 0 && key < s.length() && s.charAt(key) == '=') {
            return true;
        }
        int i = 0;
        while (i < s.length() && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
            i++;
        }
        return i >= 4 && i < s.length() && (s.charAt(i) == ':' || s.charAt(i) == ' ');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
