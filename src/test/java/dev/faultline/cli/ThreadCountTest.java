package dev.faultline.cli;

import dev.faultline.bench.ExportGenerator;
import dev.faultline.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parallel parsing must not change a report: the same bytes on stdout and stderr, and the same exit
 * code, with 1, 2 and 4 threads, on every sample, the bad-input samples, and generated exports of
 * both benchmark shapes large enough to span many of the parser's batches.
 */
class ThreadCountTest {

    private static final String[] THREADS = {"1", "2", "4"};

    @Test
    void everySampleGivesTheSameReportWhateverTheThreadCount() throws IOException {
        List<String> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Cli.SAMPLES)) {
            files.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".gz")).sorted()
                    .forEach(f -> inputs.add(f.toString()));
        }
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(4);
        for (String input : inputs) {
            assertSameAcrossThreads(List.of(input), "json");
        }
        assertSameAcrossThreads(inputs, "json");
        assertSameAcrossThreads(inputs, "markdown");
    }

    @Test
    void badInputGivesTheSameProblemsInTheSameOrder() {
        // every broken file at once: problems from splitter and parser interleave across batches and files
        Run one = assertSameAcrossThreads(List.of(Cli.BAD.toString()), "json");
        assertThat(one.err()).as("the bad samples do report problems").isNotBlank();
    }

    @Test
    void generatedExportsOfBothShapesGiveTheSameReport(@TempDir Path dir) throws Exception {
        var catalog = CatalogLoader.loadBundled();
        for (ExportGenerator.Shape shape : ExportGenerator.Shape.values()) {
            Path file = dir.resolve(shape + ".json");
            long entries = ExportGenerator.write(catalog, shape, file, 6L << 20); // ~6 parser batches of 1 MiB
            Run one = assertSameAcrossThreads(List.of(file.toString()), "json");
            assertThat(one.json().get("input").get("entriesRead").asLong()).as(shape.toString()).isEqualTo(entries);
            assertThat(one.exitCode()).as(shape + ": the export has failures").isEqualTo(4);
        }
    }

    private record Run(int exitCode, String out, String err) {
        com.fasterxml.jackson.databind.JsonNode json() {
            return new Cli.Run(exitCode, out, err).json();
        }
    }

    /** Runs triage with each thread count and asserts the outputs are identical; returns the one-thread run. */
    private static Run assertSameAcrossThreads(List<String> inputs, String format) {
        Run first = null;
        for (String threads : THREADS) {
            List<String> args = new ArrayList<>(List.of("triage", "--format", format, "--threads", threads));
            args.addAll(inputs);
            Cli.Run r = Cli.run(args.toArray(String[]::new));
            Run run = new Run(r.exitCode(), r.out(), r.err());
            assertThat(run.out()).as("stdout of %s with %s threads", inputs, threads).isNotBlank();
            if (first == null) {
                first = run;
            } else {
                assertThat(run).as("%s %s with %s threads against 1", inputs, format, threads).isEqualTo(first);
            }
        }
        return first;
    }
}
