package dev.faultline.cli;

/** Colour only for a person at a terminal: never when piped, never when NO_COLOR is set (no-color.org). */
final class Terminal {

    private Terminal() {
    }

    static boolean colour() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty());
    }
}
