package dev.faultline.cli;

import dev.faultline.incident.Grouper;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** How a command renders what it found: the same options for {@code triage} and {@code report}. */
final class OutputOptions {

    enum Format { text, json, markdown, html }

    @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text, json, markdown or html (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour text output: auto (a terminal, unless NO_COLOR is set or TERM=dumb), always (e.g. for "
                    + "less -R), never (default: ${DEFAULT-VALUE}).")
    Terminal.ColorMode color;

    @Option(names = "--evidence", paramLabel = "N", defaultValue = "" + Grouper.DEFAULT_EVIDENCE,
            description = "Evidence events kept per signature and revision (default: ${DEFAULT-VALUE}).")
    int evidence;

    /**
     * Refuses, before any work, an output that cannot be written or an evidence count that makes no sense:
     * a long live read must not end in "cannot write".
     */
    void check(CommandLine cl) {
        if (evidence < 0 || evidence > MAX_EVIDENCE) {
            throw new CommandLine.ParameterException(cl, "--evidence must be between 0 and " + MAX_EVIDENCE + ", not " + evidence);
        }
        checkWritable(cl, "-o", output);
    }

    static final int MAX_EVIDENCE = 1000;

    /** One usage line when FILE's directory is missing or FILE is a directory or not writable. */
    static void checkWritable(CommandLine cl, String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        String problem = Files.isDirectory(file) ? "it is a directory"
                : dir != null && !Files.isDirectory(dir) ? "no directory " + dir
                : Files.exists(file) && !Files.isWritable(file) || dir != null && !Files.isWritable(dir) ? "permission denied" : null;
        if (problem != null) {
            throw new CommandLine.ParameterException(cl, "cannot write " + option + " " + file + ": " + problem);
        }
    }

    /** Colour for a text report: never into a file unless asked for with --color always. */
    boolean colour() {
        return color == Terminal.ColorMode.always || output == null && Terminal.colour(color);
    }
}
