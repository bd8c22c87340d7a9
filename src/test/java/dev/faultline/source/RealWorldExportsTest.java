package dev.faultline.source;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real gcloud exports in ../shared/realworld (outside the repository; skipped when absent). */
class RealWorldExportsTest {

    private static final Path NETRA = Path.of("../shared/realworld/netra");

    @Test
    void everyEntryOfTheRealExportsParsesCleanly() throws IOException {
        assumeTrue(Files.isDirectory(NETRA), "skipped: " + NETRA.toAbsolutePath() + " is not here (it lives outside the repository)");

        Collected c = Collected.read(NETRA.toString());

        assertThat(c.problems).isEmpty();
        assertThat(c.stats).hasSize(5).allMatch(s -> s.complete() && s.malformed() == 0 && s.format().equals("json-array"));
        assertThat(c.stats).extracting(SourceStats::read).containsExactly(100L, 1L, 4L, 106L, 163L);
        assertThat(c.entries).allMatch(e -> e.timestamp() != null && e.text() != null && e.logName() != null);

        LogEntry exit = c.entries.stream().filter(e -> e.text().equals("Container called exit(3).")).findFirst().orElseThrow();
        assertThat(exit.logName()).isEqualTo(LogEntry.VARLOG_SYSTEM);
        assertThat(exit.severity()).isEqualTo(Severity.WARNING);
        assertThat(exit.resource().revision()).isEqualTo("netra-backend-staging-00697-gp6");
        // plain stdout lines carry no severity in gcloud output
        assertThat(c.entries).filteredOn(e -> e.text().contains("GET /health HTTP/1.1\" 200"))
                .isNotEmpty().allMatch(e -> e.severity() == Severity.DEFAULT);
        // Ready-condition audit entries carry their text in protoPayload.status.message
        assertThat(c.entries).filteredOn(LogEntry::isAudit).extracting(LogEntry::text)
                .anyMatch(t -> t.startsWith("Ready condition status changed to True for Revision"));
        assertThat(c.entries).filteredOn(LogEntry::isRequestLog).allMatch(e -> e.httpStatus() > 0 && e.latencyMs() >= 0);
    }
}
