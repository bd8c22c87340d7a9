package dev.faultline.report;

/** Keeps log text from breaking out of the Markdown it is embedded in. */
final class Markdown {

    private Markdown() {
    }

    /** Text for a table cell: pipes escaped, newlines folded, backticks and markup neutralised. */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '|' -> sb.append("\\|");
                case '\n', '\r' -> sb.append(' ');
                case '`', '*', '_', '<', '>', '[', ']', '\\' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
    static String fence(String text) {
        return fence(text, "text");
    }

    /** {@link #fence(String)} with an info string such as {@code sh}. */
    static String fence(String text, String language) {
        String fence = "`".repeat(Math.max(3, longestRun(text) + 1));
        return fence + language + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /**
     * Text for a Mermaid label: only characters Mermaid's Gantt grammar takes literally (':' ends a
     * task name, ';' a statement, '#' starts an entity, so "#1263" becomes "1263"); the rest become spaces.
     */
    static String mermaid(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '#') {
                continue;
            }
            boolean plain = Character.isLetterOrDigit(c) || "._@()/+-".indexOf(c) >= 0;
            sb.append(plain ? c : ' ');
        }
        return sb.toString().strip().replaceAll(" {2,}", " ");
    }

    /**
     * Inline code that cannot be closed early by backticks in the value: the delimiter is a backtick
     * run longer than any run inside (CommonMark closes a code span only on a run of the same
     * length), padded with a space when the value touches a backtick. Inside a code span nothing is
     * markup, so {@code <img src=...>} in a value stays text.
     */
    static String code(String text) {
        String t = text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
        int longest = longestRun(t);
        if (longest == 0) {
            return "`" + t + "`";
        }
        String delimiter = "`".repeat(longest + 1);
        return delimiter + " " + t + " " + delimiter;
    }

    private static int longestRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
