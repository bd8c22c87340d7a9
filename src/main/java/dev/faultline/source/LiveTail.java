package dev.faultline.source;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.BidiStream;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.TailLogEntriesRequest;
import com.google.logging.v2.TailLogEntriesResponse;
import dev.faultline.entry.LogEntry;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Cloud Run entries as they are written, from TailLogEntries: {@link #read} returns when the
 * server ends the stream or {@link #stop()} is called (Ctrl-C). Entries the service could not
 * deliver (its rate limit, or a reader too slow) are reported as a problem with their count and
 * make the stats incomplete: the tail said they exist, and they were not seen.
 */
public final class LiveTail implements EntrySource {

    private final LoggingClient client;
    private final LiveQuery query;
    private volatile BidiStream<TailLogEntriesRequest, TailLogEntriesResponse> stream;
    private volatile boolean stopped;

    public LiveTail(LoggingClient client, LiveQuery query) {
        this.client = client;
        this.query = query;
    }

    @Override
    public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
        String name = query.sourceName();
        LiveSource.Reading reading = new LiveSource.Reading(name, entries, problems);
        long suppressed = 0;
        boolean failed = false;
        stream = client.tailLogEntriesCallable().call();
        if (stopped) {
            stream.cancel();
        }
        stream.send(TailLogEntriesRequest.newBuilder().addResourceNames(query.resourceName()).setFilter(query.tailFilter()).build());
        try {
            for (TailLogEntriesResponse response : stream) {
                for (com.google.logging.v2.LogEntry entry : response.getEntriesList()) {
                    reading.accept(ProtoEntryJson.toJson(entry, reading::note));
                }
                for (TailLogEntriesResponse.SuppressionInfo info : response.getSuppressionInfoList()) {
                    suppressed += info.getSuppressedCount();
                    problems.accept(new InputProblem(name, 0, 0, info.getSuppressedCount()
                            + " entries not delivered by the tail (" + info.getReason() + ")"));
                }
            }
        } catch (ApiException | CancellationException e) {
            // stop() cancels the stream, which the client reports as a CancellationException
            if (!stopped) {
                if (!(e instanceof ApiException api)) {
                    throw e;
                }
                if (reading.read() == 0) {
                    throw new LiveReadException(LiveSource.describe(api, query.project()), api);
                }
                failed = true;
                problems.accept(new InputProblem(name, 0, 0, "tail stopped early, " + LiveSource.describe(api, query.project())));
            }
        }
        return List.of(reading.stats(suppressed == 0 && !failed));
    }

    /** Ends the tail from another thread (a Ctrl-C handler); {@link #read} then returns what it read. */
    public void stop() {
        stopped = true;
        BidiStream<TailLogEntriesRequest, TailLogEntriesResponse> s = stream;
        if (s != null) {
            s.cancel();
        }
    }
}
