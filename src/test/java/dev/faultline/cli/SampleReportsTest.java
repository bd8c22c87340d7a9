package dev.faultline.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed ticket attachments under samples/reports/ are what the current code renders
 * (regenerate them with samples/reports/regenerate). Rendering twice gives the same bytes:
 * reports hold no wall-clock time.
 */
class SampleReportsTest {

    @ParameterizedTest(name = "{0}.{2}")
    @CsvSource({
            "netra-staging-2025-09-08-port-timeout, markdown, md",
            "netra-staging-2025-09-08-port-timeout, html, html",
            "netra-staging-2025-09-15-db-timeout, markdown, md",
            "netra-staging-2025-09-15-db-timeout, html, html",
            "inventory-api-2025-10-02-startup-exception, markdown, md",
            "inventory-api-2025-10-02-startup-exception, html, html",
            "inventory-api-2025-10-08-regression, markdown, md",
            "orders-export-job-2025-10-10, markdown, md"})
    void committedReportIsCurrent(String seed, String format, String ext) throws Exception {
        // the same relative paths the regenerate script passes, so the report cites the same input and catalog names
        String input = "samples/" + seed + ".json";
        assertThat(Path.of(input)).as("tests run from the checkout's root").exists();
        Cli.Run first = Cli.run("triage", "--catalog", "samples/catalog", input, "--format", format);
        Cli.Run second = Cli.run("triage", "--catalog", "samples/catalog", input, "--format", format);
        assertThat(first.exitCode()).isEqualTo(4);
        assertThat(second.out()).isEqualTo(first.out());

        Path committed = Cli.HOME.resolve("samples/reports/" + seed + "." + ext);
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as("%s is stale: run samples/reports/regenerate", committed)
                .isEqualTo(first.out());
    }
}
