package dev.faultline.source;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The subset of the Cloud Logging query language that faultline sends, evaluated over entries in
 * the export JSON shape, so that {@link FakeLogging} returns what a real server would and not more.
 * Test code only: the product never evaluates a query itself.
 *
 * <p>Semantics, from cloud.google.com/logging/docs/view/logging-query-language (read through the
 * search tool): "String comparisons aren't case sensitive" and {@code NOT textPayload:robot} selects
 * entries "whose textPayload field doesn't contain the string robot anywhere inside it", so {@code :}
 * is a case-insensitive substring test (on an object field: on any value inside it) and {@code =}
 * compares strings case-insensitively too. {@code NOT} binds tightest, then {@code OR}, then
 * {@code AND} (the page's own example: {@code "a" OR NOT "b" AND NOT "c" OR "d"} is
 * {@code ("a" OR (NOT "b")) AND ((NOT "c") OR "d")}); juxtaposition is AND. A value may be a
 * parenthesised OR of values, {@code field:("a" OR "b")}. {@code log_id("x/y")} selects the entries
 * whose {@code logName} ends in {@code /logs/x%2Fy}; {@code sample(insertId, f)} a fraction f of
 * entries by a hash of insertId (deterministic here: SHA-256, so a test run selects the same
 * entries every time). A comparison on a missing field is false; {@code severity} that an export
 * omits is DEFAULT. {@code timestamp} compares as instants, numbers numerically, severities by rank.
 * Anything else (regex {@code =~}, global restrictions, other functions) is refused with
 * {@link IllegalArgumentException}, which the fake server answers with INVALID_ARGUMENT.
 */
final class LoggingFilter {

    private static final List<String> SEVERITIES = List.of("DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR",
            "CRITICAL", "ALERT", "EMERGENCY");

    private final Predicate<JsonNode> predicate;

    private LoggingFilter(Predicate<JsonNode> predicate) {
        this.predicate = predicate;
    }

    /** The filter {@code text}; blank selects everything. */
    static LoggingFilter parse(String text) {
        Parser p = new Parser(tokens(text));
        if (p.atEnd()) {
            return new LoggingFilter(e -> true);
        }
        Predicate<JsonNode> all = p.conjunction();
        if (!p.atEnd()) {
            throw new IllegalArgumentException("unexpected " + p.peek() + " in filter");
        }
        return new LoggingFilter(all);
    }

    /** Whether {@code entry}, a LogEntry as export JSON, is selected. */
    boolean matches(JsonNode entry) {
        return predicate.test(entry);
    }

    private enum Kind { STRING, WORD, OP, LPAREN, RPAREN, COMMA }

