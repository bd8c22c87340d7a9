package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.RequestSample;
import dev.faultline.entry.Tallies;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

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
