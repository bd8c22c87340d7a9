package dev.faultline.bench;

import dev.faultline.Triage;
import dev.faultline.TriageResult;
import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Signature;
import dev.faultline.source.ExportSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A small smoke test of the benchmark's inputs (the benchmark itself runs from bench/run, never here). */
class ExportGeneratorTest {

    @Test
    void generatedExportIsDeterministicAndEverySignatureFires(@TempDir Path dir) throws Exception {
        Catalog catalog = CatalogLoader.loadBundled();
        Path file = dir.resolve("export.json");
        // about 64 KB per signature, so that the round robin of failure lines reaches every one of them
        long bytes = 64_000L * catalog.active().size();
        String first = generate(catalog, bytes);
        assertThat(generate(catalog, bytes)).isEqualTo(first);
        Files.writeString(file, first);

        List<String> problems = new ArrayList<>();
        TriageResult result = new Triage(catalog, 3).run(new ExportSource(List.of(file.toString())),
                p -> problems.add(p.oneLine()));

        assertThat(problems).isEmpty();
        assertThat(result.input().balanced()).isTrue();
        assertThat(result.input().read()).isGreaterThan(300);
        assertThat(result.input().events()).as("split tracebacks are stitched").isLessThan(result.input().parsed());
        // each signature's own examples, placed in the log it is restricted to, must be found
        Set<String> hit = result.revisions().stream()
                .flatMap(r -> r.revision().hits().stream())
                .map(h -> h.signature().id())
                .collect(Collectors.toSet());
        assertThat(hit).containsAll(catalog.diagnostic().stream().map(Signature::id).toList());
        // the failures are a few percent of what was read, not most of it
        assertThat(result.input().matched()).isLessThan(result.input().read() / 5);
    }

    /** The peers' pattern file: one non-blank line per literal (a blank line would make grep -f match every line). */
    @Test
    void grepPatternsAreNonBlankSingleLines() throws Exception {
        List<String> patterns = ExportGenerator.grepPatterns(CatalogLoader.loadBundled());
        assertThat(patterns).isNotEmpty().allSatisfy(p -> assertThat(p).isNotBlank().doesNotContain("\n"));
        assertThat(patterns).contains("KeyError: '"); // the longest line of the multi-line literal "\nKeyError: '"
    }

    @Test
    void syntheticCatalogMultipliesTheLoadedOne(@TempDir Path dir) throws Exception {
        int base = CatalogLoader.loadBundled().active().size();
        SyntheticCatalog.write(dir, base * 9, 7);
        Catalog grown = CatalogLoader.loadBundledWith(List.of(dir));
        assertThat(grown.active()).hasSize(base * 10);
    }

    private static String generate(Catalog catalog, long bytes) throws Exception {
        StringWriter out = new StringWriter();
        new ExportGenerator(catalog, 42).write(out, bytes);
        return out.toString();
    }
}
