package dev.faultline.assemble;

import java.util.Locale;
import java.util.Set;

/**
 * Removes what a terminal or a logging library adds for people and a matcher must not see:
 * ANSI escape sequences (colours, cursor moves) and loguru's colour markup ({@code <red>},
 * {@code </red>}, {@code <light-blue>}, {@code <fg #ff8800>}, {@code </>}), which reaches the
 * logs when a format string is not colourised. Only markup names loguru knows are removed, so
 * an HTML or XML fragment in a log line keeps its tags. One pass, linear in the text.
 */
final class Cleaner {

    private static final Set<String> MARKUP = Set.of(
            "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
            "k", "r", "g", "y", "e", "m", "c", "w",
            "bold", "b", "dim", "d", "normal", "n", "italic", "i", "underline", "u", "strike", "s",
            "reverse", "v", "blink", "l", "hide", "h", "level", "lvl");
    /** Longest markup tag looked at, brackets excluded ({@code fg 255,255,255} is 14). */
    private static final int MAX_TAG = 24;

    private Cleaner() {
    }

    /** The text without escape sequences and markup; the same instance when there is nothing to remove. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        if (text.indexOf('\u001b') < 0 && text.indexOf('<') < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int end = c == '\u001b' ? escapeEnd(text, i) : c == '<' ? markupEnd(text, i) : -1;
            if (end > i) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, i);
                copied = end;
                i = end - 1;
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    /** End (exclusive) of the escape sequence starting at {@code i}: CSI "ESC [ ... final", or ESC plus one char. */
    private static int escapeEnd(String s, int i) {
        int n = s.length();
        if (i + 1 >= n) {
            return n;
        }
        if (s.charAt(i + 1) != '[') {
            return i + 2;
        }
        int j = i + 2;
        while (j < n && !(s.charAt(j) >= '@' && s.charAt(j) <= '~')) {
            j++;
        }
        return Math.min(n, j + 1);
    }

    /** End (exclusive) of a loguru markup tag starting at {@code i}, or -1 when this '<' starts none. */
    private static int markupEnd(String s, int i) {
        int n = s.length();
        int j = i + 1;
        boolean closing = j < n && s.charAt(j) == '/';
        if (closing) {
            j++;
        }
        int start = j;
        while (j < n && j - start <= MAX_TAG && s.charAt(j) != '>' && s.charAt(j) != '<' && s.charAt(j) != '\n') {
            j++;
        }
        if (j >= n || s.charAt(j) != '>' || j - start > MAX_TAG) {
            return -1;
        }
        String name = s.substring(start, j).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return closing ? j + 1 : -1; // loguru closes the innermost tag with "</>"
        }
        if (name.startsWith("fg ") || name.startsWith("bg ")) {
            return closing ? -1 : j + 1;
        }
        String base = name.startsWith("light-") ? name.substring("light-".length()) : name;
        if (name.length() == 2 && name.charAt(0) == 'l') {
            base = name.substring(1); // "lr": light red
        }
        return MARKUP.contains(base) ? j + 1 : -1;
    }
}