    private record Token(Kind kind, String text) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        @Override
        public String toString() {
            return kind == Kind.STRING ? '"' + text + '"' : text;
        }
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "("));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")"));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ","));
                i++;
            } else if (c == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated string in filter");
                    }
                    char d = s.charAt(i++);
                    if (d == '"') {
                        break;
                    }
                    if (d == '\\') {
                        if (i >= s.length()) {
                            throw new IllegalArgumentException("unterminated string in filter");
                        }
                        char e = s.charAt(i++);
                        v.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e; // \" and \\ (and any other escaped character) stand for themselves
                        });
                    } else {
                        v.append(d);
                    }
                }
                out.add(new Token(Kind.STRING, v.toString()));
            } else if ("=!<>:".indexOf(c) >= 0) {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("=~") || two.equals("!~")) {
                    out.add(new Token(Kind.OP, two));
                    i += 2;
                } else if (c == '!') {
                    throw new IllegalArgumentException("unexpected ! in filter");
                } else {
                    out.add(new Token(Kind.OP, String.valueOf(c)));
                    i++;
                }
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "()\",=!<>:".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(Kind.WORD, s.substring(start, i)));
            }
        }
        return out;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return at >= tokens.size();
        }

        Token peek() {
            return atEnd() ? null : tokens.get(at);
        }

        Token next() {
            if (atEnd()) {
                throw new IllegalArgumentException("filter ends early");
            }
            return tokens.get(at++);
        }

        void expect(Kind kind) {
            Token t = next();
            if (t.kind() != kind) {
                throw new IllegalArgumentException("expected " + kind + " but found " + t + " in filter");
            }
        }

        /** a AND b, or a b: the loosest binding. */
        Predicate<JsonNode> conjunction() {
            Predicate<JsonNode> left = disjunction();
            while (!atEnd() && peek().kind() != Kind.RPAREN) {
                if (peek().is(Kind.WORD, "AND")) {
                    next();
                }
                left = left.and(disjunction());
            }
            return left;
        }

        Predicate<JsonNode> disjunction() {
            Predicate<JsonNode> left = negation();
            while (!atEnd() && peek().is(Kind.WORD, "OR")) {
                next();
                left = left.or(negation());
            }
            return left;
        }

        Predicate<JsonNode> negation() {
            if (!atEnd() && peek().is(Kind.WORD, "NOT")) {
                next();
                return negation().negate();
            }
            return primary();
        }

        Predicate<JsonNode> primary() {
            Token t = next();
            if (t.kind() == Kind.LPAREN) {
                Predicate<JsonNode> inner = conjunction();
                expect(Kind.RPAREN);
                return inner;
            }
            if (t.kind() != Kind.WORD || List.of("AND", "OR", "NOT").contains(t.text())) {
                throw new IllegalArgumentException("expected a field or function but found " + t + " (global restrictions are not supported)");
            }
            if (!atEnd() && peek().kind() == Kind.LPAREN) {
                return function(t.text());
            }
            Token op = next();
            if (op.kind() != Kind.OP || op.text().equals("=~") || op.text().equals("!~")) {
                throw new IllegalArgumentException("expected a comparison after " + t + " but found " + op);
            }
            List<String> values = values();
            String field = t.text();
            return entry -> values.stream().anyMatch(v -> compare(entry, field, op.text(), v));
        }

        /** "a", a bare word, or ("a" OR "b" ...). */
        List<String> values() {
            Token t = next();
            if (t.kind() == Kind.STRING || t.kind() == Kind.WORD) {
                return List.of(t.text());
            }
            if (t.kind() != Kind.LPAREN) {
                throw new IllegalArgumentException("expected a value but found " + t);
            }
            List<String> values = new ArrayList<>();
            while (true) {
                Token v = next();
                if (v.kind() != Kind.STRING && v.kind() != Kind.WORD) {
                    throw new IllegalArgumentException("expected a value but found " + v);
                }
                values.add(v.text());
                Token sep = next();
                if (sep.kind() == Kind.RPAREN) {
                    return values;
                }
                if (!sep.is(Kind.WORD, "OR")) {
                    throw new IllegalArgumentException("only OR joins values in a list, found " + sep);
                }
            }
        }

        Predicate<JsonNode> function(String name) {
            expect(Kind.LPAREN);
            List<Token> args = new ArrayList<>();
            while (true) {
                Token a = next();
                if (a.kind() != Kind.STRING && a.kind() != Kind.WORD) {
                    throw new IllegalArgumentException("bad argument " + a + " of " + name);
                }
                args.add(a);
                Token sep = next();
                if (sep.kind() == Kind.RPAREN) {
                    break;
                }
                if (sep.kind() != Kind.COMMA) {
                    throw new IllegalArgumentException("expected , or ) in " + name + "(...) but found " + sep);
                }
            }
            switch (name) {
                case "log_id" -> {
                    if (args.size() != 1 || args.get(0).kind() != Kind.STRING) {
                        throw new IllegalArgumentException("log_id takes one string");
                    }
                    String suffix = "/logs/" + args.get(0).text().replace("/", "%2F");
                    return entry -> entry.path("logName").asText("").endsWith(suffix);
                }
                case "sample" -> {
                    if (args.size() != 2) {
                        throw new IllegalArgumentException("sample takes a field and a fraction");
                    }
                    String field = args.get(0).text();
                    double fraction = Double.parseDouble(args.get(1).text());
                    if (!(fraction >= 0 && fraction <= 1)) {
                        throw new IllegalArgumentException("sample fraction " + fraction + " is not in [0, 1]");
                    }
                    return entry -> {
                        JsonNode v = field(entry, field);
                        return v != null && hashFraction(v.asText()) < fraction;
                    };
                }
                default -> throw new IllegalArgumentException("unsupported function " + name);
            }
        }
    }

    /** A stable number in [0, 1) for {@code value}. */
    static double hashFraction(String value) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return bits / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode field(JsonNode entry, String path) {
        JsonNode node = entry;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null && path.equals("severity")) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf("DEFAULT");
        }
        return node == null || node.isNull() ? null : node;
    }

    private static boolean compare(JsonNode entry, String path, String op, String value) {
        JsonNode node = field(entry, path);
        if (node == null) {
            return false;
        }
        if (op.equals(":")) {
            return has(node, value.toLowerCase(Locale.ROOT));
        }
        if (node.isContainerNode()) {
            return false;
        }
        String actual = node.asText();
        int order;
        if (path.equals("severity")) {
            order = Integer.compare(rank(actual), rank(value));
        } else if (path.equals("timestamp") || path.equals("receiveTimestamp")) {
            order = instant(actual).compareTo(instant(value));
        } else if (node.isNumber() && isNumber(value)) {
            order = Double.compare(node.asDouble(), Double.parseDouble(value));
        } else {
            order = actual.toLowerCase(Locale.ROOT).compareTo(value.toLowerCase(Locale.ROOT));
        }
        return switch (op) {
            case "=" -> order == 0;
            case "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            default -> throw new IllegalArgumentException("unsupported operator " + op);
        };
    }

    private static boolean has(JsonNode node, String lowerValue) {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (has(child, lowerValue)) {
                    return true;
                }
            }
            return false;
        }
        return node.asText().toLowerCase(Locale.ROOT).contains(lowerValue);
    }

    private static int rank(String severity) {
        int r = SEVERITIES.indexOf(severity.toUpperCase(Locale.ROOT));
        if (r < 0) {
            throw new IllegalArgumentException("unknown severity " + severity);
        }
        return r;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp: " + text);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
