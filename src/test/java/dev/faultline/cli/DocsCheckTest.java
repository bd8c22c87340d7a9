package dev.faultline.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 12: every {@code faultline ...} command shown in a code block of the README or a
 * page under {@code docs/} parses with the real command line: the subcommand exists, every option
 * is one it has, takes the values shown and combines with the others. A renamed or removed option
 * fails here, with the page and line, instead of in a reader's terminal.
 */
class DocsCheckTest {

    /** {@code faultline} (or {@code ./faultline}, {@code java -jar target/faultline.jar}) at a command's start. */
    private static final Pattern COMMAND = Pattern.compile("(?:^|[|;&]\\s*|\\$\\s+|`)(?:\\./)?(?:faultline|java -jar \\S*faultline\\.jar)\\s+(.*)$");

    record Shown(Path page, int line, String command, List<String> args) {
        @Override
        public String toString() {
            return page + ":" + line + ": " + command;
        }
    }

    @Test
    void everyCommandInTheDocsParses() throws IOException {
        List<Shown> shown = commands();
        List<String> broken = new ArrayList<>();
        for (Shown s : shown) {
            CommandLine cl = Main.commandLine();
            try {
                cl.parseArgs(s.args().toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                broken.add(s + "\n    " + e.getMessage());
            }
        }
        assertThat(broken).as("commands in the docs that faultline refuses").isEmpty();
    }

    /** The check sees the commands that matter, so it can fail: the README's main command is among them. */
    @Test
    void theCheckFindsTheReadmeCommands() throws IOException {
        List<Shown> shown = commands();
        assertThat(shown).extracting(s -> String.join(" ", s.args()))
                .contains("triage --catalog samples/catalog samples/*.json");
        assertThat(shown.stream().map(s -> s.args().get(0)).distinct())
                .contains("triage", "report", "pull", "history", "issues", "catalog");
        // and a wrong option is caught by the same parse
        CommandLine cl = Main.commandLine();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cl.parseArgs("triage", "--servce", "x", "logs.json"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    /**
     * Every {@code --option} quoted in the docs (in backticks, in prose or tables) is an option of some
     * faultline command, unless it belongs to a tool the docs show beside faultline (gcloud, bench
     * scripts, chromium): the list below is those, and nothing else.
     */
    @Test
    void everyOptionNamedInTheDocsExists() throws IOException {
        java.util.Set<String> known = new java.util.TreeSet<>();
        collectOptions(Main.commandLine(), known);
        java.util.Set<String> others = java.util.Set.of(
                "--args", "--max-retries", "--parallelism", "--if-generation-match", // gcloud run jobs / gcloud storage
                "--headless", // chromium
                "--keep"); // bench/run
        List<String> unknown = new ArrayList<>();
        Pattern quoted = Pattern.compile("`([^`]*)`");
        Pattern option = Pattern.compile("(?:^|[\\s(\\[|])(--[a-z][a-z0-9-]+)");
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher q = quoted.matcher(lines.get(i));
                while (q.find()) {
                    Matcher o = option.matcher(q.group(1));
                    while (o.find()) {
                        if (!known.contains(o.group(1)) && !others.contains(o.group(1))) {
                            unknown.add(page + ":" + (i + 1) + ": " + o.group(1));
                        }
                    }
                }
            }
        }
        assertThat(unknown).as("options named in the docs that no faultline command has").isEmpty();
        assertThat(known).contains("--since", "--state", "--catalog", "--width"); // the walk sees subcommands
    }

    private static void collectOptions(CommandLine cl, java.util.Set<String> into) {
        cl.getCommandSpec().options().forEach(o -> into.addAll(List.of(o.names())));
        cl.getSubcommands().values().forEach(sub -> collectOptions(sub, into));
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(Path.of("README.md"));
        pages.add(Path.of("samples/README.md"));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.removeIf(p -> !Files.exists(p));
        return pages;
    }

    static List<Shown> commands() throws IOException {
        List<Shown> out = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            boolean inCode = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (!inCode) {
                    continue;
                }
                int first = i;
                StringBuilder command = new StringBuilder(line);
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) { // shell continuation lines
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++i).strip());
                }
                Matcher m = COMMAND.matcher(command.toString().strip());
                if (m.find()) {
                    List<String> args = words(m.group(1));
                    if (!args.isEmpty() && !args.get(0).startsWith("<")) {
                        out.add(new Shown(page, first + 1, command.toString().strip(), args));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The words of a shell command up to its end: quotes kept together, a {@code #} comment, a pipe,
     * a redirection or {@code &&} ends it.
     */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (c == '|' || c == '>' || c == '<' || c == '&' || c == ';' || c == '`' || (word == null && c == '#')) {
                break;
            }
            if (word == null && c == '2' && i + 1 < command.length() && command.charAt(i + 1) == '>') {
                break;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        if (word != null && !word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
