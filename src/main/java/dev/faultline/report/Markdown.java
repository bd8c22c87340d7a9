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
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /** Inline code that cannot be closed early by backticks in the value. */
    static String code(String text) {
        String t = text == null ? "" : text.replace('\n', ' ');
        if (!t.contains("`")) {
            return "`" + t + "`";
        }
        return "`` " + t + " ``";
    }
}
