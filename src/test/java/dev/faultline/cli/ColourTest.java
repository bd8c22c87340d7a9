package dev.faultline.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.faultline.cli.Terminal.ColorMode.always;
import static dev.faultline.cli.Terminal.ColorMode.auto;
import static dev.faultline.cli.Terminal.ColorMode.never;
import static org.assertj.core.api.Assertions.assertThat;

/** Colour rules: stdout a terminal, NO_COLOR, TERM=dumb, CLICOLOR_FORCE and --color; and the same in a real pseudo-terminal. */
class ColourTest {

    private static final String ESC = "\u001b[";

    @Test
    void decisionTable() {
        assertThat(Terminal.colour(auto, Map.of(), true)).isTrue();
        assertThat(Terminal.colour(auto, Map.of(), false)).as("pipe or file").isFalse();
        assertThat(Terminal.colour(auto, Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Terminal.colour(auto, Map.of("NO_COLOR", ""), true)).as("NO_COLOR empty means unset").isTrue();
        assertThat(Terminal.colour(auto, Map.of("TERM", "dumb"), true)).isFalse();
        assertThat(Terminal.colour(auto, Map.of("TERM", "xterm-256color"), true)).isTrue();
        assertThat(Terminal.colour(auto, Map.of("CLICOLOR_FORCE", "1"), false)).as("less -R").isTrue();
        assertThat(Terminal.colour(auto, Map.of("CLICOLOR_FORCE", "0"), false)).isFalse();
        assertThat(Terminal.colour(always, Map.of("NO_COLOR", "1", "TERM", "dumb"), false)).as("the flag beats the environment").isTrue();
        assertThat(Terminal.colour(never, Map.of("CLICOLOR_FORCE", "1"), true)).isFalse();
    }

    @Test
    void colourOnlyWhenAskedForInAPipe() {
        String sample = Cli.sample(TriageCommandTest.PORT_SAMPLE);
        assertThat(Cli.run("triage", sample).out()).doesNotContain(ESC); // tests run with stdout not a terminal
        assertThat(Cli.run("triage", sample, "--color", "always").out()).contains(ESC + "1m");
        assertThat(Cli.run("triage", sample, "--color", "never").out()).doesNotContain(ESC);
        assertThat(Cli.run("triage", sample, "--color", "sometimes").exitCode()).isEqualTo(2);
    }

    /** In a real pseudo-terminal (util-linux script): colour on a terminal even with piped stdin; none for TERM=dumb or NO_COLOR. */
    @Test
    void inARealTerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "cat " + Cli.sample(TriageCommandTest.PORT_SAMPLE) + " | " + java + " -cp " + System.getProperty("java.class.path")
                + " dev.faultline.cli.Main triage -";
        assertThat(inTerminal(cmd, Map.of("TERM", "xterm"))).as("stdout a terminal, stdin a pipe").contains(ESC + "1m");
        assertThat(inTerminal(cmd, Map.of("TERM", "dumb"))).doesNotContain(ESC).contains("NEW");
        assertThat(inTerminal(cmd, Map.of("TERM", "xterm", "NO_COLOR", "1"))).doesNotContain(ESC).contains("NEW");
        assertThat(inTerminal(cmd + " | cat", Map.of("TERM", "xterm"))).as("stdout a pipe").doesNotContain(ESC).contains("NEW");
    }

    private static String inTerminal(String command, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("/usr/bin/script", "-qec", command, "/dev/null"));
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
        Map<String, String> e = new HashMap<>(pb.environment());
        e.remove("NO_COLOR");
        e.remove("CLICOLOR_FORCE");
        e.putAll(env);
        pb.environment().clear();
        pb.environment().putAll(e);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
