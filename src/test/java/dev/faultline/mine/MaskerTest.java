package dev.faultline.mine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What varies is masked by character class; fixed text, names in code and punctuation stay. */
class MaskerTest {

    private static String masked(String line) {
        return String.join(" ", Masker.tokens(line));
    }

    @Test
    void masksEachKindOfValueAndKeepsThePunctuationAroundIt() {
        assertThat(masked("connection to server at 10.18.0.3, port 5432 failed: timeout after 25.0s"))
                .isEqualTo("connection to server at <IP>, port <NUM> failed: timeout after <DUR>");
        assertThat(masked("peer (10.0.0.7:5432) reset uid=0 euid=509 request 3f0c9a1d-2b7e-4a51-9c3d-0e8f6a2b1c4d"))
                .isEqualTo("peer (<IP>:<NUM>) reset uid=<NUM> euid=<NUM> request <UUID>");
        assertThat(masked("open /app/config/features.json at https://flags.example/v1/flags?app=x from [::1]:8080"))
                .isEqualTo("open <PATH> at <URL> from [<IP>]:<NUM>");
        assertThat(masked("KeyError: 'DATABASE_URL' and \"orders\" in C:\\Windows\\servicing"))
                .isEqualTo("KeyError: '<QUOTED>' and \"<QUOTED>\" in <PATH>");
        assertThat(masked("insertId 68c14fa40007ed8d8b57a3e6 token eyJhbGciOiJIUzI1NiJ9abcdef0123 mask=ffffffff"))
                .isEqualTo("insertId <HEX> token <ID> mask=ffffffff"); // no digit: a word, whatever it spells
    }

    @Test
    void unitsAndCalendarNamesNextToNumbersArePartOfTheValue() {
        assertThat(masked("estimated size 16.0 KB, free 413.9 MB")).isEqualTo("estimated size <NUM> <UNIT>, free <NUM> <UNIT>");
        // (two names in a row read as one value of a list: <DATE> once)
        assertThat(masked("connection at Sun Jul 10 03:55:21 2005")).isEqualTo("connection at <DATE> <NUM> <NUM>:<NUM>:<NUM> <NUM>");
        // a month name that is not next to a number is a word
        assertThat(masked("may the retry succeed")).isEqualTo("may the retry succeed");
        assertThat(masked("took 3 seconds")).isEqualTo("took <NUM> seconds");
    }

    @Test
    void namesInCodeAndWordsStay() {
        assertThat(masked("psycopg2.errors.UndefinedTable: relation does not exist"))
                .isEqualTo("psycopg2.errors.UndefinedTable: relation does not exist");
        assertThat(masked("Error while closing socket [Errno 9] Bad file descriptor"))
                .isEqualTo("Error while closing socket [Errno <NUM>] Bad file descriptor");
        // letters and digits mixed: the letters are the kind, the digits the value
        assertThat(masked("via interface eth0 on node-23")).isEqualTo("via interface eth<NUM> on node-<NUM>");
        assertThat(Masker.isVariable("uid=<NUM>")).isTrue();
        assertThat(Masker.isVariable("<module>")).isFalse();
    }

    @Test
    void aListWrittenOutIsOneValueWhateverItsLength() {
        String three = masked("inconsistent nodesets node-1 0 ok node-2 0 ok node-3 0 ok");
        String five = masked("inconsistent nodesets node-1 0 ok node-2 0 ok node-3 0 ok node-4 0 ok node-5 0 ok");
        assertThat(three).isEqualTo(five).isEqualTo("inconsistent nodesets node-<NUM> <NUM> ok");
        // repeated fixed words are not a list of values
        assertThat(masked("very very slow")).isEqualTo("very very slow");
    }

    @Test
    void tokensAreBounded() {
        String huge = "x".repeat(10_000);
        String[] tokens = Masker.tokens(huge + " " + "word ".repeat(500));
        assertThat(tokens).hasSize(Masker.MAX_TOKENS);
        assertThat(tokens[0]).hasSize(Masker.MAX_TOKEN_CHARS);
    }
}
