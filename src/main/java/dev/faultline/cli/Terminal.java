package dev.faultline.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether text output gets ANSI colours. {@code --color auto} (the default) colours only for a person at a
 * terminal: standard output is a terminal (whatever standard input is), {@code NO_COLOR} is unset or empty
 * (no-color.org), and {@code TERM} is not {@code dumb}; {@code CLICOLOR_FORCE} forces colour in a pipe
 * (for {@code less -R}) as {@code --color always} does. An explicit {@code --color} beats the environment.
 */
final class Terminal {

    enum ColorMode { auto, always, never }

    private Terminal() {
    }

    static boolean colour(ColorMode mode) {
        return colour(mode, System.getenv(), stdoutIsTerminal());
    }

    static boolean colour(ColorMode mode, Map<String, String> env, boolean stdoutIsTerminal) {
        return switch (mode) {
            case always -> true;
            case never -> false;
            case auto -> !set(env.get("NO_COLOR")) && !"dumb".equals(env.get("TERM"))
                    && (stdoutIsTerminal || set(env.get("CLICOLOR_FORCE")) && !"0".equals(env.get("CLICOLOR_FORCE")));
        };
    }

    private static boolean set(String value) {
        return value != null && !value.isEmpty();
    }

    /** Columns when nothing says otherwise (the width terminals open with). */
    static final int DEFAULT_COLUMNS = 80;

    /**
     * The terminal's width: {@code COLUMNS} when the shell exports it, else what {@code stty size} says
     * about the controlling terminal, else {@link #DEFAULT_COLUMNS}.
     */
    static int columns(Map<String, String> env) {
        Integer columns = positive(env.get("COLUMNS"));
        return columns != null ? columns : sttyColumns().orElse(DEFAULT_COLUMNS);
    }

    private static Integer positive(String value) {
        try {
            int n = value == null ? 0 : Integer.parseInt(value.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<Integer> sttyColumns() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            String[] rowsColumns = out.split("\\s+");
            return rowsColumns.length == 2 ? Optional.ofNullable(positive(rowsColumns[1])) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * True when standard output is a terminal. {@code System.console()} on Java 17 needs standard input to be
     * one as well, so {@code cat x.json | faultline triage -} would lose its colours: on Linux the descriptor's
     * target says it directly.
     */
    static boolean stdoutIsTerminal() {
        Path fd = Path.of("/proc/self/fd/1");
        if (Files.exists(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                // fall through to the portable answer
            }
        }
        return System.console() != null;
    }
}
