package dev.faultline.report;

/**
 * Text from the logs made safe for a terminal: every control character is shown, never obeyed.
 * A log line can hold ESC sequences (colours, cursor moves, OSC 52 that writes the clipboard,
 * OSC 8 links), BEL, backspaces and carriage returns that overwrite what was printed, DEL, C1
 * controls (U+0080..U+009F, which some terminals take as CSI) and bidirectional overrides that
 * reorder what a reader sees. Printed as-is they drive the terminal of whoever reads the report.
 * <p>
 * C0 controls are shown in caret notation ({@code ^[} for ESC, {@code ^G} BEL, {@code ^M} CR),
 * DEL as {@code ^?}, C1 controls as {@code \x9b}, bidirectional controls as {@code \u202e}. Tab
 * stays. Every terminal view (the triage text, the digest text, follow lines, problem lines on
 * stderr) uses this one function.
 */
public final class Visible {

    private Visible() {
    }

    /** {@code text} with every control character written out visibly; newlines too (one value, one line). */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text; // the common case: nothing to change, no copy
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                sb.append(c);
            } else if (c < 0x20) {
                sb.append('^').append((char) (c + 0x40));
            } else if (c == 0x7F) {
                sb.append("^?");
            } else if (c <= 0x9F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** True for what {@link #of} rewrites: C0 but tab, DEL, C1, and the bidirectional embedding, override and isolate controls. */
    static boolean isControl(char c) {
        if (c < 0x20) {
            return c != '\t';
        }
        if (c < 0x7F) {
            return false;
        }
        return c <= 0x9F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                || c == 0x061C;
    }
}
