package dev.faultline.catalog;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The Cloud Logging query that selects, server-side, the entries some active signature could
 * match: the OR of every literal a signature's regexes require (see {@link Literals}), each
 * searched in the fields the message text comes from. Logging's {@code :} (has) comparison is a
 * case-insensitive substring test, so it keeps every entry the matcher could confirm, folded
 * literals included; it only lets more through.
 */
public final class CandidateFilter {

    /** Where {@code LogEntryReader} takes the text from. */
    private static final String[] TEXT_FIELDS = {"textPayload", "jsonPayload.message", "protoPayload.status.message"};

    private CandidateFilter() {
    }

    /** {@code (textPayload:"lit1" OR jsonPayload.message:"lit1" OR ... )}; "" when the catalog has no active signature. */
    public static String of(Catalog catalog) {
        Set<String> literals = new LinkedHashSet<>();
        for (Signature signature : catalog.active()) {
            for (Signature.MatchPattern pattern : signature.patterns()) {
                literals.addAll(pattern.literals());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String literal : literals) {
            for (String field : TEXT_FIELDS) {
                sb.append(sb.length() == 0 ? "(" : " OR ").append(field).append(':').append(quote(literal));
            }
        }
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    /** A Logging query string literal: backslash and double quote escaped, control characters as \n, \t, \r. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
