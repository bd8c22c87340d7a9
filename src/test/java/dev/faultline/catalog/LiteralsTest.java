package dev.faultline.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LiteralsTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // plain text and escapes
                arguments("Container called exit\\((?P<exitCode>[1-9]\\d*)\\)", List.of("Container called exit("), false),
                arguments("Application startup failed\\. Exiting\\.", List.of("Application startup failed. Exiting."), false),
                arguments("costs \\$5 \\[net\\]", List.of("costs $5 [net]"), false),
                arguments("tab\\there", List.of("tab\there"), false),
                arguments("\\x41\\x{42}C", List.of("ABC"), false),
                arguments("\\Qa.b*c\\E+d", List.of("a.b*c"), false),
                arguments("/\\.s\\.PGSQL\\.\\d+", List.of("/.s.PGSQL."), false),
                // classes, dots, \d, \s and anchors break runs; the longest run wins (first on ties)
                arguments("^abc[0-9]defgh$", List.of("defgh"), false),
                arguments("abc.defg", List.of("defg"), false),
                arguments("ab\\sc", List.of("ab"), false),
                arguments("[]x]yz[^]q]w", List.of("yz"), false),
                arguments("[[:alpha:]]hello", List.of("hello"), false),
                arguments("\\bword\\b and", List.of("word"), false),
                // top-level alternation: one literal per branch
                arguments("foo bar|baz qux", List.of("foo bar", "baz qux"), false),
                arguments("(?:foo bar|baz qux)", List.of("foo bar", "baz qux"), false),
                // alternated or optional groups are not required; plain groups are transparent
                arguments("(?:then |and )?listen on port", List.of("listen on port"), false),
                arguments("start (?P<word>abc)def", List.of("start abcdef"), false),
                arguments("Memory limit of (?P<x>\\d+) ?(?:MiB|M) exceeded with", List.of("Memory limit of "), false),
                arguments("abc(?:de)*fgh", List.of("abc"), false),
                arguments("abc(?:de){0,3}fg", List.of("abc"), false),
                arguments("ab(?:cde){2}f", List.of("cde"), false),
                // quantifiers on a single char
                arguments("colou?r sample", List.of("r sample"), false),
                arguments("aaab+cd", List.of("aaab"), false),
                arguments("xb+cdefg", List.of("bcdefg"), false),
                arguments("abc*d", List.of("ab"), false),
                arguments("x{2}yz{1,}", List.of("xyz"), false),
                arguments("ab{,2}cd", List.of("ab{,2}cd"), false),
                arguments("a.*?bcd", List.of("bcd"), false),
                // a supplementary character is one atom: "?" makes the whole surrogate pair optional
                arguments("xxxxx\uD83D\uDE00?yy", List.of("xxxxx"), false),
                arguments("go \\x{1F600}+ now", List.of("\uD83D\uDE00 now"), false),
                // case-insensitive: folded literal, flagged
                arguments("(?i)Connection Refused", List.of("connection refused"), true),
                arguments("(?i:ERROR) in module", List.of("error in module"), true),
                arguments("(?i)foo|BAR", List.of("foo", "bar"), true),
                arguments("Hello(?i) World", List.of("hello world"), true),
                arguments("(?i)123 456", List.of("123 456"), false),
                // no literal at all, or a branch without one
                arguments("\\d+\\.\\d+s", List.of("."), false),
                arguments("[a-z]+", List.of(), false),
                arguments("abc|\\d+", List.of(), false),
                arguments("(?:abc)?", List.of(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void literalsOf(String regex, List<String> expected, boolean caseInsensitive) {
        Literals.Result result = Literals.of(regex);
        assertThat(result.literals()).isEqualTo(expected);
        assertThat(result.caseInsensitive()).isEqualTo(caseInsensitive);
    }

    @Test
    void everyLiteralIsInEveryMatch() {
        // The prefilter's promise, checked against RE2J on texts that match.
        String[][] cases = {
                {"[Ff]ailed to start and (?:then )?listen on the port defined (?:provided )?by the PORT(?:=(?P<port>\\d+))? environment variable",
                        "Failed to start and then listen on the port defined by the PORT environment variable."},
                {"xb+cdefg", "xbbbbcdefg"},
                {"(?i)Connection Refused", "CONNECTION REFUSED by peer"},
        };
        for (String[] c : cases) {
            assertThat(com.google.re2j.Pattern.compile(c[0]).matcher(c[1]).find()).isTrue();
            Literals.Result result = Literals.of(c[0]);
            String text = result.caseInsensitive() ? Literals.fold(c[1]) : c[1];
            assertThat(result.literals()).anyMatch(text::contains);
        }
    }

    @Test
    void requiredListsEveryRunOfABranchAndNothingForAlternations() {
        assertThat(Literals.required("Phase \\d+ \\((?P<phase>[A-Z][A-Z_]*)\\)[^\\n]*?timeout after (?P<t>\\d+)s"))
                .containsExactly("Phase ", " (", ")", "timeout after ", "s");
        assertThat(Literals.required("xb+cdefg")).containsExactly("xb", "bcdefg");
        assertThat(Literals.required("(?:then )?listen on (?:port|socket) now")).containsExactly("listen on ", " now");
        assertThat(Literals.required("foo bar|baz qux")).isEmpty();
        assertThat(Literals.required("(?i)Connection Refused")).isEmpty();
        // the promise: every match contains every required run
        String[][] cases = {
                {"Phase \\d+ \\((?P<phase>[A-Z][A-Z_]*)\\)[^\\n]*?timeout after (?P<t>\\d+)s", "SMD Phase 3 (DATABASE) failed: timeout after 20s"},
                {"WORKER TIMEOUT \\(pid:(?P<pid>\\d+)\\)", "[CRITICAL] WORKER TIMEOUT (pid:17)"},
                {"xb+cdefg", "xbbbbcdefg"},
        };
        for (String[] c : cases) {
            assertThat(com.google.re2j.Pattern.compile(c[0]).matcher(c[1]).find()).isTrue();
            assertThat(Literals.required(c[0])).allMatch(c[1]::contains);
        }
    }

    @Test
    void foldMapsEveryCaseVariantToOneChar() {
        assertThat(Literals.fold("KELVIN \u212A long \u017F Straße ΣΑΣ")).isEqualTo("kelvin k long s straße σασ");
        assertThat(Literals.fold("Deseret \uD801\uDC00")).isEqualTo("deseret \uD801\uDC28");
        String plain = "already lower";
        assertThat(Literals.fold(plain)).isSameAs(plain);
    }

    @Test
    void requiredGroupsAreThoseEveryMatchFills() {
        assertThat(Literals.requiredGroups("on port (?P<port>\\d+) path (?P<path>[^ ]+)")).containsExactlyInAnyOrder("port", "path");
        assertThat(Literals.requiredGroups("on port(?: (?P<port>\\d+))? path (?P<path>\\S+)")).containsExactly("path");
        assertThat(Literals.requiredGroups("(?P<a>x+)*y|(?P<b>z)")).isEmpty();
        assertThat(Literals.requiredGroups("(?P<reason>no such host|i/o timeout) (?P<host>\\S+)")).containsExactlyInAnyOrder("reason", "host");
        assertThat(Literals.requiredGroups("(?:a (?P<x>\\d+)|b (?P<x2>\\d+))")).isEmpty();
        assertThat(Literals.requiredGroups("exit\\((?P<code>[1-9]\\d*)\\){1,3}")).containsExactly("code");
    }

    @Test
    void aRegexSpansLinesWhenEveryMatchHoldsALineBreak() {
        assertThat(Literals.spansLines("validation errors? for (?P<model>\\w+)\\n(?P<field>\\w+)\\n\\s+Field required")).isTrue();
        assertThat(Literals.spansLines("(?s)(?:os\\.environ\\[|<frozen os>).*\\nKeyError: '(?P<v>[A-Z_]+)'")).isTrue();
        assertThat(Literals.spansLines("(?m)^goroutine (?P<g>\\d+) \\[running\\]:")).isFalse();
        assertThat(Literals.spansLines("Please see [^\\n]*?for additional details")).isFalse();
        assertThat(Literals.spansLines("a\\nb|c")).isFalse(); // one alternative needs no line break
        assertThat(Literals.spansLines("(?:a\\nb|c\\nd)")).isTrue();
        assertThat(Literals.spansLines("x(?:\\n)?y")).isFalse();
        assertThat(Literals.spansLines("x\\s+y")).isFalse(); // \\s may be a line break but need not be
    }
}
