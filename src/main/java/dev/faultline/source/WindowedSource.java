package dev.faultline.source;

import dev.faultline.entry.LogEntry;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

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
            if (inside(entry)) {
                inside++;
                entries.accept(entry);
            }
        }, problems);
    }

    @Override
    public <T> List<SourceStats> read(Function<LogEntry, T> prepare, BiConsumer<LogEntry, T> entries,
                                      Consumer<InputProblem> problems) throws IOException {
        return source.read(entry -> inside(entry) ? prepare.apply(entry) : null, (entry, prepared) -> {
            if (inside(entry)) {
                inside++;
                entries.accept(entry, prepared);
            }
        }, problems);
    }

    private boolean inside(LogEntry entry) {
        return !entry.timestamp().isBefore(start) && entry.timestamp().isBefore(end);
    }

    /** Entries passed on so far. */
    public long inside() {
        return inside;
    }
}
