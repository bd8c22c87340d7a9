package dev.faultline;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Signature;
import dev.faultline.match.ExampleRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every example of the bundled catalog through entry -> stitch -> match -> group, as a stderr (or its own log) LogEntry. */
class ExampleTriageTest {

    @Test
    void everyBundledExampleFiresItsSignatureThroughTheWholePipelineAndNegativesDoNot() throws CatalogException {
        Catalog catalog = CatalogLoader.loadBundled();
        assertThat(catalog.active()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(catalog.active().stream().mapToInt(s -> s.examplesMatch().size() + s.examplesNoMatch().size()).sum())
                .isGreaterThanOrEqualTo(160);
        List<ExampleRunner.Failure> failures = ExampleTriage.run(catalog);
        assertThat(failures).as(() -> String.join("\n", failures.stream().map(ExampleRunner.Failure::describe).toList())).isEmpty();
    }

    @Test
    void aSignatureThatMissesOrOverreachesIsReported() throws CatalogException {
        Catalog bundled = CatalogLoader.loadBundled();
        Signature exit = bundled.signature("cloudrun.container-exit").orElseThrow();
        // the same regex, with a match example it cannot match and a no_match example it does match
        Signature broken = new Signature(exit.id(), exit.version(), exit.title(), exit.layer(), exit.severity(), exit.role(),
                exit.status(), exit.logNames(), exit.patterns(), exit.extract(), exit.overlaps(),
                List.of("Container called exit(3).", "Container exited."), List.of("Container called exit(2)."),
                exit.references(), exit.remediation(), exit.relatedConfig(), exit.file());
        Catalog catalog = new Catalog("test", List.of(broken), List.of());

        assertThat(ExampleTriage.run(catalog)).containsExactly(
                new ExampleRunner.Failure(exit.id(), "Container exited.", ExampleRunner.Problem.MISSED, List.of()),
                new ExampleRunner.Failure(exit.id(), "Container called exit(2).", ExampleRunner.Problem.FALSE_POSITIVE,
                        List.of(exit.id())));
    }

    /** Noise examples go in at severity ERROR: a match example must come out as noise, a no_match one must not. */
    @Test
    void noiseExamplesAreCheckedThroughTheMiner() throws CatalogException {
        Signature ebadf = CatalogLoader.loadBundled().signature("noise.gunicorn-close-socket-ebadf").orElseThrow();
        Signature broken = new Signature(ebadf.id(), ebadf.version(), ebadf.title(), ebadf.layer(), ebadf.severity(), ebadf.role(),
                ebadf.status(), ebadf.logNames(), ebadf.patterns(), ebadf.extract(), ebadf.overlaps(),
                List.of("Error while closing socket [Errno 9] Bad file descriptor", "Error while closing socket [Errno 104] reset"),
                List.of("[7] [ERROR] Error while closing socket [Errno 9] Bad file descriptor", "OSError: [Errno 9] Bad file descriptor"),
                ebadf.references(), ebadf.remediation(), ebadf.relatedConfig(), ebadf.file());
        Catalog catalog = new Catalog("test", List.of(broken), List.of());

        assertThat(ExampleTriage.run(catalog)).containsExactly(
                new ExampleRunner.Failure(ebadf.id(), "Error while closing socket [Errno 104] reset", ExampleRunner.Problem.MISSED, List.of()),
                new ExampleRunner.Failure(ebadf.id(), "[7] [ERROR] Error while closing socket [Errno 9] Bad file descriptor",
                        ExampleRunner.Problem.FALSE_POSITIVE, List.of(ebadf.id())));
    }
}
