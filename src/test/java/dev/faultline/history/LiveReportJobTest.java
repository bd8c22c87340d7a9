package dev.faultline.history;

import com.google.cloud.logging.v2.LoggingClient;
import dev.faultline.catalog.CandidateFilter;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.source.EntrySource;
import dev.faultline.source.FakeLogging;
import dev.faultline.source.InputProblem;
import dev.faultline.source.LiveQuery;
import dev.faultline.source.LiveSource;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report job over the live source, with a server fault in the middle of a read. Here rather than
 * through the CLI because the connection's retries must take milliseconds (the CLI retries a page
 * for two minutes before giving up).
 */
class LiveReportJobTest {

    static final String DB = "netra-staging-2025-09-15-db-timeout.json";

    @TempDir
    Path dir;

    /** Page two of the second run fails after every retry: the run is partial, not remembered, and the next run reads its window again. */
    @Test
    void aFaultMidReadMakesThePartialRunWhoseWindowTheNextRunCovers() throws Exception {
        // the seed team's catalog: its #1263 makes the first run's finding a recurrence
        Catalog catalog = CatalogLoader.loadBundledWith(List.of(Path.of(System.getProperty("faultline.home", "."), "samples", "catalog")));
        String candidates = CandidateFilter.payloadClause(catalog);
        List<InputProblem> problems = new ArrayList<>();
        // short pages, so that a window takes several calls and one can fail after others succeeded
        try (FakeLogging server = new FakeLogging(DB).pagesOf(10);
             LoggingClient client = server.connection("netra-staging").open();
             StateStore store = StateStore.open(dir.resolve("state.db"), true, Duration.ofSeconds(5))) {
            Function<RunWindow, EntrySource> live = window -> new LiveSource(client, new LiveQuery("netra-staging",
                    "netra-backend-staging", null, window.start(), window.end(), null, candidates), p -> { });
            Instant first = Instant.parse("2025-09-15T18:00:00Z");
            Instant second = Instant.parse("2025-09-15T21:00:00Z");

            Digest d1 = job(store, catalog, first).run(live, List.of(), options(Duration.ofDays(4), first), problems::add);
            assertThat(d1.partial()).isFalse();
            assertThat(d1.items()).extracting(Digest.Item::section).containsExactly(Digest.Section.RECURRENCE);

            server.failFrom(server.calls.size() + 1, Status.UNAVAILABLE.withDescription("backend gone"));
            Digest d2 = job(store, catalog, second).run(live, List.of(), options(null, second), problems::add);
            assertThat(d2.partial()).isTrue();
            assertThat(d2.run().status()).isEqualTo(RunRecord.Status.PARTIAL);
            assertThat(d2.run().entriesRead()).isEqualTo(10);
            assertThat(problems).singleElement().extracting(InputProblem::message).asString()
                    .contains("read stopped early").contains("backend gone").contains("entries cover 2025-09-15T18:00:00Z to");

            server.failFrom(Integer.MAX_VALUE, Status.OK);
            Digest d3 = job(store, catalog, second).run(live, List.of(), options(null, second), problems::add);
            assertThat(d3.partial()).isFalse();
            assertThat(d3.items()).singleElement().satisfies(item -> {
                assertThat(item.section()).isEqualTo(Digest.Section.ONGOING);
                assertThat(item.runsSeen()).as("the partial run's findings were not remembered").isEqualTo(2);
            });

            List<RunRecord> runs = store.runs();
            assertThat(runs).extracting(RunRecord::status)
                    .containsExactly(RunRecord.Status.COMPLETE, RunRecord.Status.PARTIAL, RunRecord.Status.COMPLETE);
            assertThat(runs.get(2).window()).isEqualTo(runs.get(1).window());
            assertThat(runs.get(1).window().start()).isEqualTo(runs.get(0).window().end());
            assertThat(runs.get(2).entriesRead()).isGreaterThan(runs.get(1).entriesRead());
        }
    }

    private static ReportJob job(StateStore store, Catalog catalog, Instant now) {
        return new ReportJob(store, catalog, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static ReportJob.Options options(Duration since, Instant until) {
        return new ReportJob.Options(since, until, ReportJob.DEFAULT_QUIET_PERIOD, 3);
    }
}
