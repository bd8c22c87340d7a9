package dev.faultline.source;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The context read of a prefiltered live read. Cloud Run stores each line an app writes to
 * stdout/stderr as an entry of its own, and the prefilter fetches only the lines holding a
 * catalog literal: a traceback arrives as its exception lines, without the frames the stitcher
 * needs to make it one event (and a signature whose regex spans lines may miss). So for each
 * fetched stdout/stderr line that may belong to a multi-line event, the same instance's lines of
 * that log within the stitcher's gap around it are fetched too, and merged into the stream.
 * <p>
 * Streaming, with bounded buffering: entries of the main read (oldest first) are held back until
 * {@link #HOLD} of them have come, then the context of the held lines is fetched (the streams'
 * time ranges OR-ed, as many per request as the filter limit allows), and every held entry older
 * than the newest main entry minus the gap is passed on in timestamp order: nothing later can come
 * before it, since later windows start at most a gap before their line. Entries are passed on once
 * (by insertId: the context and the main read overlap). Memory: the held entries (about
 * {@link #HOLD} plus those within a gap of the newest), their insertIds, and the pending windows.
 */
final class ContextRead {

    /** Main-read entries held before their context is fetched: five pages, so one request serves several pages. */
    static final int HOLD = 5000;

    /**
     * What to read around a line: {@code joins} is the stitcher's answer to "may a line of this text
     * be part of a multi-line event", {@code gap} its largest gap within one; {@code hold} main-read
     * entries are held before their context is fetched.
     */
    record Spec(Duration gap, Predicate<String> joins, int hold) {
    }

    private record Held(Instant at, long seq, byte[] json, LogEntry entry) {
    }

    private record Stream(String instanceId, String logId) {
    }

    private final LoggingClient client;
    private final LiveQuery query;
    private final int pageSize;
    private final ReadQuota quota;
    private final Spec spec;
    private final LiveSource.JsonEntries downstream;
    private final Consumer<String> notes;

    private final PriorityQueue<Held> held = new PriorityQueue<>(Comparator.comparing(Held::at).thenComparingLong(Held::seq));
    /** insertIds of entries held or passed on that a later read may return again, with their time. */
    private final Map<String, Instant> seen = new HashMap<>();
    /** Per stream, the [from, to] ranges still to fetch, merged where they touch. */
    private final Map<Stream, List<Instant[]>> pending = new LinkedHashMap<>();
    /** Per stream, the end of the last range fetched: a later window starts after it. */
    private final Map<Stream, Instant> fetchedUntil = new HashMap<>();
    private Instant newest;
    private long seq;
    private int release;
    private int maxHeld;
    private long requests;
    private long added;
    private String failure;

    ContextRead(LoggingClient client, LiveQuery query, int pageSize, ReadQuota quota, Spec spec,
                LiveSource.JsonEntries downstream, Consumer<String> notes) {
        this.client = client;
        this.query = query;
        this.pageSize = pageSize;
        this.quota = quota;
        this.spec = spec;
        this.downstream = downstream;
        this.notes = notes;
        this.release = spec.hold();
    }

    /** The next entry of the main read (oldest first). */
    void accept(byte[] json, LogEntry entry) throws IOException {
        Instant at = time(entry);
        if (!entry.getInsertId().isEmpty() && seen.putIfAbsent(entry.getInsertId(), at) != null) {
            return; // fetched already as the context of an earlier line
        }
        held.add(new Held(at, seq++, json, entry));
        maxHeld = Math.max(maxHeld, held.size());
        if (newest == null || at.isAfter(newest)) {
            newest = at;
        }
        Stream stream = candidate(entry);
        if (stream != null) {
            window(stream, at.minus(spec.gap()), at.plus(spec.gap()));
        }
        if (held.size() >= release) {
            fetch();
            pass(newest.minus(spec.gap()));
            release = held.size() + spec.hold(); // a burst within one gap stays held, but does not ask again per entry
        }
    }

    /**
     * After the main read: fetches what is pending and passes every held entry on.
     *
     * @return null, or why some context could not be read (transient errors after retries)
     */
    String finish() throws IOException {
        fetch();
        pass(Instant.MAX);
        return failure;
    }

    /** ListLogEntries requests made. */
    long requests() {
        return requests;
    }

    /** The most entries held at once: what the buffering cost. */
    int maxHeld() {
        return maxHeld;
    }

    /** Entries the context added to the main read's. */
    long added() {
        return added;
    }

    /** The stream of a stdout/stderr line that may continue or be continued, or null. */
    private Stream candidate(LogEntry entry) {
        String log = entry.getLogName();
        String logId = log.endsWith("/run.googleapis.com%2Fstderr") ? "run.googleapis.com/stderr"
                : log.endsWith("/run.googleapis.com%2Fstdout") ? "run.googleapis.com/stdout" : null;
        String instance = entry.getLabelsOrDefault("instanceId", "");
        if (logId == null || instance.isEmpty() || !entry.hasTextPayload()) {
            return null;
        }
        String text = entry.getTextPayload();
        // a line Cloud Run merged already (it holds '\n') needs no neighbours
        return text.indexOf('\n') < 0 && spec.joins().test(text) ? new Stream(instance, logId) : null;
    }

    private void window(Stream stream, Instant from, Instant to) {
        Instant done = fetchedUntil.get(stream);
        if (done != null && done.isAfter(from)) {
            from = done;
        }
        if (from.isAfter(to)) {
            return;
        }
        List<Instant[]> ranges = pending.computeIfAbsent(stream, s -> new ArrayList<>());
        Instant[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null && !from.isAfter(last[1])) {
            if (to.isAfter(last[1])) {
                last[1] = to;
            }
        } else {
            ranges.add(new Instant[] {from, to});
        }
    }

    /** Fetches every pending window, as few requests as the filter limit allows. */
    private void fetch() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<String> batch = new ArrayList<>();
        for (Map.Entry<Stream, List<Instant[]>> e : pending.entrySet()) {
            String clause = LiveQuery.contextStream(e.getKey().instanceId(), e.getKey().logId(), e.getValue());
            List<String> more = new ArrayList<>(batch);
            more.add(clause);
            if (!batch.isEmpty() && query.contextFilter(more).length() > LiveQuery.MAX_FILTER_CHARS) {
                read(batch);
                batch.clear();
            }
            batch.add(clause);
            fetchedUntil.merge(e.getKey(), e.getValue().get(e.getValue().size() - 1)[1], (a, b) -> a.isAfter(b) ? a : b);
        }
        read(batch);
        pending.clear();
    }

    private void read(List<String> streams) throws IOException {
        if (failure != null || streams.isEmpty()) {
            return;
        }
        ListLogEntriesRequest request = LiveSource.request(query, query.contextFilter(streams), "timestamp asc", pageSize);
        String token = "";
        do {
            ListLogEntriesResponse page;
            try {
                requests++;
                page = LiveSource.page(client, quota, request, token, query.project());
            } catch (ApiException e) {
                // go on without context: events may be cut, as without the context read
                failure = "context read of lines around matched ones stopped, "
                        + LiveSource.describeTransientOrThrow(e, query.project())
                        + "; multi-line events after " + newest + " may be cut into their matching lines";
                return;
            }
            for (LogEntry entry : page.getEntriesList()) {
                Instant at = time(entry);
                if (!entry.getInsertId().isEmpty() && seen.putIfAbsent(entry.getInsertId(), at) != null) {
                    continue;
                }
                held.add(new Held(at, seq++, ProtoEntryJson.toJson(entry, notes), entry));
                maxHeld = Math.max(maxHeld, held.size());
                added++;
            }
            token = page.getNextPageToken();
        } while (!token.isEmpty());
    }

    /** Passes on, in timestamp order, every held entry before {@code limit}; forgets what no later read can return. */
    private void pass(Instant limit) throws IOException {
        while (!held.isEmpty() && held.peek().at().isBefore(limit)) {
            Held h = held.poll();
            downstream.accept(h.json(), h.entry());
        }
        // later main entries come after the newest, later context at most a gap before it
        seen.values().removeIf(t -> t.isBefore(limit));
        fetchedUntil.values().removeIf(t -> t.isBefore(limit));
    }

    private static Instant time(LogEntry entry) {
        return Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos());
    }
}
