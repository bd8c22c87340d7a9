package dev.faultline.catalog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageTest {

    @Test
    void countsEachSignatureOncePerRuntimeAndOncePerFamilyTotal() {
        Catalog catalog = new Catalog("t", List.of(
                signature("db.refused", "db", List.of(), Signature.Status.STABLE),
                signature("db.pool", "db", List.of("python", "go"), Signature.Status.STABLE),
                signature("db.retired", "db", List.of("ruby"), Signature.Status.DEPRECATED),
                signature("jvm.oom", "jvm", List.of("java"), Signature.Status.STABLE)), List.of());

        Coverage coverage = Coverage.of(catalog);

        assertThat(coverage.columns()).containsExactly("any", "python", "node", "java", "go", "ruby", "php", "dotnet");
        assertThat(coverage.rows()).containsExactly(
                new Coverage.Row("db", List.of(1, 1, 0, 0, 1, 0, 0, 0), 2),
                new Coverage.Row("jvm", List.of(0, 0, 0, 1, 0, 0, 0, 0), 1));
        assertThat(coverage.totals()).containsExactly(1, 1, 0, 1, 1, 0, 0, 0);
        assertThat(coverage.active()).isEqualTo(3);
        assertThat(coverage.text().lines().toList()).containsExactly(
                "catalog t: 3 active signatures by family and runtime (\"any\": not tied to one runtime)",
                "FAMILY    any python   node   java     go   ruby    php dotnet  TOTAL",
                "db          1      1      .      .      1      .      .      .      2",
                "jvm         .      .      .      1      .      .      .      .      1",
                "all         1      1      .      1      1      .      .      .      3");
        assertThat(coverage.markdown()).contains("| db | 1 | 1 |  |  | 1 |  |  |  | 2 |\n", "| **all** | 1 | 1 |  | 1 | 1 |  |  |  | **3** |\n");
    }

    @Test
    void committedCoveragePageIsCurrent() throws CatalogException, IOException {
        Path page = Path.of(System.getProperty(CatalogLoader.HOME_PROPERTY, "."), "signatures", "COVERAGE.md");
        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .as("%s is stale: run faultline catalog list --coverage --format markdown > signatures/COVERAGE.md", page)
                .isEqualTo(Coverage.of(CatalogLoader.loadBundled()).markdown());
    }

    @Test
    void everyRuntimeHasStartUpAndMemoryCoverageInTheBundledCatalog() throws CatalogException {
        Coverage coverage = Coverage.of(CatalogLoader.loadBundled());
        for (String runtime : Signature.RUNTIMES) {
            int column = coverage.columns().indexOf(runtime);
            assertThat(coverage.totals().get(column)).as(runtime).isGreaterThanOrEqualTo(5);
        }
    }

    private static Signature signature(String id, String family, List<String> runtimes, Signature.Status status) {
        String regex = "marker of " + id;
        Signature.MatchPattern pattern = new Signature.MatchPattern(regex, com.google.re2j.Pattern.compile(regex),
                Literals.of(regex).literals(), false);
        return new Signature(id, 1, id, Signature.Layer.APP, Signature.Level.ERROR, Signature.Role.CAUSE, status,
                List.of(), List.of(pattern), List.of(), List.of(), List.of(), List.of(), List.of(), "", List.of(), "test",
                runtimes, family);
    }
}
