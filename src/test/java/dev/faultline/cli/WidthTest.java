package dev.faultline.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** --width and the terminal's width for the text report. */
class WidthTest {

    @Test
    void narrowWidthWrapsAtSpacesAndKeepsTheVerdictOnTheFirstScreen() {
        Cli.Run wide = Cli.run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample(TriageCommandTest.DB_SAMPLE));
        Cli.Run narrow = Cli.run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample(TriageCommandTest.DB_SAMPLE), "--width", "50");
        assertThat(narrow.exitCode()).isEqualTo(4).isEqualTo(wide.exitCode());
        List<String> lines = narrow.out().lines().toList();
        for (String line : lines) {
            // over the width only where one token (an id, a path) is longer than the line
            assertThat(line.length() <= 50 || line.strip().split(" +").length <= 2).as(line).isTrue();
        }
        // the same words in the same order: nothing split, nothing lost (evidence continuation bars aside)
        assertThat(words(narrow.out())).isEqualTo(words(wide.out()));
        assertThat((long) lines.size()).isGreaterThan(wide.out().lines().count());
        // a failing revision's verdict is on the first screen of a 24-line terminal
        assertThat(lines.subList(0, 24)).anyMatch(l -> l.startsWith("RECURRENCE of #1263"));
    }

    @Test
    void notATerminalMeansNoWrappingUnlessAsked() {
        // the test's stdout is not a terminal: lines stay whole however long
        Cli.Run piped = Cli.run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample(TriageCommandTest.DB_SAMPLE));
        assertThat(piped.out().lines()).anyMatch(l -> l.length() > 120);
        Cli.Run zero = Cli.run("triage", "--catalog", Cli.SEED_CATALOG, Cli.sample(TriageCommandTest.DB_SAMPLE), "--width", "0");
        assertThat(zero.out()).isEqualTo(piped.out());
    }

    @Test
    void tooNarrowIsAUsageError() {
        Cli.Run r = Cli.run("triage", Cli.sample(TriageCommandTest.PORT_SAMPLE), "--width", "5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--width must be 0 (no wrapping) or at least 20, not 5");
    }

    @Test
    void columnsFromTheEnvironmentWhenSet() {
        assertThat(Terminal.columns(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(Terminal.columns(Map.of("COLUMNS", " 61 "))).isEqualTo(61);
    }

    private static List<String> words(String text) {
        return List.of(text.replaceAll("(?m)^ *\\|(?= )", "").strip().split("\\s+")).stream()
                .filter(w -> !w.equals("|")).toList();
    }
}
