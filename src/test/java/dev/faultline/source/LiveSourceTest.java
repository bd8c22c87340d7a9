package dev.faultline.source;

import com.google.cloud.logging.v2.LoggingClient;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.entry.LogEntry;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The live source through the real google-cloud-logging client against {@link FakeLogging} on loopback. */
class LiveSourceTest {

    static final String DB = "netra-staging-2025-09-15-db-timeout.json";
    static final String PORT = "netra-staging-2025-09-08-port-timeout.json";
    static final Instant FROM = Instant.parse("2025-09-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2025-10-01T00:00:00Z");
    static final LiveQuery ALL = new LiveQuery("netra-staging", null, null, FROM, UNTIL, null, "");

    static Collected readLive(FakeLogging server, LiveQuery query, int pageSize) throws IOException {
        try (LoggingClient client = server.connection(query.project()).open()) {
            return Collected.read(new LiveSource(client, query, pageSize, new ReadQuota(6000), p -> { }));
        }
    }

    /** The API's entries, converted, are the export reader's entries: same records, only where they came from differs. */
    @ParameterizedTest
    @ValueSource(strings = {DB, PORT, "healthy-rollout.json", "noisy-but-healthy.json"})
    void liveEntriesEqualTheExportEntries(String sample) throws Exception {
        try (FakeLogging server = new FakeLogging(sample)) {
            Collected live = readLive(server, ALL, 1000);
            Collected file = Collected.read(FakeLogging.SAMPLES.resolve(sample).toString());

            assertThat(live.entries).hasSize(file.entries.size()).hasSize(server.entryCount());
            assertThat(sorted(live.entries)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("origin")
                    .containsExactlyElementsOf(sorted(file.entries));
            SourceStats stats = live.only();
            assertThat(stats.complete()).isTrue();
            assertThat(stats.read()).isEqualTo(stats.parsed() + stats.malformed()).isEqualTo(file.entries.size());
            assertThat(stats.source()).isEqualTo("cloud-logging:projects/netra-staging");
        }
    }

    /** 401 entries in pages of 100: five calls, each page token asked for once, every entry once. */
    @Test
    void pagingReadsEveryPageExactlyOnce() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            Collected live = readLive(server, ALL, 100);

            assertThat(server.calls).extracting(FakeLogging.Call::pageToken)
                    .containsExactly("", "page-100", "page-200", "page-300", "page-400");
            assertThat(live.entries).hasSize(401);
            assertThat(live.entries.stream().map(LogEntry::insertId).distinct().count()).isEqualTo(401);
            assertThat(live.entries).isSortedAccordingTo(Comparator.comparing(LogEntry::timestamp));
        }
    }

    /** What the server receives: the project, oldest first, pages of 1000, and a filter with every restriction. */
    @Test
    void filterCarriesServiceTimeBoundsAndTheCatalogPrefilter() throws Exception {
        String candidates = CandidateFilter.payloadClause(CatalogLoader.loadBundled());
        LiveQuery query = new LiveQuery("netra-staging", "netra-backend-staging", null, FROM, UNTIL, "severity>=DEFAULT", candidates);
        try (FakeLogging server = new FakeLogging(PORT);
             LoggingClient client = server.connection("netra-staging").open()) {
            Collected.read(new LiveSource(client, query, p -> { }));

            FakeLogging.Call call = server.calls.get(0);
            assertThat(call.resourceNames()).containsExactly("projects/netra-staging");
            assertThat(call.orderBy()).isEqualTo("timestamp asc");
            assertThat(call.pageSize()).isEqualTo(LiveSource.PAGE_SIZE);
            assertThat(call.filter())
                    .isEqualTo(query.filter())
                    .startsWith("resource.type=\"cloud_run_revision\"")
                    .contains("resource.labels.service_name=\"netra-backend-staging\"")
                    .contains("timestamp>=\"2025-09-01T00:00:00Z\"", "timestamp<\"2025-10-01T00:00:00Z\"")
                    .contains("(severity>=DEFAULT)")
                    .contains(candidates)
                    .contains("log_id(\"run.googleapis.com/varlog/system\")", "log_id(\"cloudaudit.googleapis.com/system_event\")");
            // audit entries (protoPayload.status.message) come whole through their log_id, not through the literals
            assertThat(candidates).contains("textPayload:(\"").contains("jsonPayload.message:(\"").doesNotContain("protoPayload");
        }
    }

    /** UNAVAILABLE, DEADLINE_EXCEEDED and RESOURCE_EXHAUSTED on page 2 are retried; nothing is lost or read twice. */
    @Test
    void transientFaultsAndQuotaAreRetried() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            server.fail(1, Status.UNAVAILABLE).fail(2, Status.DEADLINE_EXCEEDED).fail(3, Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded"));
            Collected live = readLive(server, ALL, 200);

            assertThat(server.calls).extracting(FakeLogging.Call::pageToken)
                    .containsExactly("", "page-200", "page-200", "page-200", "page-200", "page-400");
            assertThat(live.entries).hasSize(401);
            assertThat(live.only().complete()).isTrue();
            assertThat(live.problems).isEmpty();
        }
    }

    /** A page that keeps failing after two good ones: the entries read stay, marked incomplete with the range covered. */
    @Test
    void persistentFailureMidwayGivesAPartialReadThatSaysWhatItCovers() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            server.failFrom(2, Status.UNAVAILABLE.withDescription("backend down"));
            Collected live = readLive(server, ALL, 100);

            assertThat(live.entries).hasSize(200);
            SourceStats stats = live.only();
            assertThat(stats.complete()).isFalse();
            assertThat(stats.read()).isEqualTo(200);
            assertThat(live.problemLines()).singleElement().asString()
                    .contains("netra-staging").contains("backend down")
                    .contains("cover 2025-09-01T00:00:00Z to " + live.entries.get(199).timestamp())
                    .doesNotContain("\n");
            assertThat(server.calls.size()).isGreaterThan(3); // page 3 was retried before giving up
        }
    }

    @Test
    void failureBeforeAnythingWasReadIsAnError() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            server.failFrom(0, Status.UNAVAILABLE.withDescription("backend down"));
            assertThatThrownBy(() -> readLive(server, ALL, 100)).isInstanceOf(LiveReadException.class)
                    .hasMessage("Cloud Logging still failing for project netra-staging after retries: UNAVAILABLE: backend down");
        }
    }

    /** Errors retrying cannot fix end the read at once, in one line naming the project and the fix. */
    @Test
    void permissionNotFoundAndCredentialErrorsAreOneLineAndNotRetried() throws Exception {
        try (FakeLogging server = new FakeLogging(DB)) {
            server.fail(0, Status.PERMISSION_DENIED.withDescription("caller lacks logging.logEntries.list"));
            assertThatThrownBy(() -> readLive(server, ALL, 100)).isInstanceOf(LiveReadException.class)
                    .hasMessage("permission denied reading logs of project netra-staging: the account needs "
                            + "roles/logging.viewer on it (PERMISSION_DENIED: caller lacks logging.logEntries.list)");
            assertThat(server.calls).hasSize(1);
        }
        try (FakeLogging server = new FakeLogging(DB)) {
            server.fail(0, Status.NOT_FOUND.withDescription("project not found"));
            assertThatThrownBy(() -> readLive(server, ALL, 100))
                    .hasMessageStartingWith("project netra-staging not found by Cloud Logging: check --project");
            server.fail(1, Status.UNAUTHENTICATED.withDescription("token expired"));
            assertThatThrownBy(() -> readLive(server, ALL, 100))
                    .hasMessageStartingWith("credentials rejected for project netra-staging: run 'gcloud auth application-default login'");
            server.fail(2, Status.INVALID_ARGUMENT.withDescription("unparseable filter"));
            assertThatThrownBy(() -> readLive(server, ALL, 100))
                    .hasMessage("Cloud Logging rejected the query for project netra-staging (see it with --show-query): "
                            + "INVALID_ARGUMENT: unparseable filter");
            assertThat(server.calls).hasSize(3);
        }
    }

    @Test
    void unusableCredentialFilesAreOneLineErrors(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> new LoggingConnection("p1", null, missing).open()).isInstanceOf(LiveReadException.class)
                .hasMessage("cannot read credentials " + missing + ": no such file");
        Path broken = Files.writeString(dir.resolve("key.json"), "{\"type\": \"nonsense\"}");
        assertThatThrownBy(() -> new LoggingConnection("p1", null, broken).open()).isInstanceOf(LiveReadException.class)
                .hasMessageStartingWith("cannot use credentials " + broken + " for project p1: ")
                .hasMessageEndingWith("(expected a service-account or authorized-user JSON key)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void loopbackIsToldByAddressNeverByLookingUpOtherNames() {
        assertThat(LoggingConnection.isLoopback("127.0.0.1")).isTrue();
        assertThat(LoggingConnection.isLoopback("localhost")).isTrue();
        assertThat(LoggingConnection.isLoopback(LoggingConnection.host("[::1]:8085"))).isTrue();
        assertThat(LoggingConnection.host("127.0.0.1:8085")).isEqualTo("127.0.0.1");
        assertThat(LoggingConnection.isLoopback("10.0.0.1")).isFalse();
        assertThat(LoggingConnection.isLoopback("logging.googleapis.com")).isFalse();
    }

    /** An entry whose protoPayload type is unknown is still read, without that payload, and said so. */
    @Test
    void unknownProtoPayloadIsDroppedWithANote() throws IOException {
        com.google.logging.v2.LogEntry base = FakeLogging.protoEntries(FakeLogging.SAMPLES.resolve(PORT)).get(0);
        com.google.logging.v2.LogEntry odd = base.toBuilder().setProtoPayload(Any.newBuilder()
                .setTypeUrl("type.googleapis.com/example.Unknown").setValue(ByteString.copyFromUtf8("x"))).build();
        List<String> notes = new ArrayList<>();
        String json = new String(ProtoEntryJson.toJson(odd, notes::add), StandardCharsets.UTF_8);

        assertThat(notes).containsExactly("protoPayload of type type.googleapis.com/example.Unknown not understood: read without it");
        assertThat(json).doesNotContain("protoPayload").contains("\"insertId\":\"" + base.getInsertId() + "\"");
        assertThat(new String(ProtoEntryJson.toJson(base, notes::add), StandardCharsets.UTF_8)).doesNotContain("\n");
        assertThat(notes).hasSize(1);
    }

    private static List<LogEntry> sorted(List<LogEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::insertId)).toList();
    }
}
