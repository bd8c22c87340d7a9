package dev.faultline.source;

import com.google.re2j.Pattern;

/**
 * A catalog regex rewritten to sit inside an SQL string literal of either dialect, meaning the same
 * to RE2 as the original means to RE2J: every quote and control character becomes a {@code \x}
 * escape (so BigQuery's raw string {@code r'...'} and DuckDB's {@code '...'} hold it as it is), and
 * capturing groups become non-capturing, except the one named group whose value is wanted:
 * BigQuery's REGEXP_EXTRACT allows at most one group, and group names are left out altogether
 * (RE2 took {@code (?<name>...)} years after {@code (?P<name>...)}; an engine's RE2 may be older).
 * Grouping, flags, classes and escapes are otherwise copied, so the match itself is unchanged.
 *
 * @param text the rewritten regex; it holds no quote, no control character, and never ends in a lone backslash
 */
public record SqlRegex(String text) {

    /** The regex with no capturing group: for a yes/no match. */
    public static SqlRegex of(String regex) {
        return rewrite(regex, null);
    }

    /** The regex whose only capturing group is the one named {@code group} (which must exist). */
    public static SqlRegex capturing(String regex, String group) {
        SqlRegex re = rewrite(regex, group);
        if (Pattern.compile(re.text).groupCount() != 1) {
            throw new IllegalArgumentException("no group named " + group + " in " + regex);
        }
        return re;
    }

    /** A regex that matches {@code literal} as written (metacharacters escaped). */
    public static SqlRegex literal(String literal) {
        StringBuilder out = new StringBuilder();
        literal.codePoints().forEach(cp -> appendLiteral(out, cp));
        return new SqlRegex(out.toString());
    }

    private static SqlRegex rewrite(String re, String keep) {
        StringBuilder out = new StringBuilder(re.length() + 16);
        int i = 0;
        int n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("regex ends in a lone backslash: " + re);
                }
                char e = re.charAt(i + 1);
                if (e == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    String quoted = re.substring(i + 2, end < 0 ? n : end);
                    quoted.codePoints().forEach(cp -> appendLiteral(out, cp));
                    i = end < 0 ? n : end + 2;
                } else if (e == '\'' || e < 0x20 || e == 0x7f) {
                    appendChar(out, e);
                    i += 2;
                } else {
                    out.append(c).append(e);
                    i += 2;
                }
            } else if (c == '[') {
                i = copyClass(re, i, out);
            } else if (c == '(') {
                i = group(re, i, keep, out);
            } else {
                int cp = re.codePointAt(i);
                appendChar(out, cp);
                i += Character.charCount(cp);
            }
        }
        String text = out.toString();
        Pattern.compile(text); // a rewrite that RE2J rejects is a bug here, not in the catalog
        return new SqlRegex(text);
    }

    /** Rewrites the opening of a group at {@code i}; returns where the rest starts. */
    private static int group(String re, int i, String keep, StringBuilder out) {
        if (i + 1 < re.length() && re.charAt(i + 1) == '?') {
            int nameStart;
            if (re.startsWith("?P<", i + 1)) {
                nameStart = i + 4;
            } else if (re.startsWith("?<", i + 1) && i + 3 < re.length() && re.charAt(i + 3) != '=' && re.charAt(i + 3) != '!') {
                nameStart = i + 3;
            } else {
                out.append('('); // (?: (?i) (?i:...) and the like
                return i + 1;
            }
            int close = re.indexOf('>', nameStart);
            String name = re.substring(nameStart, close);
            out.append(name.equals(keep) ? "(" : "(?:");
            return close + 1;
        }
        out.append("(?:"); // an unnamed capturing group: never extracted
        return i + 1;
    }

    /** Copies the character class starting at {@code i} ('[' ... ']'), escaping quotes and controls in it. */
    private static int copyClass(String re, int i, StringBuilder out) {
        out.append('[');
        i++;
        if (i < re.length() && re.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
            out.append(']');
            i++;
        }
        while (i < re.length()) {
            char c = re.charAt(i);
            if (c == ']') {
                out.append(']');
                return i + 1;
            }
            if (c == '\\' && i + 1 < re.length()) {
                char e = re.charAt(i + 1);
                if (e == '\'' || e < 0x20 || e == 0x7f) {
                    appendChar(out, e);
                } else {
                    out.append(c).append(e);
                }
                i += 2;
            } else if (c == '[' && re.startsWith("[:", i)) {
                int close = re.indexOf(":]", i + 2);
                int end = close < 0 ? i + 1 : close + 2;
                out.append(re, i, end);
                i = end;
            } else {
                int cp = re.codePointAt(i);
                appendChar(out, cp);
                i += Character.charCount(cp);
            }
        }
        throw new IllegalArgumentException("unclosed character class: " + re);
    }

    /** A code point as itself, or as an escape when it could end or break an SQL literal. */
    private static void appendChar(StringBuilder out, int cp) {
        if (cp == '\'' || cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x{%x}", cp));
        } else {
            out.appendCodePoint(cp);
        }
    }

    private static void appendLiteral(StringBuilder out, int cp) {
        if (cp < 0x80 && "\\.+*?()|[]{}^$".indexOf(cp) >= 0) {
            out.append('\\').append((char) cp);
        } else {
            appendChar(out, cp);
        }
    }
}
