package dev.faultline.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Cloud Logging query that selects, server-side, the entries that could carry a hit of the
 * catalog: the prefilter's literals, OR-ed, against the three places a LogEntry keeps its text.
 *
 * <p>Query language facts it relies on (cloud.google.com/logging/docs/view/logging-query-language):
 * {@code field:"text"} is a case-insensitive substring test, the right-hand side of a comparison
 * may be a parenthesised OR of values, and string values are double-quoted with {@code \"} and
 * {@code \\} escaping quote and backslash. A literal that spans lines is cut to its longest line,
 * because Cloud Run often stores each line of a traceback as an entry of its own. Literals that
 * contain another literal are dropped: the shorter one already selects those entries.
 *
 * <p>What it cannot select: the neighbouring lines a stitched traceback needs. A live reader that
 * wants whole tracebacks fetches the matched instances' surrounding entries itself.
 */
public final class CandidateFilter {

    /** Where a LogEntry carries its message: stdout/stderr, structured logs, audit entries. */
    static final List<String> TEXT_FIELDS = List.of("textPayload", "jsonPayload.message", "protoPayload.status.message");

    private CandidateFilter() {
    }

    /**
     * The filter for every active signature of {@code catalog} but its known noise (never a hit, so never
     * worth fetching), e.g.
     * {@code resource.type="cloud_run_revision" AND (textPayload:("a" OR "b") OR jsonPayload.message:(...) OR ...)}.
     */
    public static String of(Catalog catalog) {
        return of(catalog.diagnostic());
    }

    /** The filter for {@code signatures} (say, the ones {@code catalog filter IDS} names). */
    public static String of(List<Signature> signatures) {
        return "resource.type=\"cloud_run_revision\" AND (" + payloadClause(signatures) + ")";
    }

    /**
     * Only the text condition, {@code textPayload:("a" OR "b") OR jsonPayload.message:(...) OR ...}, for a
     * caller that builds the rest of the query itself (the live source adds resource, service and time bounds).
     */
    public static String payloadClause(Catalog catalog) {
        return payloadClause(catalog.diagnostic());
    }

    private static String payloadClause(List<Signature> signatures) {
        List<String> values = literals(signatures).stream().map(CandidateFilter::quote).toList();
        String any = "(" + String.join(" OR ", values) + ")";
        return TEXT_FIELDS.stream().map(field -> field + ":" + any).collect(Collectors.joining(" OR "));
    }

    /** The minimal set of literals: every pattern's, cut at line breaks, without ones that contain another. */
    static List<String> literals(List<Signature> signatures) {
        Set<String> all = new LinkedHashSet<>();
        for (Signature s : signatures) {
            for (Signature.MatchPattern p : s.patterns()) {
                p.literals().forEach(literal -> all.add(longestLine(literal)));
            }
        }
        // The query compares case-insensitively, so containment is checked on lower-cased text.
        List<String> bySize = new ArrayList<>(all);
        bySize.sort(Comparator.comparingInt(String::length));
        List<String> kept = new ArrayList<>();
        for (String literal : bySize) {
            String lower = literal.toLowerCase(Locale.ROOT);
            if (kept.stream().noneMatch(k -> lower.contains(k.toLowerCase(Locale.ROOT)))) {
                kept.add(literal);
            }
        }
        return all.stream().filter(kept::contains).toList();
    }

    /** A query language string value: double-quoted, with quote, backslash and control characters escaped. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String longestLine(String literal) {
        String best = "";
        for (String line : literal.split("\n", -1)) {
            if (line.strip().length() > best.strip().length()) {
                best = line;
            }
        }
        return best;
    }
}
