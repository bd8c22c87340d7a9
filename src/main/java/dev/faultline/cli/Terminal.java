package dev.faultline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
