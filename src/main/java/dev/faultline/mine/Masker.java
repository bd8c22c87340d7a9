package dev.faultline.mine;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a log line into tokens and masks the parts that vary between occurrences of the same
 * message: numbers, hex and base64-like ids, UUIDs, IP addresses and ports, paths and URLs,
 * single-word quoted values and durations. Judged by character classes alone, never by a list
 * of known words or a system's format, so the same rules hold for logs faultline has never seen.
 *
 * <p>Tokens are split on whitespace. Inside a token the punctuation stays and only the variable
 * part is replaced ({@code uid=0} becomes {@code uid=<NUM>}, {@code (10.0.0.7:5432)} becomes
 * {@code (<IP>:<NUM>)}), so a template still reads like the line and a drafted regex can keep the
 * fixed characters around each value.
 */
public final class Masker {

    public static final String NUM = "<NUM>";
    public static final String HEX = "<HEX>";
    public static final String ID = "<ID>";
    public static final String UUID = "<UUID>";
    public static final String IP = "<IP>";
    public static final String PATH = "<PATH>";
    public static final String URL = "<URL>";
    public static final String DURATION = "<DUR>";
    public static final String QUOTED = "<QUOTED>";
    /** A unit of size or time written apart from its number ("16.0 KB", "250 ms"): it changes with the magnitude. */
    public static final String UNIT = "<UNIT>";
    /** A month or weekday name next to a number: part of a timestamp ("Sun Jul 10 03:55:21 2005"). */
    public static final String DATE = "<DATE>";
    /** A position whose values differed between the lines of a template (or a token with digits of no known kind). */
    public static final String ANY = "<*>";

    /** Every placeholder a masked token may contain, for whoever turns a template back into a regex. */
    public static final List<String> PLACEHOLDERS = List.of(NUM, HEX, ID, UUID, IP, PATH, URL, DURATION, QUOTED, DATE, UNIT, ANY);

    /** Tokens beyond this are dropped: a template is about the start of a message, and memory stays bounded. */
    static final int MAX_TOKENS = 64;
    /** Longer tokens are cut: a 100 kB base64 blob is one value, not a reason to keep 100 kB. */
    static final int MAX_TOKEN_CHARS = 256;

    private Masker() {
    }

