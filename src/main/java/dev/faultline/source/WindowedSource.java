package dev.faultline.source;

import dev.faultline.entry.LogEntry;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Passes on only the entries stamped inside {@code [start, end)}: how a scheduled run over
 * exported files covers its own window and no other. (A live source filters by time on the
 * server instead.) Entries outside are still read and counted by the wrapped source.
 */
public final class WindowedSource implements EntrySource {

    private final EntrySource source;
    private final Instant start;
    private final Instant end;
    private long inside;

    public WindowedSource(EntrySource source, Instant start, Instant end) {
        this.source = source;
        this.start = start;
        this.end = end;
    }

    @Override
    public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
        return source.read(entry -> {
            if (!entry.timestamp().isBefore(start) && entry.timestamp().isBefore(end)) {
                inside++;
                entries.accept(entry);
            }
        }, problems);
    }

    /** Entries passed on so far. */
    public long inside() {
        return inside;
    }
}
