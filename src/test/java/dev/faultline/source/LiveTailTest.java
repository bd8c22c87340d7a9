package dev.faultline.source;

import com.google.cloud.logging.v2.LoggingClient;
import dev.faultline.entry.LogEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** TailLogEntries through the real client: every streamed entry arrives; stop() ends an open tail with what it read. */
class LiveTailTest {

    static final LiveQuery QUERY = new LiveQuery("netra-staging", "netra-backend-staging", null,
            LiveSourceTest.FROM, LiveSourceTest.UNTIL, null, "");

    @Test
    void tailDeliversEveryEntryUntilTheServerEndsIt() throws Exception {
        try (FakeLogging server = new FakeLogging(LiveSourceTest.PORT);
             LoggingClient client = server.connection("netra-staging").open()) {
            Collected c = Collected.read(new LiveTail(client, QUERY));

            assertThat(c.entries).hasSize(server.entryCount());
            assertThat(c.only().complete()).isTrue();
            assertThat(server.tailFilters).singleElement().asString()
                    .contains("resource.labels.service_name=\"netra-backend-staging\"").doesNotContain("timestamp");
        }
    }

    @Test
    void stopEndsAnOpenTailWithWhatWasRead() throws Exception {
        try (FakeLogging server = new FakeLogging(LiveSourceTest.PORT).tailStaysOpen();
             LoggingClient client = server.connection("netra-staging").open()) {
            LiveTail tail = new LiveTail(client, QUERY);
            List<LogEntry> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<List<SourceStats>> reading = CompletableFuture.supplyAsync(() -> {
                try {
                    return tail.read(seen::add, p -> { });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.size() < server.entryCount() / 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(reading).isNotDone();
            tail.stop();

            SourceStats stats = reading.get(20, TimeUnit.SECONDS).get(0);
            assertThat(stats.read()).isEqualTo(server.entryCount() / 2).isEqualTo(seen.size());
            assertThat(stats.complete()).isTrue();
        }
    }
}
