package dev.faultline.source;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import dev.faultline.entry.RequestSample;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The follow-up reads of a sampled live read: per revision, its newest 2xx request entry (when it
 * last served successfully) and, where they all fit on one page, how many 2xx it logged. A 5 %
 * sample of a quiet revision's requests is often empty, and without these reads a recovery or a
 * "still served after the failure" reason would vanish.
 * <p>
 * One ListLogEntries request asks for the 2xx entries of several revisions at once, newest first,
 * one page. When the page ends the result, every revision of the batch is settled, its 2xx
 * counted (none on the page: it served no 2xx). Otherwise the revisions on the page have their
 * newest 2xx (the count is a lower bound) and the others, crowded out by busier ones, are asked
 * for again without them; each request settles at least one revision, so a batch of n costs at
 * most n requests and usually one.
 */
final class ServedOkReads {

    /** Revisions per request; with their names (~40 characters) well within the filter limit. */
    static final int BATCH = 100;

    private final LoggingClient client;
    private final LiveQuery query;
    private final int pageSize;
    private final ReadQuota quota;
    private final Map<String, RequestSample.Served> served = new LinkedHashMap<>();
    private long requests;

    ServedOkReads(LoggingClient client, LiveQuery query, int pageSize, ReadQuota quota) {
        this.client = client;
        this.query = query;
        this.pageSize = pageSize;
        this.quota = quota;
    }

    /**
     * Reads the 2xx of {@code revisions}.
     *
     * @return null, or why the reads stopped early (transient errors after retries): the revisions
     * not settled then keep the sample's estimates
     * @throws LiveReadException for errors that are not transient (permission, query)
     */
    String read(Collection<String> revisions) throws IOException {
        Deque<String> todo = new ArrayDeque<>(revisions);
        while (!todo.isEmpty()) {
            List<String> batch = new ArrayList<>();
            while (!todo.isEmpty() && batch.size() < BATCH) {
                batch.add(todo.poll());
            }
            while (batch.size() > 1 && query.servedOkFilter(batch).length() > LiveQuery.MAX_FILTER_CHARS) {
                todo.addFirst(batch.remove(batch.size() - 1));
            }
            ListLogEntriesRequest request = LiveSource.request(query, query.servedOkFilter(batch), "timestamp desc", pageSize);
            Map<String, Instant> newest = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            String token = "";
            ListLogEntriesResponse page;
            do { // an empty page with a token only says the search goes on
                try {
                    requests++;
                    page = LiveSource.page(client, quota, request, token, query.project());
                } catch (ApiException e) {
                    return "follow-up read of 2xx request entries stopped, " + LiveSource.describeTransientOrThrow(e, query.project())
                            + "; the 2xx counts and last 2xx of " + (batch.size() + todo.size())
                            + " revisions are the sample's";
                }
                token = page.getNextPageToken();
            } while (page.getEntriesCount() == 0 && !token.isEmpty());
            for (com.google.logging.v2.LogEntry entry : page.getEntriesList()) {
                String revision = entry.getResource().getLabelsOrDefault("revision_name", "");
                newest.putIfAbsent(revision, Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos()));
                counts.merge(revision, 1L, Long::sum);
            }
            boolean whole = token.isEmpty();
            for (String revision : batch) {
                if (whole || newest.containsKey(revision)) {
                    served.put(revision, new RequestSample.Served(newest.get(revision), counts.getOrDefault(revision, 0L), whole));
                } else {
                    todo.addLast(revision);
                }
            }
        }
        return null;
    }

    /** What the reads found, by revision name. */
    Map<String, RequestSample.Served> served() {
        return served;
    }

    /** ListLogEntries requests made (each counts against the read quota). */
    long requests() {
        return requests;
    }
}
