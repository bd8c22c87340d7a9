package dev.faultline.match;

import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.CatalogLoader;
import dev.faultline.catalog.Literals;
import dev.faultline.catalog.Signature;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleRunnerTest {

    @Test
    void bundledCatalogPassesItsOwnExamples() throws CatalogException {
        List<ExampleRunner.Failure> failures = ExampleRunner.run(CatalogLoader.loadBundled().active());
        assertThat(failures).as(() -> String.join("\n", failures.stream().map(ExampleRunner.Failure::describe).toList()))
                .isEmpty();
    }

    @Test
    void reportsWhatFiredInstead() {
        Signature exit = signature("demo.exit", "Container called exit\\((?P<code>\\d+)\\)",
                List.of("Container called exit(3).", "Container called exit(none)."), List.of("Container called exit(0)."));
        Signature nonZero = signature("demo.nonzero", "called exit\\([1-9]\\)",
                List.of("Container called exit(1)."), List.of("Container called exit(0)."));

        List<ExampleRunner.Failure> failures = ExampleRunner.run(List.of(exit, nonZero));

        assertThat(failures).containsExactly(
                new ExampleRunner.Failure("demo.exit", "Container called exit(3).", ExampleRunner.Problem.ALSO_FIRED,
                        List.of("demo.exit", "demo.nonzero")),
                new ExampleRunner.Failure("demo.exit", "Container called exit(none).", ExampleRunner.Problem.MISSED, List.of()),
                new ExampleRunner.Failure("demo.exit", "Container called exit(0).", ExampleRunner.Problem.FALSE_POSITIVE,
                        List.of("demo.exit")),
                new ExampleRunner.Failure("demo.nonzero", "Container called exit(1).", ExampleRunner.Problem.ALSO_FIRED,
                        List.of("demo.exit", "demo.nonzero")));
        assertThat(failures.get(1).describe())
                .isEqualTo("demo.exit: match example not matched: \"Container called exit(none).\" (fired: none)");
        assertThat(failures.get(0).describe()).isEqualTo(
                "demo.exit: match example also fired other signatures: \"Container called exit(3).\" (fired: demo.exit, demo.nonzero)");
    }

    @Test
    void aDeclaredOverlapAllowsTheOtherSignatureToFireToo() {
        Signature exit = signature("demo.exit", "Container called exit\\((?P<code>\\d+)\\)",
                List.of("Container called exit(3)."), List.of("Container called exit(none)."));
        Signature nonZero = signature("demo.nonzero", "called exit\\([1-9]\\)",
                List.of("Container called exit(1)."), List.of("Container called exit(0)."));
        Signature declared = new Signature(nonZero.id(), 1, nonZero.id(), nonZero.layer(), nonZero.severity(), nonZero.role(),
                nonZero.status(), List.of(), nonZero.patterns(), List.of(), List.of("demo.exit"), nonZero.examplesMatch(),
                nonZero.examplesNoMatch(), List.of(), "r", List.of(), "test");

        // one side declaring it covers both directions
        assertThat(declared.overlapsWith(exit)).isTrue();
        assertThat(exit.overlapsWith(declared)).isTrue();
        assertThat(exit.overlapsWith(nonZero)).isFalse();
        assertThat(ExampleRunner.run(List.of(exit, nonZero))).extracting(ExampleRunner.Failure::problem)
                .containsExactly(ExampleRunner.Problem.ALSO_FIRED, ExampleRunner.Problem.ALSO_FIRED);
        assertThat(ExampleRunner.run(List.of(exit, declared))).isEmpty();
    }

    @Test
    void examplesRunOnTheSignaturesOwnLog() {
        Signature requests = new Signature("demo.request", 1, "t", Signature.Layer.PLATFORM, Signature.Level.ERROR,
                Signature.Role.SYMPTOM, Signature.Status.STABLE, List.of("run.googleapis.com/requests"),
                List.of(pattern("The request failed because")), List.of(), List.of(), List.of("The request failed because of x"),
                List.of("The request succeeded"), List.of(), "r", List.of(), "test");
        assertThat(ExampleRunner.run(List.of(requests))).isEmpty();
    }

    private static Signature signature(String id, String regex, List<String> match, List<String> noMatch) {
        return new Signature(id, 1, id, Signature.Layer.PLATFORM, Signature.Level.ERROR, Signature.Role.SYMPTOM,
                Signature.Status.STABLE, List.of(), List.of(pattern(regex)), List.of(), List.of(), match, noMatch, List.of(), "r", List.of(), "test");
    }

    private static Signature.MatchPattern pattern(String regex) {
        Literals.Result literals = Literals.of(regex);
        return new Signature.MatchPattern(regex, com.google.re2j.Pattern.compile(regex), literals.literals(),
                literals.caseInsensitive());
    }
}
