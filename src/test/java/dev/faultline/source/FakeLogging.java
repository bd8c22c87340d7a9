package dev.faultline.source;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.audit.AuditLog;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import com.google.logging.v2.LogEntry;
import com.google.logging.v2.LoggingServiceV2Grpc;
import com.google.logging.v2.TailLogEntriesRequest;
import com.google.logging.v2.TailLogEntriesResponse;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Cloud Logging v2 server on 127.0.0.1 for tests, driven by the real client: it serves the
 * entries of sample exports (ListLogEntries with page tokens, TailLogEntries), records every
 * request, and fails the calls it is told to with the status it is told to. It applies the whole
 * filter of each request with {@link LoggingFilter} (the subset of the query language faultline
 * sends), so a prefiltered read gets only what Cloud Logging would return; a filter outside that
 * subset is answered with INVALID_ARGUMENT, as a real server answers a query it cannot parse.
 */
public final class FakeLogging implements AutoCloseable {

    static final Path SAMPLES = Path.of(System.getProperty("faultline.home", ".")).resolve("samples");

    /** Retries in milliseconds instead of seconds, so fault tests take no time. */
    public static final RetrySettings FAST_RETRY = LoggingConnection.retry(Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofSeconds(2))
            .toBuilder().setMaxAttempts(6).build();

    /** One ListLogEntries call as the server saw it. */
    public record Call(List<String> resourceNames, String filter, String orderBy, int pageSize, String pageToken) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<String> tailFilters = new CopyOnWriteArrayList<>();
    /** The served entries, each with the export JSON it came from (what a filter is evaluated on). */
    private record Stored(LogEntry proto, JsonNode json) {
    }

    private final List<Stored> entries;
    private final Map<Integer, Status> faults = new ConcurrentHashMap<>();
    private volatile int failFrom = Integer.MAX_VALUE;
    private volatile boolean tailStaysOpen;
    private volatile int maxPage = 1000;
    private volatile Status failFromStatus;
    private final Server server;

    public FakeLogging(String... samples) throws IOException {
        List<Stored> all = new ArrayList<>();
        for (String sample : samples) {
            List<JsonNode> json = jsonEntries(SAMPLES.resolve(sample));
            List<LogEntry> protos = protoEntries(SAMPLES.resolve(sample));
            for (int i = 0; i < protos.size(); i++) {
                all.add(new Stored(protos.get(i), json.get(i)));
            }
        }
        this.entries = all;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service()).build().start();
    }

    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public int entryCount() {
        return entries.size();
    }

    /** The 0-based ListLogEntries call {@code call} fails with {@code status} (before retries count). */
    public FakeLogging fail(int call, Status status) {
        faults.put(call, status);
        return this;
    }

    /** Every ListLogEntries call from the 0-based {@code call} on fails with {@code status}. */
    public FakeLogging failFrom(int call, Status status) {
        failFromStatus = status;
        failFrom = call;
        return this;
    }

    /** Pages hold at most {@code entries}, whatever page size is asked for (the API may return short pages too). */
    public FakeLogging pagesOf(int entries) {
        maxPage = entries;
        return this;
    }

    /** TailLogEntries sends the first half of the entries and then nothing, until the client ends it. */
    public FakeLogging tailStaysOpen() {
        tailStaysOpen = true;
        return this;
    }

    /** A connection to this server that retries in milliseconds ({@link #FAST_RETRY}). */
    public LoggingConnection connection(String project) {
        return new LoggingConnection(project, endpoint(), null, FAST_RETRY);
    }

    /** A sample's entries as the API holds them: the export JSON parsed with the protobuf JSON mapping. */
    static List<LogEntry> protoEntries(Path sample) throws IOException {
        JsonFormat.Parser parser = JsonFormat.parser()
                .usingTypeRegistry(TypeRegistry.newBuilder().add(AuditLog.getDescriptor()).build())
                .ignoringUnknownFields();
        List<LogEntry> list = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (JsonNode node : jsonEntries(sample)) {
            LogEntry.Builder b = LogEntry.newBuilder();
            parser.merge(mapper.writeValueAsString(node), b);
            list.add(b.build());
        }
        return list;
    }

    private static List<JsonNode> jsonEntries(Path sample) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        new ObjectMapper().readTree(sample.toFile()).forEach(list::add);
        return list;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** @throws IllegalArgumentException for a filter {@link LoggingFilter} cannot parse */
    private List<LogEntry> selected(String filter, String orderBy) {
        LoggingFilter selection = LoggingFilter.parse(filter);
        Comparator<LogEntry> order = Comparator.comparing((LogEntry e) -> Timestamps.toNanos(e.getTimestamp()))
                .thenComparing(LogEntry::getInsertId);
        return entries.stream()
                .filter(e -> selection.matches(e.json()))
                .map(Stored::proto)
                .sorted(orderBy.endsWith("desc") ? order.reversed() : order)
                .toList();
    }

    private final class Service extends LoggingServiceV2Grpc.LoggingServiceV2ImplBase {
        @Override
        public void listLogEntries(ListLogEntriesRequest request, StreamObserver<ListLogEntriesResponse> response) {
            int n = calls.size();
            calls.add(new Call(List.copyOf(request.getResourceNamesList()), request.getFilter(), request.getOrderBy(),
                    request.getPageSize(), request.getPageToken()));
            Status fault = n >= failFrom ? failFromStatus : faults.get(n);
            if (fault != null) {
                response.onError(fault.asRuntimeException());
                return;
            }
            List<LogEntry> selected;
            try {
                selected = selected(request.getFilter(), request.getOrderBy());
            } catch (IllegalArgumentException e) {
                response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            int start = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken().substring(5));
            int size = request.getPageSize() <= 0 ? 50 : Math.min(request.getPageSize(), maxPage);
            int end = Math.min(selected.size(), start + size);
            ListLogEntriesResponse.Builder page = ListLogEntriesResponse.newBuilder().addAllEntries(selected.subList(start, end));
            if (end < selected.size()) {
                page.setNextPageToken("page-" + end);
            }
            response.onNext(page.build());
            response.onCompleted();
        }

        @Override
        public StreamObserver<TailLogEntriesRequest> tailLogEntries(StreamObserver<TailLogEntriesResponse> response) {
            return new StreamObserver<>() {
                @Override
                public void onNext(TailLogEntriesRequest request) {
                    tailFilters.add(request.getFilter());
                    // Two batches, as a tail delivers entries over time.
                    List<LogEntry> all;
                    try {
                        all = selected(request.getFilter(), "timestamp asc");
                    } catch (IllegalArgumentException e) {
                        response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                        return;
                    }
                    int half = all.size() / 2;
                    response.onNext(TailLogEntriesResponse.newBuilder().addAllEntries(all.subList(0, half)).build());
                    if (tailStaysOpen) {
                        return;
                    }
                    response.onNext(TailLogEntriesResponse.newBuilder().addAllEntries(all.subList(half, all.size())).build());
                    response.onCompleted();
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
    }

}
