package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.RequestSample;
import dev.faultline.entry.Tallies;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where entries come from: exported files (and stdin) or the Cloud Logging API.
 * A source pushes entries one at a time so that memory never grows with the input.
 */
public interface EntrySource {

    /**
     * Streams every entry to {@code entries}; each entry that cannot be used is reported
     * to {@code problems} once and reading goes on where that is safe.
     *
     * @return one stats record per underlying input (a directory yields one per file)
     * @throws IOException when the input cannot be read at all (missing file, API failure)
     */
    List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException;

    /**
     * Like {@link #read(Consumer, Consumer)}, with per-entry work that may run on other threads:
     * {@code prepare} is applied to every entry, possibly on a worker thread and concurrently with
     * other entries (so it must be thread-safe), and its result is handed to {@code entries} with
     * the entry, on the calling thread and in input order, as in the plain read. By default both
     * run on the calling thread.
     */
    default <T> List<SourceStats> read(Function<LogEntry, T> prepare, BiConsumer<LogEntry, T> entries,
                                       Consumer<InputProblem> problems) throws IOException {
        return read(entry -> entries.accept(entry, prepare.apply(entry)), problems);
    }

    /**
     * After {@link #read}: whether the request entries were all of them or a sample, and what
     * follow-up reads found about each revision's 2xx. Files hold what they hold: every one.
     */
    default RequestSample requestSample() {
        return RequestSample.EVERY;
    }

    /**
     * After {@link #read}: what the source classified and summed up itself instead of streaming
     * the entries (a BigQuery query), to be added to what the streamed entries give. Files and
     * Cloud Logging stream every entry: none.
     */
    default Tallies tallies() {
        return Tallies.NONE;
    }
}
