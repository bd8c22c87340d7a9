package dev.faultline.cli;

import dev.faultline.incident.Grouper;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How a command renders what it found: the same three options for {@code triage} and {@code report}. */
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

    /** Colour for a text report: never into a file unless asked for with --color always. */
    boolean colour() {
        return color == Terminal.ColorMode.always || output == null && Terminal.colour(color);
    }
}
