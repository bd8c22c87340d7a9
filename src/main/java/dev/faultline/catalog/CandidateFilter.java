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
 * catalog: the prefilter's literals, OR-ed, against the two places a stdout/stderr or structured entry
 * keeps its text, and the Cloud Run audit logs whole (their text is in {@code protoPayload.status.message};
 * a third copy of the literals would cost a third of the query for a handful of entries per deploy).
 *
 * <p>Query language facts it relies on (cloud.google.com/logging/docs/view/logging-query-language):
 * {@code field:"text"} is a case-insensitive substring test, the right-hand side of a comparison
 * may be a parenthesised OR of values, and string values are double-quoted with {@code \"} and
 * {@code \\} escaping quote and backslash. A literal that spans lines is cut to its longest line,
 * because Cloud Run often stores each line of a traceback as an entry of its own. Literals that
 * contain another literal are dropped: the shorter one already selects those entries.
 *
 * <p>Logging rejects a filter longer than 20,000 characters, and each literal is sent twice
 * (once per text field). When the payload clause would exceed {@link #PAYLOAD_BUDGET}, the longest
 * literals are cut to a common prefix length, the largest one that fits: a prefix of a required
 * literal selects every entry the whole literal does, and a few more, so the cut costs some extra
 * entries read, never a missed hit. A small catalog is sent uncut.
 *
 * <p>What it cannot select: the neighbouring lines a stitched traceback needs. A live reader that
 * wants whole tracebacks fetches the matched instances' surrounding entries itself.
 */
public final class CandidateFilter {

    /** Where stdout/stderr lines and structured logs carry their message. */
    static final List<String> TEXT_FIELDS = List.of("textPayload", "jsonPayload.message");
    /** Cloud Run's audit logs, selected whole: Ready conditions and job executions speak there. */
    static final List<String> AUDIT_LOGS = List.of("cloudaudit.googleapis.com/system_event", "cloudaudit.googleapis.com/activity");

    /**
     * Longest payload clause sent, in characters: Logging's limit is 20,000 for the whole filter, and
     * the live source adds its resource, service, time and log bounds to this clause.
     */
    static final int PAYLOAD_BUDGET = 18_000;

    /** Shortest prefix a literal is cut to, however large the catalog (the query is then over budget). */
    static final int MIN_CUT = 12;

    private CandidateFilter() {
    }

    /**
     * The filter for every active signature of {@code catalog} but its known noise (never a hit, so never
     * worth fetching), e.g.
     * {@code resource.type="cloud_run_revision" AND (textPayload:("a" OR "b") OR jsonPayload.message:(...) OR log_id(...) ...)}.
     */
    public static String of(Catalog catalog) {
        return of(catalog.diagnostic());
    }

    /** The filter for {@code signatures} (say, the ones {@code catalog filter IDS} names). */
    public static String of(List<Signature> signatures) {
        String audit = AUDIT_LOGS.stream().map(log -> "log_id(" + quote(log) + ")").collect(Collectors.joining(" OR "));
        return "resource.type=\"cloud_run_revision\" AND (" + payloadClause(signatures) + " OR " + audit + ")";
    }

    /**
     * Only the text condition, {@code textPayload:("a" OR "b") OR jsonPayload.message:(...)}, for a caller that
     * builds the rest of the query itself (the live source adds resource, service, time bounds and the platform
     * and audit logs it reads whole).
     */
    public static String payloadClause(Catalog catalog) {
        return payloadClause(catalog.diagnostic());
    }

    private static String payloadClause(List<Signature> signatures) {
        return clause(literals(signatures));
    }

    private static String clause(List<String> literals) {
        List<String> values = literals.stream().map(CandidateFilter::quote).toList();
        String any = "(" + String.join(" OR ", values) + ")";
        return TEXT_FIELDS.stream().map(field -> field + ":" + any).collect(Collectors.joining(" OR "));
    }

    /**
     * The literals the filter looks for, for another engine to select the same candidates (the catalog
     * compiled to SQL, whose text may be far longer than a Logging filter): every pattern's, cut to its
     * longest line, without ones that contain another case-insensitively, never cut to a prefix. An
     * entry holding none of them, in any case, cannot be part of a hit.
     */
    public static List<String> literals(Catalog catalog) {
        return minimal(lines(catalog.active()));
    }

    /** Every pattern's literals, each cut to its longest line. */
    private static Set<String> lines(List<Signature> signatures) {
        Set<String> lines = new LinkedHashSet<>();
        for (Signature s : signatures) {
            for (Signature.MatchPattern p : s.patterns()) {
                p.literals().forEach(literal -> lines.add(longestLine(literal)));
            }
        }
        return lines;
    }

    /**
     * The minimal set of literals: every pattern's, cut at line breaks, without ones that contain another;
     * cut to a prefix if the clause would otherwise exceed {@link #PAYLOAD_BUDGET}.
     */
    static List<String> literals(List<Signature> signatures) {
        List<String> uncut = minimal(lines(signatures)); // a literal dropped here is selected by a kept one, so only these are cut
        if (clause(uncut).length() <= PAYLOAD_BUDGET) {
            return uncut;
        }
        // the largest common prefix length that fits, found by bisection (the clause shrinks with the cut)
        int lo = MIN_CUT;
        int hi = uncut.stream().mapToInt(l -> l.codePointCount(0, l.length())).max().orElse(MIN_CUT) - 1;
        List<String> best = cut(uncut, MIN_CUT);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            List<String> cut = cut(uncut, mid);
            if (clause(cut).length() <= PAYLOAD_BUDGET) {
                best = cut;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** Each literal cut to its first {@code codePoints} code points, then the minimal set of those. */
    private static List<String> cut(List<String> literals, int codePoints) {
        Set<String> prefixes = new LinkedHashSet<>();
        literals.forEach(l -> prefixes.add(prefix(l, codePoints)));
        return minimal(prefixes);
    }

    private static List<String> minimal(Set<String> all) {
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

    private static String prefix(String literal, int codePoints) {
        return literal.codePointCount(0, literal.length()) <= codePoints
                ? literal
                : literal.substring(0, literal.offsetByCodePoints(0, codePoints));
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
