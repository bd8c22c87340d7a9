package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Puts multi-line events back together. Cloud Run turns each line an app writes to
 * stdout/stderr into its own entry, so a Python traceback arrives as ~20 entries, possibly
 * interleaved with other instances' lines and in either time order (gcloud prints newest first,
 * sinks write oldest first). Every entry ends up in exactly one {@link Event}.
 * <p>
 * Per stream (revision, instance, log), entries that look like parts of a stack trace (see
 * {@link LineShape}) gather in a pending block while each is within {@link #GAP} of the block's
 * time range. A plain entry of the same stream, a larger gap, {@link #MAX_BLOCK} entries or
 * {@link #finish()} closes the block: it is sorted by timestamp and cut into events by
 * {@link EventCutter}. Plain entries pass through at once as single-entry events. Blocks of
 * streams that went quiet are closed every {@link #SWEEP_EVERY} entries, so memory is bounded
 * by the streams active in the last minute, not by the input.
 * <p>
 * Not thread-safe. Events come out in the order their blocks close, which is roughly input order.
 */
public final class Stitcher {

    /** Largest time gap between the lines of one trace; a traceback is written in milliseconds. */
    public static final Duration GAP = Duration.ofSeconds(2);
    /** A block this large is closed (a runaway recursion trace is cut rather than buffered whole). */
    public static final int MAX_BLOCK = 1000;
    /** How often (in entries) blocks of other streams are checked for staleness. */
    public static final int SWEEP_EVERY = 4096;
    /** A block this far in time from the current entry cannot grow any more in time-sorted input. */
    static final Duration STALE = Duration.ofSeconds(60);
    /** A block that received nothing for this many entries is closed even if the input is unsorted. */
    static final long IDLE_ENTRIES = 200_000;

    private final Consumer<Event> downstream;
    private final Map<Key, Block> blocks = new LinkedHashMap<>();
    private final Map<String, Order> orders = new HashMap<>();
    private long seq;

    /** Stitches entries into events and hands each event to {@code downstream}. */
    public Stitcher(Consumer<Event> downstream) {
        this.downstream = Objects.requireNonNull(downstream);
    }

    /** Takes the next entry in input order; events may be emitted now or later. */
    public void accept(LogEntry entry) {
        seq++;
        Order order = orders.computeIfAbsent(entry.origin() == null ? "" : entry.origin().source(), s -> new Order());
        order.see(entry.timestamp());
        Key key = Key.of(entry);
        if (!structural(entry)) {
            Block pending = blocks.remove(key);
            if (pending != null) {
                close(pending);
            }
            downstream.accept(Event.of(entry));
        } else {
            Block block = blocks.get(key);
            if (block != null && (!block.near(entry.timestamp()) || block.entries.size() >= MAX_BLOCK)) {
                blocks.remove(key);
                close(block);
                block = null;
            }
            if (block == null) {
                block = new Block(order);
                blocks.put(key, block);
            }
            block.add(entry, seq);
        }
        if (seq % SWEEP_EVERY == 0) {
            sweep(entry.timestamp());
        }
    }

    /** Closes every pending block; call once after the last entry. */
    public void finish() {
        List<Block> pending = new ArrayList<>(blocks.values());
        blocks.clear();
        for (Block block : pending) {
            close(block);
        }
    }

    /**
     * Whether a stdout/stderr line of this text may be part of a multi-line event, so that its
     * neighbours on the same stream within {@link #GAP} may belong with it (a live read fetches them).
     */
    public static boolean mayJoin(String text) {
        String s = text == null ? "" : text;
        int nl = s.indexOf('\n');
        return LineShape.of(nl < 0 ? s : s.substring(0, nl)).structural();
    }

    /**
     * Whether {@link #accept} hands this entry on at once as an event of its own ({@code Event.of(entry)}),
     * whatever came before or comes after it: so it can be matched before it is stitched.
     */
    public static boolean passesAlone(LogEntry entry) {
        return !structural(entry);
    }

    /**
     * {@link #mayJoin} in RE2 syntax, for an engine that cannot run this class (the catalog compiled to
     * SQL): matches a line, already stripped of {@link #ANSI_RE2} sequences and holding no '\n', whose
     * shape may be part of a multi-line event. It is the rule of {@link LineShape} written out: a
     * blank or indented line, a traceback head, a loguru frame, "Caused by: ", a chain separator,
     * {@code Exception in thread "}, or an exception name (a dotted identifier ending in Error,
     * Exception, Exit, Interrupt or Warning, holding Timeout, or a qualified capitalised class name)
     * alone or before ": ". RE2 matches code points where Java's rule looks at chars, so on letters
     * outside the BMP, and on the few lower-case letters without an upper case, it may say yes where
     * {@link #mayJoin} says no, never the other way round.
     */
    public static final String MAY_JOIN_RE2;

    /** The terminal colour sequences {@link #mayJoin} ignores, in RE2 syntax: ESC '[' up to a final byte. */
    public static final String ANSI_RE2 = "\\x1b\\[[^@-~]*[@-~]?";

    static {
        // Character.isWhitespace: the space separators but the no-break ones, line and paragraph separators, controls
        String ws = "[\\t\\x0B\\f\\r\\x1C-\\x1F \\x{1680}\\x{2000}-\\x{2006}\\x{2008}-\\x{200A}\\x{205F}\\x{3000}\\x{2028}\\x{2029}]";
        String part = "[\\pL\\p{Nd}_$]";
        String ident = "[\\pL_][\\pL\\p{Nd}_$.]*";
        String end = "(?::(?: .*)?)?" + ws + "*$"; // nothing, or ':' alone or before a space
        String suffix = "(?:" + ident + ")?(?:Error|Exception|Exit|Interrupt|Warning)";
        String timeout = "(?:" + ident + ")?Timeout" + part + "*";
        String qualified = ident + "\\." + "\\p{Lu}" + part + "*[\\p{Ll}\\p{Lt}]" + part + "*";
        MAY_JOIN_RE2 = "^(?:" + ws + "*$"
                + "|" + ws
                + "|.*Traceback \\(most recent call last\\):" + ws + "*$"
                + "|> File \""
                + "|Caused by: "
                + "|During handling of the above exception, another exception occurred:"
                + "|The above exception was the direct cause of the following exception:"
                + "|Exception in thread \""
                + "|(?:" + suffix + "|" + timeout + "|" + qualified + ")" + end + ")";
    }

    /** Request logs, audit logs and lines of prose never take part in a trace. */
    private static boolean structural(LogEntry e) {
        if (e.isRequestLog() || e.isAudit() || e.httpStatus() != 0) {
            return false;
        }
        return mayJoin(e.text());
    }

    private void sweep(Instant now) {
        Instant early = now.minus(STALE);
        Instant late = now.plus(STALE);
        for (Iterator<Block> it = blocks.values().iterator(); it.hasNext(); ) {
            Block b = it.next();
            if (b.max.isBefore(early) || b.min.isAfter(late) || seq - b.lastSeq > IDLE_ENTRIES) {
                it.remove();
                close(b);
            }
        }
    }

    private void close(Block block) {
        List<LogEntry> entries = block.entries;
        if (block.newestFirst()) {
            Collections.reverse(entries); // so that a stable sort keeps equal timestamps in true order
        }
        entries.sort(Comparator.comparing(LogEntry::timestamp));
        EventCutter.cut(entries, downstream);
    }

    /** One stream of lines: a process's stdout or stderr on one instance of one revision. */
    private record Key(String revision, String instanceId, String logName) {
        static Key of(LogEntry e) {
            return new Key(e.resource() == null ? null : e.resource().revision(), e.instanceId(), e.logName());
        }
    }

    /** Which way a source runs in time, from consecutive timestamps; decides ties in a block. */
    private static final class Order {
        private Instant last;
        long forward;
        long backward;

        void see(Instant t) {
            if (last != null) {
                int c = t.compareTo(last);
                if (c > 0) {
                    forward++;
                } else if (c < 0) {
                    backward++;
                }
            }
            last = t;
        }
    }

    /** A stream's pending structural entries, in arrival order. */
    private static final class Block {
        final List<LogEntry> entries = new ArrayList<>();
        final Order source;
        Instant min;
        Instant max;
        long lastSeq;

        Block(Order source) {
            this.source = source;
        }

        boolean near(Instant t) {
            return !t.isBefore(min.minus(GAP)) && !t.isAfter(max.plus(GAP));
        }

        void add(LogEntry e, long seq) {
            Instant t = e.timestamp();
            if (entries.isEmpty()) {
                min = t;
                max = t;
            } else if (t.isBefore(min)) {
                min = t;
            } else if (t.isAfter(max)) {
                max = t;
            }
            entries.add(e);
            lastSeq = seq;
        }

        /** The block's own order if its timestamps differ, else its source's. */
        boolean newestFirst() {
            long forward = 0;
            long backward = 0;
            for (int i = 1; i < entries.size(); i++) {
                int c = entries.get(i).timestamp().compareTo(entries.get(i - 1).timestamp());
                if (c > 0) {
                    forward++;
                } else if (c < 0) {
                    backward++;
                }
            }
            if (forward != backward) {
                return backward > forward;
            }
            return source.backward > source.forward;
        }
    }
}
