package dev.faultline.source;

import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.RequestSample;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Cloud Run entries read live from the Cloud Logging API with ListLogEntries, oldest first, a
 * page of {@link #PAGE_SIZE} at a time within the read quota. Each entry goes through the
 * export JSON shape ({@link ProtoEntryJson}) and {@link LogEntryReader}, so a live read and a
 * file read of the same entries give the same {@link LogEntry} records.
 * <p>
 * Retries (transient errors and quota) happen inside the client, per page. A page that still
 * fails after them ends the read: with nothing read yet that is a {@link LiveReadException};
 * otherwise the entries read so far are kept, the stats say incomplete, and a problem says
 * which time range was covered. Permission, not-found, credential and query errors always end
 * the run with a {@link LiveReadException}.
 */
public final class LiveSource implements EntrySource {

    /** The largest page ListLogEntries serves: fewer requests against the per-minute quota. */
    public static final int PAGE_SIZE = 1000;

    /** What a live read has fetched so far, for a progress line. */
    public record Progress(long pages, long entries, Instant lastTimestamp) {
    }

    /** Receives each entry of a page walk as the export JSON a file would hold. */
    interface JsonEntries {
        void accept(byte[] json, com.google.logging.v2.LogEntry entry) throws IOException;
    }

    /**
     * How a page walk ended.
     *
     * @param lastTimestamp of the last entry read (entries come oldest first), or null
     * @param failure       why it stopped early, or null when it read every page
     */
    record Walk(long pages, long entries, Instant lastTimestamp, String failure) {
        boolean complete() {
            return failure == null;
        }
    }

    private final LoggingClient client;
    private final LiveQuery query;
    private final int pageSize;
    private final ReadQuota quota;
    private final Consumer<Progress> progress;
    private final ContextRead.Spec context;
    private RequestSample sample = RequestSample.EVERY;

    /** @param progress told after every page (may be a no-op) */
    public LiveSource(LoggingClient client, LiveQuery query, Consumer<Progress> progress) {
        this(client, query, PAGE_SIZE, new ReadQuota(ReadQuota.DEFAULT_PER_MINUTE), progress);
    }

    LiveSource(LoggingClient client, LiveQuery query, int pageSize, ReadQuota quota, Consumer<Progress> progress) {
        this(client, query, pageSize, quota, progress, null);
    }

    private LiveSource(LoggingClient client, LiveQuery query, int pageSize, ReadQuota quota, Consumer<Progress> progress,
                       ContextRead.Spec context) {
        this.client = client;
        this.query = query;
        this.pageSize = pageSize;
        this.quota = quota;
        this.progress = progress;
        this.context = context;
    }

    /**
     * The same source, reading with a prefilter also the context of each fetched stdout/stderr line
     * that {@code joins} says may be part of a multi-line event: the same instance's lines of that
     * log within {@code gap} of it (see {@link ContextRead}). The assemble stage's answers, passed in
     * by the caller, so that the source stage does not reach downstream.
     */
    public LiveSource withContext(Duration gap, Predicate<String> joins) {
        return withContext(new ContextRead.Spec(gap, joins, ContextRead.HOLD));
    }

    LiveSource withContext(ContextRead.Spec spec) {
        return new LiveSource(client, query, pageSize, quota, progress, spec);
    }

    @Override
    public List<SourceStats> read(Consumer<LogEntry> entries, Consumer<InputProblem> problems) throws IOException {
        Set<String> revisions = new TreeSet<>();
        Reading reading = new Reading(query.sourceName(), entry -> {
            if (entry.resource() != null && entry.resource().namesRevision()) {
                revisions.add(entry.resource().revision());
            }
            entries.accept(entry);
        }, problems);
        JsonEntries handler = (json, proto) -> reading.accept(json);
        // without a prefilter every line comes anyway: no context to read
        ContextRead around = this.context == null || query.candidates().isEmpty() ? null
                : new ContextRead(client, query, pageSize, quota, this.context, handler, reading::note);
        Walk walk = walk(around == null ? handler : around::accept, reading::note);
        String contextFailure = around == null ? null : around.finish();
        if (contextFailure != null) {
            problems.accept(new InputProblem(query.sourceName(), 0, 0, contextFailure));
        }
        if (!walk.complete()) {
            problems.accept(new InputProblem(query.sourceName(), 0, 0, walk.failure()));
            if (query.samplesRequests()) {
                sample = new RequestSample(query.requestSample(), Map.of());
            }
            return List.of(reading.stats(false));
        }
        boolean complete = contextFailure == null;
        if (query.samplesRequests()) {
            ServedOkReads probes = new ServedOkReads(client, query, pageSize, quota);
            String failure = probes.read(revisions);
            sample = new RequestSample(query.requestSample(), probes.served());
            if (failure != null) {
                complete = false;
                problems.accept(new InputProblem(query.sourceName(), 0, 0, failure));
            }
        }
        return List.of(reading.stats(complete));
    }

    /** After {@link #read}: the sampling of request entries below 400, with what the follow-up reads found. */
    @Override
    public RequestSample requestSample() {
        return sample;
    }

    /** Entries of the API, as export JSON, through {@link LogEntryReader} and counted (read = parsed + malformed). */
    static final class Reading {
        private final String name;
        private final LogEntryReader reader;
        private final Consumer<LogEntry> entries;
        private final Consumer<InputProblem> problems;
        private long parsed;
        private long malformed;

        Reading(String name, Consumer<LogEntry> entries, Consumer<InputProblem> problems) {
            this.name = name;
            this.reader = new LogEntryReader();
            this.entries = entries;
            this.problems = problems;
        }

        void accept(byte[] json) {
            LogEntry entry = reader.read(json, 0, json.length, new Origin(name, read() + 1, 0), problems);
            if (entry == null) {
                malformed++;
            } else {
                parsed++;
                entries.accept(entry);
            }
        }

        /** A note about the entry about to be read. */
        void note(String message) {
            problems.accept(new InputProblem(name, read() + 1, 0, message));
        }

        long read() {
            return parsed + malformed;
        }

        SourceStats stats(boolean complete) {
            return new SourceStats(name, "cloud-logging", read(), parsed, malformed, complete, null);
        }
    }

    /** Reads every page of {@code q} (this source's query, or a resumed one) and hands each entry over. */
    Walk walk(JsonEntries handler, Consumer<String> notes) throws IOException {
        return walk(query, handler, notes);
    }

    /**
     * {@link #walk(LiveQuery, JsonEntries, Consumer)} with this source's context read, if it has one:
     * what a pull saves is then what a live triage reads. A context read that stops early ends the
     * walk as incomplete.
     */
    Walk walkWithContext(LiveQuery q, JsonEntries handler, Consumer<String> notes) throws IOException {
        if (context == null || q.candidates().isEmpty()) {
            return walk(q, handler, notes);
        }
        ContextRead around = new ContextRead(client, q, pageSize, quota, context, handler, notes);
        Walk walk = walk(q, around::accept, notes);
        String failure = around.finish();
        return failure == null || !walk.complete() ? walk : new Walk(walk.pages(), walk.entries(), walk.lastTimestamp(), failure);
    }

    Walk walk(LiveQuery q, JsonEntries handler, Consumer<String> notes) throws IOException {
        ListLogEntriesRequest request = request(q, q.filter(), "timestamp asc", pageSize);
        long pages = 0;
        long count = 0;
        Instant last = null;
        String token = "";
        do {
            ListLogEntriesResponse page;
            try {
                page = page(client, quota, request, token, q.project(), pages == 0 ? LoggingConnection.FIRST_CONTACT_RETRY : null);
            } catch (ApiException e) {
                if (!transientCode(e) || count == 0) {
                    throw new LiveReadException(describe(e, q.project()), e);
                }
                return new Walk(pages, count, last, "read stopped early, " + describe(e, q.project())
                        + "; entries cover " + q.from() + " to " + last + " of the range asked for");
            }
            pages++;
            for (com.google.logging.v2.LogEntry entry : page.getEntriesList()) {
                handler.accept(ProtoEntryJson.toJson(entry, notes), entry);
                count++;
                if (entry.hasTimestamp()) {
                    last = Instant.ofEpochSecond(entry.getTimestamp().getSeconds(), entry.getTimestamp().getNanos());
                }
            }
            progress.accept(new Progress(pages, count, last));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return new Walk(pages, count, last, null);
    }

    /** A ListLogEntries request of {@code q}'s project with {@code filter}. */
    static ListLogEntriesRequest request(LiveQuery q, String filter, String orderBy, int pageSize) {
        return ListLogEntriesRequest.newBuilder()
                .addResourceNames(q.resourceName())
                .setFilter(filter)
                .setOrderBy(orderBy)
                .setPageSize(pageSize)
                .build();
    }

    /**
     * One ListLogEntries page of {@code request}, within the read quota. An {@link ApiException} is
     * what is left after the client's retries: the caller decides what it ends.
     */
    static ListLogEntriesResponse page(LoggingClient client, ReadQuota quota, ListLogEntriesRequest request, String token,
                                       String project) throws InterruptedIOException {
        return page(client, quota, request, token, project, null);
    }

    /** @param retry retries for this page instead of the connection's, or null */
    static ListLogEntriesResponse page(LoggingClient client, ReadQuota quota, ListLogEntriesRequest request, String token,
                                       String project, RetrySettings retry) throws InterruptedIOException {
        try {
            quota.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted reading logs of project " + project);
        }
        ListLogEntriesRequest paged = request.toBuilder().setPageToken(token).build();
        return retry == null ? client.listLogEntriesCallable().call(paged)
                : client.listLogEntriesCallable().call(paged, GrpcCallContext.createDefault().withRetrySettings(retry));
    }

    /**
     * A fault the client's retries did not cure, on a read the triage can do without: a
     * transient one is described for a problem line; any other is fatal, one line naming the project.
     */
    static String describeTransientOrThrow(ApiException e, String project) throws LiveReadException {
        if (!transientCode(e)) {
            throw new LiveReadException(describe(e, project), e);
        }
        return describe(e, project);
    }

    static boolean transientCode(ApiException e) {
        for (StatusCode.Code code : LoggingConnection.RETRIED) {
            if (e.getStatusCode().getCode() == code) {
                return true;
            }
        }
        return false;
    }

    /** One line that names the project and says what to do. */
    static String describe(ApiException e, String project) {
        String detail = LoggingConnection.oneLine(e.getMessage()).replaceFirst("^io\\.grpc\\.StatusRuntimeException: ", "");
        return switch (e.getStatusCode().getCode()) {
            case PERMISSION_DENIED -> "permission denied reading logs of project " + project
                    + ": the account needs roles/logging.viewer on it (" + detail + ")";
            case NOT_FOUND -> "project " + project + " not found by Cloud Logging: check --project, it takes the project id ("
                    + detail + ")";
            case UNAUTHENTICATED -> "credentials rejected for project " + project
                    + ": run 'gcloud auth application-default login' or pass --credentials FILE (" + detail + ")";
            case INVALID_ARGUMENT -> "Cloud Logging rejected the query for project " + project
                    + " (see it with --show-query): " + detail;
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, INTERNAL ->
                    "Cloud Logging still failing for project " + project + " after retries: " + detail;
            default -> "Cloud Logging failed for project " + project + ": " + detail;
        };
    }
}
