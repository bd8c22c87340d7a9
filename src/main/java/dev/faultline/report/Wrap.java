package dev.faultline.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Wraps terminal text to a width, for the text report on a terminal. Lines break only at spaces, so
 * no word, URL, id or evidence token is ever split: a token longer than the room left goes whole onto
 * a line of its own (and that one line is wider). Continuation lines are indented under the line they
 * continue, four spaces deeper; an evidence line ({@code | ...}) continues behind its bar. ANSI colour
 * codes take no room.
 */
public final class Wrap {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final int INDENT = 4;

    private Wrap() {
    }

    /** Every line of {@code text} wrapped to {@code width} columns; {@code width <= 0} leaves it as it is. */
    public static String text(String text, int width) {
        if (width <= 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + text.length() / 16);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            boolean cr = lines[i].endsWith("\r");
            String line = cr ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            out.append(String.join(cr ? "\r\n" : "\n", line(line, width)));
            if (i + 1 < lines.length) {
                out.append(cr ? "\r\n" : "\n");
            }
        }
        return out.toString();
    }

    /** One line as the lines it wraps into. */
    static List<String> line(String line, int width) {
        if (visible(line) <= width) {
            return List.of(line);
        }
        int lead = 0;
        while (lead < line.length() && line.charAt(lead) == ' ') {
            lead++;
        }
        String plain = ANSI.matcher(line).replaceAll("");
        int plainLead = 0;
        while (plainLead < plain.length() && plain.charAt(plainLead) == ' ') {
            plainLead++;
        }
        String continuation = " ".repeat(plainLead) + (plain.startsWith("| ", plainLead) ? "|   " : " ".repeat(INDENT));
        if (continuation.length() > width / 2) {
            continuation = " ".repeat(Math.min(plainLead, width / 2));
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder(line.substring(0, lead));
        int used = lead;
        int i = lead;
        boolean first = true;
        while (i < line.length()) {
            // a run of spaces, then a token (which may carry colour codes)
            int s = i;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            String spaces = line.substring(s, i);
            int t = i;
            while (i < line.length() && line.charAt(i) != ' ') {
                i++;
            }
            String token = line.substring(t, i);
            if (token.isEmpty()) {
                break; // trailing spaces
            }
            int tokenWidth = visible(token);
            boolean empty = used == (first ? lead : continuation.length());
            if (!empty && used + spaces.length() + tokenWidth > width) {
                out.add(current.toString());
                current = new StringBuilder(continuation);
                used = continuation.length();
                first = false;
                spaces = "";
            }
            current.append(spaces).append(token);
            used += spaces.length() + tokenWidth;
        }
        out.add(current.toString());
        return out;
    }

    /** Columns a string takes on a terminal: its length without colour codes. */
    static int visible(String s) {
        return s.indexOf('\u001b') < 0 ? s.length() : ANSI.matcher(s).replaceAll("").length();
    }
}
