package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * sinks write oldest first), and it cuts a long or unterminated write into several entries.
 * Every entry ends up in exactly one {@link Event}.
 * <p>
 * Per stream (revision or job execution, instance, log), each entry of the app's own output is
 * first held until the stream's next entry shows whether that one continues it ({@link
 * Continuation}: a cut line, joined without a separator). Then lines that look like parts of a
 * stack trace or report (see {@link LineShape}) gather in a pending block while each is within
 * {@link #GAP} of the block's time range. A plain line of the same stream, a larger gap,
 * {@link #MAX_BLOCK} lines or {@link #finish()} closes the block: it is sorted by timestamp and
 * cut into events by {@link EventCutter}. Plain lines pass on as single-line events. Streams that
 * went quiet are closed every {@link #SWEEP_EVERY} entries, so memory is bounded by the streams
 * active in the last minute, not by the input; the work per entry is constant apart from sorting
 * a closed block.
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
    private final Map<Key, Stream> streams = new LinkedHashMap<>();
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
        if (!appOutput(entry)) {
            downstream.accept(Event.of(entry));
        } else {
            Key key = Key.of(entry);
            Stream stream = streams.get(key);
            Line held = stream == null ? null : stream.held;
            if (held != null && joins(held, entry, order)) {
                stream.lastSeq = seq; // joined: the chain stays held, the entry after it may continue it too
            } else {
                if (stream == null) {
                    stream = new Stream(order);
                    streams.put(key, stream);
                }
                stream.lastSeq = seq;
                stream.held = null;
                if (held != null) {
                    place(stream, held);
                }
                if (Continuation.mayBeFragment(entry.text() == null ? "" : entry.text())) {
                    stream.held = new Line(entry);
                } else {
                    place(stream, new Line(entry));
                }
                if (stream.held == null && stream.block == null) {
                    streams.remove(key);
                }
            }
        }
        if (seq % SWEEP_EVERY == 0) {
            sweep(entry.timestamp());
        }
    }

    /** Closes every pending line and block; call once after the last entry. */
    public void finish() {
        List<Map.Entry<Key, Stream>> pending = new ArrayList<>(streams.entrySet());
        streams.clear();
        for (Map.Entry<Key, Stream> e : pending) {
            drain(e.getValue());
        }
    }

    /**
     * Whether a stdout/stderr line of this text may be part of a multi-line event, so that its
     * neighbours on the same stream within {@link #GAP} may belong with it (a live read fetches them).
     */
    public static boolean mayJoin(String text) {
        // colour codes are ignored (LineShape strips them), logger markup is not: the SQL form of this rule says the same
        String s = text == null ? "" : text;
        int nl = s.indexOf('\n');
        LineShape shape = LineShape.of(nl < 0 ? s : s.substring(0, nl));
        // a bare word or a Go function line only belongs to a report or dump whose first line brings the context anyway
        return shape.structural() && shape != LineShape.NAME && shape != LineShape.GO_FUNC;
    }

    /** The app's own output (stdout, stderr, other app logs); request, audit and platform lines are never cut or stitched. */
    private static boolean appOutput(LogEntry e) {
        return !(e.isRequestLog() || e.isAudit() || e.httpStatus() != 0 || LogEntry.VARLOG_SYSTEM.equals(e.logName()));
    }

    /** Joins {@code entry} to the held line when one continues the other within {@link Continuation#GAP}. */
    private static boolean joins(Line held, LogEntry entry, Order order) {
        int c = entry.timestamp().compareTo(held.last().timestamp());
        boolean later = c > 0 || (c == 0 && order.backward <= order.forward);
        if (later) {
            if (!entry.timestamp().isAfter(held.last().timestamp().plus(Continuation.GAP)) && held.continuedBy(entry)) {
                held.append(entry);
                return true;
            }
        } else if (!entry.timestamp().isBefore(held.first().timestamp().minus(Continuation.GAP))
                && !entry.timestamp().isAfter(held.first().timestamp()) && held.continues(entry)) {
            held.prepend(entry);
            return true;
        }
        return false;
    }

    /** Hands a finished line to the block logic: structural lines gather, a plain one closes the block. */
    private void place(Stream stream, Line line) {
        boolean structural = startsStructural(line.text());
        Block block = stream.block;
        if (!structural) {
            if (block != null) {
                stream.block = null;
                close(block);
            }
            downstream.accept(EventCutter.event(List.of(line)));
            return;
        }
        if (block != null && (!block.near(line.timestamp()) || block.lines.size() >= MAX_BLOCK)) {
            close(block);
            block = null;
        }
        if (block == null) {
            block = new Block(stream.order);
            stream.block = block;
        }
        block.add(line);
    }

    private void drain(Stream stream) {
        if (stream.held != null) {
            Line held = stream.held;
            stream.held = null;
            place(stream, held);
        }
        if (stream.block != null) {
            Block block = stream.block;
            stream.block = null;
            close(block);
        }
    }

    /**
     * Whether {@link #accept} hands this entry on at once as an event of its own ({@code Event.of(entry)}),
     * whatever came before or comes after it: so it can be matched before it is stitched. That is a
     * line of no trace and no cut (request, audit and platform entries always are).
     */
    public static boolean passesAlone(LogEntry entry) {
        if (!appOutput(entry)) {
            return true;
        }
        String text = entry.text() == null ? "" : entry.text();
        return !Continuation.mayBeFragment(text) && !startsStructural(Cleaner.clean(text));
    }

    /** Whether a line's first line has a shape that may be part of a multi-line event. */
    private static boolean startsStructural(String text) {
        int nl = text.indexOf('\n');
        return LineShape.of(nl < 0 ? text : text.substring(0, nl)).structural();
    }

    /**
     * {@link #mayJoin} in RE2 syntax, for an engine that cannot run this class (the catalog compiled to
     * SQL): matches a line, already stripped of {@link #ANSI_RE2} sequences and holding no '\n', whose
     * shape may be part of a multi-line event. It is the rule of {@link LineShape} written out: a
     * blank or indented line, a traceback head, a loguru frame, "Caused by: ", a chain separator,
     * {@code Exception in thread "}, a Go panic's first line, signal line or goroutine header,
     * pydantic's {@code N validation errors for Model}, or an exception name (a dotted identifier
     * ending in Error, Exception, Exit, Interrupt or Warning, holding Timeout, or a qualified
     * capitalised class name) alone or before ": ". RE2 matches code points where Java's rule looks at chars, so on letters
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
                + "|panic: |fatal error: |\\[signal "
                + "|goroutine \\p{Nd}.*\\]:" + ws + "*$"
                + "|.*\\p{Nd} validation errors? for [^ ]+$"
                + "|(?:" + suffix + "|" + timeout + "|" + qualified + ")" + end + ")";
    }

    private void sweep(Instant now) {
        Instant early = now.minus(STALE);
        Instant late = now.plus(STALE);
        List<Map.Entry<Key, Stream>> stale = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Stream>> it = streams.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Stream> e = it.next();
            Stream s = e.getValue();
            Instant min = s.min();
            Instant max = s.max();
            if (max.isBefore(early) || min.isAfter(late) || seq - s.lastSeq > IDLE_ENTRIES) {
                it.remove();
                stale.add(e);
            }
        }
        for (Map.Entry<Key, Stream> e : stale) {
            drain(e.getValue());
        }
    }

    private void close(Block block) {
        List<Line> lines = block.lines;
        if (block.newestFirst()) {
            java.util.Collections.reverse(lines); // so that a stable sort keeps equal timestamps in true order
        }
        lines.sort(Comparator.comparing(Line::timestamp));
        EventCutter.cut(lines, downstream);
    }

    /** One stream of lines: a process's stdout or stderr on one instance of one revision or job execution. */
    private record Key(String revision, String instanceId, String logName) {
        static Key of(LogEntry e) {
            return new Key(e.resource() == null ? null : e.resource().revision(), e.instanceId(), e.logName());
        }
    }

    /** Which way a source runs in time, from consecutive timestamps; decides ties. */
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

    /** What one stream has pending: the line that may still be continued, and the block of structural lines. */
    private static final class Stream {
        final Order order;
        Line held;
        Block block;
        long lastSeq;

        Stream(Order order) {
            this.order = order;
        }

        Instant min() {
            Instant t = held == null ? null : held.first().timestamp();
            return block == null ? t : t == null || block.min.isBefore(t) ? block.min : t;
        }

        Instant max() {
            Instant t = held == null ? null : held.last().timestamp();
            return block == null ? t : t == null || block.max.isAfter(t) ? block.max : t;
        }
    }

    /** A stream's pending structural lines, in arrival order. */
    private static final class Block {
        final List<Line> lines = new ArrayList<>();
        final Order source;
        Instant min;
        Instant max;

        Block(Order source) {
            this.source = source;
        }

        boolean near(Instant t) {
            return !t.isBefore(min.minus(GAP)) && !t.isAfter(max.plus(GAP));
        }

        void add(Line line) {
            Instant t = line.timestamp();
            if (lines.isEmpty()) {
                min = t;
                max = t;
            } else if (t.isBefore(min)) {
                min = t;
            } else if (t.isAfter(max)) {
                max = t;
            }
            lines.add(line);
        }

        /** The block's own order if its timestamps differ, else its source's. */
        boolean newestFirst() {
            long forward = 0;
            long backward = 0;
            for (int i = 1; i < lines.size(); i++) {
                int c = lines.get(i).timestamp().compareTo(lines.get(i - 1).timestamp());
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
