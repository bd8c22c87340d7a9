package dev.faultline.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CandidateFilterTest {

    @Test
    void quotesAndBackslashesAreEscapedForTheQueryLanguage() {
        assertThat(CandidateFilter.quote("on socket \"/cloudsql/x\"")).isEqualTo("\"on socket \\\"/cloudsql/x\\\"\"");
        assertThat(CandidateFilter.quote("C:\\app\\run.exe")).isEqualTo("\"C:\\\\app\\\\run.exe\"");
        assertThat(CandidateFilter.quote("a\tb")).isEqualTo("\"a\\tb\"");
        assertThat(CandidateFilter.quote("plain text")).isEqualTo("\"plain text\"");
    }

    @Test
    void signaturesWithQuotesAndBackslashesGiveAValidQuery() {
        // regex source 'failed to open "C:\\data\\db"' : the literal holds a quote and a backslash
        Signature quoted = signature("demo.quoted", "failed to open \"C:\\\\data\\\\db\"");
        Signature other = signature("demo.other", "Container called exit\\((?P<code>\\d+)\\)");

        String query = CandidateFilter.of(List.of(quoted, other));

        String values = "(\"failed to open \\\"C:\\\\data\\\\db\\\"\" OR \"Container called exit(\")";
        assertThat(query).isEqualTo("resource.type=\"cloud_run_revision\" AND (textPayload:" + values
                + " OR jsonPayload.message:" + values
                + " OR log_id(\"cloudaudit.googleapis.com/system_event\") OR log_id(\"cloudaudit.googleapis.com/activity\"))");
        assertThat(balancedOutsideStrings(query)).isTrue();
    }

    @Test
    void literalsThatContainAnotherAreDroppedAndMultiLineOnesCutToALine() {
        Signature broad = signature("demo.broad", "Connect call failed");
        Signature narrow = signature("demo.narrow", "Connect call failed \\('10");
        Signature panic = signature("demo.panic", "panic: boom\ngoroutine 1 \\[running\\]:");
        assertThat(CandidateFilter.literals(List.of(narrow, broad, panic)))
                .containsExactly("Connect call failed", "goroutine 1 [running]:");
        // case-insensitive like the query's ':' operator
        assertThat(CandidateFilter.literals(List.of(signature("demo.a", "WORKER TIMEOUT \\(pid"), signature("demo.b", "worker timeout"))))
                .containsExactly("worker timeout");
    }

    @Test
    void aCatalogOverTheBudgetHasItsLongestLiteralsCutToPrefixesThatStillSelectThem() {
        List<Signature> many = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(signature("demo.s" + i, String.format("synthetic failure %03d happened while reading a rather long message", i)));
        }
        many.add(signature("demo.short", "Connect call failed"));
        many.add(signature("demo.emoji", "\uD83D\uDD25".repeat(40)));
        List<String> all = many.stream().flatMap(s -> s.patterns().stream()).flatMap(p -> p.literals().stream()).toList();
        List<String> kept = CandidateFilter.literals(many);

        assertThat(CandidateFilter.payloadClause(new Catalog("test", many, List.of())).length()).isLessThanOrEqualTo(CandidateFilter.PAYLOAD_BUDGET);
        assertThat(kept).contains("Connect call failed") // short literals stay whole
                .allSatisfy(k -> assertThat(all).anyMatch(l -> l.startsWith(k))) // every value is a prefix of a literal
                .allSatisfy(k -> assertThat(Character.isHighSurrogate(k.charAt(k.length() - 1))).as(k).isFalse());
        assertThat(all).allSatisfy(l -> assertThat(kept).anyMatch(l::startsWith)); // and every literal is selected
        assertThat(kept).anyMatch(k -> k.startsWith("synthetic failure 149") && k.length() < 60);
    }

    @Test
    void bundledCatalogFilterCoversEveryActiveSignatureAndStaysUnderTheApiLimit() throws CatalogException {
        Catalog catalog = CatalogLoader.loadBundled();
        String query = CandidateFilter.of(catalog);
        List<String> kept = CandidateFilter.literals(catalog.active());
        for (Signature s : catalog.active()) {
            for (Signature.MatchPattern p : s.patterns()) {
                for (String literal : p.literals()) {
                    // every literal is selected: it is kept or contains a kept one (case-insensitively)
                    assertThat(kept).as(s.id() + ": " + literal)
                            .anyMatch(k -> literal.toLowerCase(java.util.Locale.ROOT).contains(k.toLowerCase(java.util.Locale.ROOT)));
                }
            }
        }
        assertThat(query).startsWith("resource.type=\"cloud_run_revision\" AND (textPayload:(")
                // literals may be cut to a prefix to fit the budget (the cut depends on the catalog's size)
                .contains("\"Container called exit(", "\"connection to server on")
                // audit entries come whole, by log id, instead of a third copy of the literals
                .endsWith(" OR log_id(\"cloudaudit.googleapis.com/system_event\") OR log_id(\"cloudaudit.googleapis.com/activity\"))")
                .doesNotContain("protoPayload");
        assertThat(balancedOutsideStrings(query)).isTrue();
        // ListLogEntries rejects filters longer than 20,000 characters; the live read adds about 700 of its own
        assertThat(query.length()).isLessThan(19_000);
    }

    /** Parentheses balance and every string closes, reading escapes the way the query language does. */
    private static boolean balancedOutsideStrings(String query) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0 && !inString;
    }

    private static Signature signature(String id, String regex) {
        Literals.Result literals = Literals.of(regex);
        Signature.MatchPattern pattern = new Signature.MatchPattern(regex, com.google.re2j.Pattern.compile(regex),
                literals.literals(), literals.caseInsensitive());
        return new Signature(id, 1, id, Signature.Layer.APP, Signature.Level.ERROR, Signature.Role.CAUSE, Signature.Status.STABLE,
                List.of(), List.of(pattern), List.of(), List.of(), List.of(), List.of(), List.of(), "", List.of(), "test");
    }
}