    /** Whether a token is, or contains, a placeholder: a variable part of a template. */
    public static boolean isVariable(String token) {
        for (int at = token.indexOf('<'); at >= 0; at = token.indexOf('<', at + 1)) {
            for (String p : PLACEHOLDERS) {
                if (token.startsWith(p, at)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The masked tokens of {@code line} (at most {@link #MAX_TOKENS}). */
    public static String[] tokens(String line) {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (i < n && out.size() < MAX_TOKENS) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            String token = line.substring(start, Math.min(i, start + MAX_TOKEN_CHARS));
            out.add(mask(token));
        }
        String[] tokens = out.toArray(new String[0]);
        maskCalendarNames(tokens);
        maskUnits(tokens);
        return collapseRepeats(tokens);
    }

    private static final java.util.Set<String> CALENDAR = java.util.Set.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july", "august", "september",
            "october", "november", "december", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    /**
     * Month and weekday names are the one kind of variable made of letters that every format shares:
     * a timestamp written out ("Sun Jul 10 03:55:21 2005", "10-Jul-2005"). A name next to a number is masked.
     */
    private static void maskCalendarNames(String[] tokens) {
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.length() < 3 || t.length() > 10 || hasDigit(t) || isVariable(t)) {
                continue;
            }
            String word = stripPunctuation(t).toLowerCase(java.util.Locale.ROOT);
            if (!CALENDAR.contains(word)) {
                continue;
            }
            boolean nearNumber = (i > 0 && numeric(tokens[i - 1])) || (i + 1 < tokens.length && numeric(tokens[i + 1]))
                    || (i + 1 < tokens.length && i > 0 && CALENDAR.contains(stripPunctuation(tokens[i + 1]).toLowerCase(java.util.Locale.ROOT))
                        && i + 2 < tokens.length && numeric(tokens[i + 2]));
            if (nearNumber) {
                tokens[i] = t.replace(stripPunctuation(t), DATE);
            }
        }
    }

    /**
     * A list written out is one value however long it is: a run of the same one to three tokens,
     * repeated, that holds a variable ("node-1 ok node-2 ok node-3 ok") is kept once, so that lists
     * of different lengths give the same template.
     */
    static String[] collapseRepeats(String[] tokens) {
        List<String> out = new ArrayList<>(List.of(tokens));
        boolean changed = false;
        for (int period = 1; period <= 3; period++) {
            int i = 0;
            while (i + 2 * period <= out.size()) {
                if (repeats(out, i, period)) {
                    out.subList(i + period, i + 2 * period).clear();
                    changed = true;
                } else {
                    i++;
                }
            }
        }
        return changed ? out.toArray(new String[0]) : tokens;
    }

    private static boolean repeats(List<String> tokens, int at, int period) {
        boolean variable = false;
        for (int j = 0; j < period; j++) {
            String t = tokens.get(at + j);
            if (!t.equals(tokens.get(at + period + j))) {
                return false;
            }
            variable |= isVariable(t);
        }
        return variable;
    }

    /** A size or time unit right after a number is part of the value. */
    private static void maskUnits(String[] tokens) {
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            if (!tokens[i - 1].endsWith(NUM) || t.indexOf('<') >= 0) {
                continue;
            }
            String word = stripPunctuation(t);
            if (!word.isEmpty() && (isSizeUnit(word) || isTimeUnit(word))) {
                tokens[i] = t.replace(word, UNIT);
            }
        }
    }

    private static boolean numeric(String token) {
        return token.startsWith(NUM) || token.startsWith(DATE) || token.startsWith(DURATION);
    }

    private static String stripPunctuation(String t) {
        int from = 0;
        int to = t.length();
        while (from < to && !Character.isLetter(t.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetter(t.charAt(to - 1))) {
            to--;
        }
        return t.substring(from, to);
    }

    /** One whitespace-free token with its variable parts replaced by placeholders. */
    static String mask(String token) {
        int n = token.length();
        if (n == 0) {
            return token;
        }
        if (n >= 2 && isQuote(token.charAt(0))) {
            // 'orders' or "DATABASE_URL", possibly followed by punctuation: one quoted value
            char q = token.charAt(0);
            int close = token.indexOf(q, 1);
            if (close > 0 && isPunctuationOnly(token, close + 1)) {
                return q + QUOTED + q + token.substring(close + 1);
            }
        }
        if (token.charAt(0) == '[' && token.indexOf(']') > 2) {
            // a bracketed IPv6 address, as in URLs and socket names: [::1]:8080
            int close = token.indexOf(']');
            if (IP.equals(ip(token.substring(1, close)))) {
                String rest = token.substring(close + 1);
                return "[" + IP + "]" + (rest.isEmpty() ? "" : rest.charAt(0) == ':' && allDigits(rest, 1, rest.length()) ? ":" + NUM : mask(rest));
            }
        }
        // the core without wrapping punctuation: "(10.0.0.7:5432)," -> 10.0.0.7:5432
        int from = 0;
        int to = n;
        while (from < to && "([{<\"'".indexOf(token.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && ")]}>\"',;:.!?".indexOf(token.charAt(to - 1)) >= 0) {
            to--;
        }
        if (from >= to) {
            return token;
        }
        String core = token.substring(from, to);
        String whole = wholeKind(core);
        if (whole != null) {
            return token.substring(0, from) + whole + token.substring(to);
        }
        if (!hasDigit(core)) {
            return token;
        }
        return token.substring(0, from) + maskPieces(core) + token.substring(to);
    }

    /** A placeholder for a core that is one value as a whole (a URL, a path, an address, a UUID), or null. */
    private static String wholeKind(String core) {
        if (core.contains("://")) {
            return URL;
        }
        char c = core.charAt(0);
        if ((c == '/' && core.length() > 1) || core.startsWith("./") || core.startsWith("../") || core.startsWith("~/")
                || (core.length() > 2 && Character.isLetter(c) && core.charAt(1) == ':' && core.charAt(2) == '\\')) {
            return PATH;
        }
        if (isUuid(core)) {
            return UUID;
        }
        String ip = ip(core);
        if (ip != null) {
            return ip;
        }
        return null;
    }

    /** Splits at punctuation and masks each piece that holds a digit; the punctuation stays. */
    private static String maskPieces(String core) {
        StringBuilder sb = new StringBuilder(core.length());
        int n = core.length();
        int i = 0;
        while (i < n) {
            char c = core.charAt(i);
            if (isDelimiter(c)) {
                sb.append(c);
                i++;
                continue;
            }
            int start = i;
            while (i < n && !isDelimiter(core.charAt(i))) {
                i++;
            }
            String piece = core.substring(start, i);
            sb.append(hasDigit(piece) ? pieceKind(piece) : piece);
        }
        return sb.toString();
    }

    private static boolean isDelimiter(char c) {
        return "=:,;()[]{}<>|\"'@#&?!*".indexOf(c) >= 0;
    }

    /** The placeholder for one piece that contains a digit. */
    private static String pieceKind(String piece) {
        if (isNumber(piece, 0, piece.length())) {
            return NUM;
        }
        if (isQualifiedName(piece)) {
            return piece; // psycopg2.errors.UndefinedTable, log4j.Logger: a name in code, not a value
        }
        int unit = numberPrefix(piece);
        if (unit > 0 && unit < piece.length()) {
            String suffix = piece.substring(unit);
            if (isTimeUnit(suffix)) {
                return DURATION;
            }
            if (isSizeUnit(suffix)) {
                return NUM;
            }
        }
        if (isHex(piece)) {
            return HEX;
        }
        if (piece.length() >= 16 && isIdChars(piece) && hasLetter(piece)) {
            return ID;
        }
        return digitRuns(piece);
    }

    /** {@code eth0} -> {@code eth<NUM>}, {@code node-23} -> {@code node-<NUM>}: the letters are the kind, the digits the value. */
    private static String digitRuns(String piece) {
        StringBuilder sb = new StringBuilder(piece.length() + 8);
        int i = 0;
        int n = piece.length();
        while (i < n) {
            char c = piece.charAt(i);
            if (c >= '0' && c <= '9') {
                while (i < n && ((piece.charAt(i) >= '0' && piece.charAt(i) <= '9') || (piece.charAt(i) == '.'
                        && i + 1 < n && Character.isDigit(piece.charAt(i + 1))))) {
                    i++;
                }
                sb.append(NUM);
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- character classes

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"' || c == '`';
    }

    private static boolean isPunctuationOnly(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** -12, 3.5, +7, 1e-3, 0x1f, 1,024 (a thousands separator inside a piece cannot occur: ',' splits). */
    private static boolean isNumber(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        if (i + 2 < to && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            for (int j = i + 2; j < to; j++) {
                if (Character.digit(s.charAt(j), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        int digits = 0;
        boolean dot = false;
        boolean exp = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot && !exp) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && digits > 0 && !exp && i + 1 < to) {
                exp = true;
                if (s.charAt(i + 1) == '-' || s.charAt(i + 1) == '+') {
                    i++;
                }
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    /** The length of the leading number of {@code s} (0 when it does not start with one). */
    private static int numberPrefix(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || (i == 0 && s.charAt(i) == '-'))) {
            i++;
        }
        return i > 0 && isNumber(s, 0, i) ? i : 0;
    }

    private static boolean isTimeUnit(String u) {
        return switch (u) {
            case "ns", "us", "µs", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d" -> true;
            default -> false;
        };
    }

    private static boolean isSizeUnit(String u) {
        return switch (u) {
            case "b", "B", "k", "K", "kb", "KB", "Ki", "KiB", "M", "MB", "Mi", "MiB", "G", "GB", "Gi", "GiB", "T", "TB", "TiB", "%", "x" -> true;
            default -> false;
        };
    }

    /**
     * Only hex digits, at least 4, with a letter (3a31dcab18e1, 9f70) or 16 and more digits; it is
     * only asked of pieces that hold a digit, so "deface" stays a word.
     */
    private static boolean isHex(String s) {
        if (s.length() < 4) {
            return false;
        }
        boolean letter = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0) {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return letter || s.length() >= 16;
    }

    /** Two or more dot-separated identifiers, each starting with a letter or '_': a module, package or class name. */
    private static boolean isQualifiedName(String s) {
        int segments = 1;
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (start) {
                    return false;
                }
                segments++;
                start = true;
            } else if (start) {
                if (!(Character.isLetter(c) || c == '_')) {
                    return false;
                }
                start = false;
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                return false;
            }
        }
        return segments >= 2 && !start;
    }

    /** Characters of base64, base64url and hyphenated or dotted ids. */
    private static boolean isIdChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '+' || c == '/' || c == '=' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** 8-4-4-4-12 hex digits. */
    private static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code <IP>} or {@code <IP>:<NUM>} for an IPv4 address (optionally with :port or /prefix) or an IPv6 one; else null. */
    private static String ip(String s) {
        int n = s.length();
        int i = 0;
        int octets = 0;
        while (octets < 4) {
            int start = i;
            while (i < n && i - start < 3 && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                break;
            }
            octets++;
            if (octets < 4) {
                if (i < n && s.charAt(i) == '.') {
                    i++;
                } else {
                    break;
                }
            }
        }
        if (octets == 4) {
            if (i == n) {
                return IP;
            }
            char c = s.charAt(i);
            if ((c == ':' || c == '/') && i + 1 < n && allDigits(s, i + 1, n)) {
                return IP + c + NUM;
            }
            return null;
        }
        // IPv6: hex groups and at least two colons, e.g. 2001:db8::1 or [::1]:8080 (brackets already stripped)
        int colons = 0;
        boolean hex = false;
        for (int j = 0; j < n; j++) {
            char c = s.charAt(j);
            if (c == ':') {
                colons++;
            } else if (Character.digit(c, 16) >= 0) {
                hex = true;
            } else if (c != '.') {
                return null;
            }
        }
        return colons >= 2 && hex && (s.contains("::") || colons >= 5) ? IP : null;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return from < to;
    }
}
