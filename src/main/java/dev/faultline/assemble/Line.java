package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a stream as the app wrote it: a single entry, or the fragments Cloud Run cut one
 * write into (see {@link Continuation}), joined without a separator. Its text is cleaned of
 * terminal colour codes and logger markup ({@link Cleaner}). The quote state of the joined text
 * is kept up to date fragment by fragment, so growing a chain never rescans it.
 */
final class Line {

    /** A chain this long stops taking fragments: a stream that never ends its line is cut, not buffered whole. */
    static final int MAX_FRAGMENTS = 64;

    private final List<LogEntry> fragments = new ArrayList<>(1);
    private final StringBuilder raw = new StringBuilder();
    // what the continuation test needs, worked out only when a neighbour makes it ask (most lines never do)
    private int quoteState = -1;
    private boolean hasQuote;
    private LineShape shape;
    private String text;

    Line(LogEntry entry) {
        fragments.add(entry);
        String t = textOf(entry);
        raw.append(t);
        hasQuote = t.indexOf('"') >= 0;
    }

    /** Whether {@code entry}, written right after this line, carries it on. */
    boolean continuedBy(LogEntry entry) {
        String next = textOf(entry);
        return fragments.size() < MAX_FRAGMENTS && raw.length() > 0 && Continuation.continues(raw.charAt(raw.length() - 1), next,
                () -> (quoteState() & Continuation.INSIDE) != 0, next.indexOf('"') >= 0, this::shape, () -> Continuation.shape(next));
    }

    /** Whether this line carries on {@code entry}, which was written right before it. */
    boolean continues(LogEntry entry) {
        String first = textOf(entry);
        return fragments.size() < MAX_FRAGMENTS && !first.isEmpty() && Continuation.continues(first.charAt(first.length() - 1),
                head(), () -> Continuation.insideQuotes(first), hasQuote, () -> Continuation.shape(first), this::shape);
    }

    /** Adds a fragment that continues this line (it was written later). */
    void append(LogEntry entry) {
        String t = textOf(entry);
        fragments.add(entry);
        if (quoteState >= 0) {
            quoteState = Continuation.scan(t, quoteState);
        }
        raw.append(t);
        hasQuote |= t.indexOf('"') >= 0;
        text = null;
    }

    /** Adds a fragment that this line continues (it was written earlier: the input runs newest first). */
    void prepend(LogEntry entry) {
        String t = textOf(entry);
        fragments.add(0, entry);
        if (quoteState >= 0) {
            int before = Continuation.scan(t, 0);
            // the old text's parity flips when the new head ends inside quotes; a dangling escape needs a rescan
            quoteState = (before & Continuation.ESCAPE) != 0 ? -1 : quoteState ^ (before & Continuation.INSIDE);
        }
        raw.insert(0, t);
        hasQuote |= t.indexOf('"') >= 0;
        shape = null;
        text = null;
    }

    private int quoteState() {
        if (quoteState < 0) {
            quoteState = Continuation.scan(raw, 0);
        }
        return quoteState;
    }

    /** The shape of the line's start, as the continuation test sees it. */
    private LineShape shape() {
        if (shape == null) {
            shape = Continuation.shape(raw.substring(0, Math.min(raw.length(), 4096)));
        }
        return shape;
    }

    /** The joined text without colour codes and markup: what the matcher sees. */
    String text() {
        if (text == null) {
            text = Cleaner.clean(raw.toString());
        }
        return text;
    }

    /** Whether cleaning removed anything. */
    boolean cleaned() {
        return text().length() != raw.length();
    }

    List<LogEntry> fragments() {
        return fragments;
    }

    LogEntry first() {
        return fragments.get(0);
    }

    LogEntry last() {
        return fragments.get(fragments.size() - 1);
    }

    Instant timestamp() {
        return first().timestamp();
    }

    private CharSequence head() {
        return raw.subSequence(0, Math.min(raw.length(), 200));
    }

    private static String textOf(LogEntry entry) {
        return entry.text() == null ? "" : entry.text();
    }
}
