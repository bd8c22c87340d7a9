package dev.faultline.source;

import com.google.cloud.logging.v2.LoggingClient;
import dev.faultline.entry.LogEntry;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pull}: a gzip JSONL export the file reader reads back whole, resumable after a failure or a crash. */
class LivePullTest {

    static final String DB = LiveSourceTest.DB;

    static LivePull.Result pull(FakeLogging server, LiveQuery query, Path out) throws IOException {
        try (LoggingClient client = server.connection(query.project()).open()) {
            LiveSource source = new LiveSource(client, query, 100, new ReadQuota(6000), p -> { });
            return new LivePull(source, out).run(query, note -> { });
        }
    }

    @Test
    void pulledFileReadsBackAsTheSameEntries(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pulled.jsonl.gz");
        try (FakeLogging server = new FakeLogging(DB)) {
            LivePull.Result result = pull(server, LiveSourceTest.ALL, out);

            assertThat(result.complete()).isTrue();
            assertThat(result.pulled()).isEqualTo(401);
            assertThat(result.pages()).isEqualTo(5);
        }
        assertThat(dir.toFile().list()).containsExactly("pulled.jsonl.gz");
        assertSameEntriesAsTheSample(out);
    }

    /** Page 3 keeps failing: 200 entries stay in FILE.partial; the next run asks only for the rest and completes the file. */
    @Test
    void failedPullResumesFromTheLastTimestampKept(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pulled.jsonl.gz");
        LivePull.Result first;
        try (FakeLogging server = new FakeLogging(DB)) {
            server.failFrom(2, Status.UNAVAILABLE.withDescription("backend down"));
            first = pull(server, LiveSourceTest.ALL, out);
        }
        assertThat(first.complete()).isFalse();
        assertThat(first.failure()).contains("backend down");
        assertThat(first.file()).isEqualTo(dir.resolve("pulled.jsonl.gz.partial"));
        assertThat(out).doesNotExist();
        assertThat(Collected.read(first.file().toString()).entries).hasSize(200);

        try (FakeLogging server = new FakeLogging(DB)) {
            LivePull.Result second = pull(server, LiveSourceTest.ALL, out);

            assertThat(second.complete()).isTrue();
            assertThat(second.kept()).isEqualTo(200);
            assertThat(second.pulled()).isEqualTo(201);
            assertThat(server.calls.get(0).filter()).contains("timestamp>=\"" + first.lastTimestamp() + "\"")
                    .contains("timestamp<\"2025-10-01T00:00:00Z\"");
        }
        assertThat(dir.toFile().list()).containsExactly("pulled.jsonl.gz");
        assertSameEntriesAsTheSample(out);
    }

    /** A crash cuts the gzip stream mid-line: the complete lines are kept, the rest is fetched again, nothing twice. */
    @Test
    void crashCutPartialFileResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pulled.jsonl.gz");
        try (FakeLogging server = new FakeLogging(DB)) {
            server.failFrom(3, Status.UNAVAILABLE);
            pull(server, LiveSourceTest.ALL, out);
        }
        Path partial = dir.resolve("pulled.jsonl.gz.partial");
        byte[] bytes = Files.readAllBytes(partial);
        Files.write(partial, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
        long survived = Collected.read(partial.toString()).entries.size();
        assertThat(survived).isBetween(1L, 299L);

        try (FakeLogging server = new FakeLogging(DB)) {
            LivePull.Result resumed = pull(server, LiveSourceTest.ALL, out);
            assertThat(resumed.complete()).isTrue();
            assertThat(resumed.kept() + resumed.pulled()).isEqualTo(401);
        }
        assertSameEntriesAsTheSample(out);
    }

    @Test
    void partialFileOfAnotherQueryIsNotResumed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("pulled.jsonl.gz");
        try (FakeLogging server = new FakeLogging(DB)) {
            server.failFrom(1, Status.UNAVAILABLE);
            pull(server, LiveSourceTest.ALL, out);
            LiveQuery other = new LiveQuery("netra-staging", "another-service", null, LiveSourceTest.FROM, LiveSourceTest.UNTIL, null, "");
            assertThatThrownBy(() -> pull(server, other, out)).isInstanceOf(LiveReadException.class)
                    .hasMessage(dir.resolve("pulled.jsonl.gz.partial") + " is from a pull of another query: delete it, or pull into another file");
        }
    }

    private static void assertSameEntriesAsTheSample(Path pulled) throws IOException {
        Collected back = Collected.read(pulled.toString());
        Collected sample = Collected.read(FakeLogging.SAMPLES.resolve(DB).toString());
        assertThat(back.only().complete()).isTrue();
        assertThat(back.problems).isEmpty();
        assertThat(sorted(back.entries)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("origin")
                .containsExactlyElementsOf(sorted(sample.entries));
    }

    private static List<LogEntry> sorted(List<LogEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::insertId)).toList();
    }
}
