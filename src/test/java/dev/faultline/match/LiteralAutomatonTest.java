package dev.faultline.match;

import dev.faultline.catalog.Literals;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiteralAutomatonTest {

    private static List<Integer> found(LiteralAutomaton automaton, String text) {
        BitSet found = new BitSet();
        automaton.scan(text, found);
        return found.stream().boxed().toList();
    }

    /** What the automaton must find: every literal that String.contains finds. */
    private static List<Integer> bruteForce(List<String> literals, String text) {
        return IntStream.range(0, literals.size()).filter(i -> text.contains(literals.get(i))).boxed().toList();
    }

    @Test
    void overlappingAndNestedLiteralsAreAllFound() {
        List<String> literals = List.of("he", "she", "his", "hers", "ushers");
        LiteralAutomaton automaton = LiteralAutomaton.of(literals, false);

        assertThat(found(automaton, "ushers")).containsExactly(0, 1, 3, 4);
        assertThat(found(automaton, "this")).containsExactly(2);
        assertThat(found(automaton, "hishe")).containsExactly(0, 1, 2);
        assertThat(found(automaton, "u-s-h-e-r-s")).isEmpty();
        assertThat(found(automaton, "")).isEmpty();
    }

    @Test
    void aLiteralThatIsTheSuffixOfAFailedLongerOneIsFound() {
        // "timeout after" runs into the failure link of "timeout afterwards" at the last char
        List<String> literals = List.of("timeout afterwards", "out after", "after 3");
        LiteralAutomaton automaton = LiteralAutomaton.of(literals, false);

        assertThat(found(automaton, "Phase 2 timeout after 3.0s")).containsExactly(1, 2);
        assertThat(found(automaton, "timeout afterwards")).containsExactly(0, 1);
    }

    @Test
    void equalLiteralsMergeTheirIds() {
        Map<String, int[]> literals = new LinkedHashMap<>();
        literals.put("Container called exit(", new int[] {4, 1});
        literals.put("exit(", new int[] {7});
        LiteralAutomaton automaton = new LiteralAutomaton(literals, false);
        assertThat(found(automaton, "Container called exit(3).")).containsExactly(1, 4, 7);

        LiteralAutomaton viaList = LiteralAutomaton.of(List.of("exit(", "Container", "exit("), false);
        assertThat(found(viaList, "Container called exit(3).")).containsExactly(0, 1, 2);
    }

    @Test
    void caseSensitiveUnlessFolded() {
        List<String> literals = List.of("Connection refused", "OOMKilled");
        assertThat(found(LiteralAutomaton.of(literals, false), "CONNECTION REFUSED; oomkilled")).isEmpty();

        List<String> folded = literals.stream().map(Literals::fold).toList();
        LiteralAutomaton automaton = LiteralAutomaton.of(folded, true);
        assertThat(found(automaton, "CONNECTION REFUSED; oomkilled")).containsExactly(0, 1);
        assertThat(found(automaton, "connection Refused")).containsExactly(0);
    }

    @Test
    void foldedScanAgreesWithFoldingTheTextFirst() {
        // the Kelvin sign folds to 'k', the long s to 's', and 'İ' (dotted capital I) to 'i̇' in two chars
        List<String> folded = List.of("kill", "sigterm", "straße", "i̇stanbul", "😀 done");
        LiteralAutomaton automaton = LiteralAutomaton.of(folded, true);
        for (String text : List.of("\u212Aill -\u017FIGTERM", "STRASSE straße STRAẞE", "İSTANBUL", "😀 DONE", "kİll")) {
            assertThat(found(automaton, text)).as(text).isEqualTo(bruteForce(folded, Literals.fold(text)));
        }
        assertThat(found(automaton, "\u212Aill")).containsExactly(0);
    }

    @Test
    void nonAsciiLiteralsAndText() {
        List<String> literals = List.of("Ошибка соединения", "→ retry", "データベース", "😀", "é");
        LiteralAutomaton automaton = LiteralAutomaton.of(literals, false);

        assertThat(found(automaton, "ERROR: Ошибка соединения с базой")).containsExactly(0);
        assertThat(found(automaton, "attempt 3 → retry in 2s")).containsExactly(1);
        assertThat(found(automaton, "データベース接続エラー 😀")).containsExactly(2, 3);
        assertThat(found(automaton, "café ☕")).containsExactly(4);
        // a char outside every literal (class 0) resets the match: "→ retry" needs the arrow
        assertThat(found(automaton, "-> retry ⇒ retry")).isEmpty();
    }

    @Test
    void agreesWithStringContainsOnRandomText() {
        Random random = new Random(8);
        String alphabet = "abAB(:é→ ";
        for (int round = 0; round < 200; round++) {
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                literals.add(randomText(random, alphabet, 1 + random.nextInt(5)));
            }
            LiteralAutomaton automaton = LiteralAutomaton.of(literals, false);
            for (int t = 0; t < 20; t++) {
                String text = randomText(random, alphabet + "xyz", random.nextInt(40));
                assertThat(found(automaton, text)).as("%s in %s", literals, text).isEqualTo(bruteForce(literals, text));
            }
        }
    }

    @Test
    void anEmptyLiteralIsRefused() {
        assertThatThrownBy(() -> LiteralAutomaton.of(List.of("ok", ""), false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
