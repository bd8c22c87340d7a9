package dev.faultline.match;

import dev.faultline.catalog.Literals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The matcher's literal prefilter: one Aho-Corasick automaton over every literal fragment, each
 * literal carrying the ids (flattened pattern indexes) that need it. One pass over a text sets the
 * ids of every literal that occurs in it, overlapping and nested occurrences included.
 *
 * <p>Dense on purpose: the failure links are resolved at build time into a full transition table
 * over character classes (every char that occurs in some literal has a class; all other chars share
 * class 0, which leads back to the root), so scanning costs two array reads per char and never
 * allocates or boxes. A general-purpose trie with a map per state cost ~11% of a whole triage in
 * the profile (bench/RESULTS.md). The table is states x classes ints: a few hundred KB for the
 * bundled catalog, a few MB for ten times as many signatures.
 *
 * <p>When {@code fold} is set the literals must already be folded ({@link Literals#fold}) and the
 * text is folded on the fly, one code point at a time, exactly as {@code Literals.fold(text)} would
 * fold it, without copying the text.
 *
 * <p>Immutable and thread-safe after construction.
 */
final class LiteralAutomaton {

    /** Chars below this go through {@link #asciiClass}; others through a binary search of {@link #wideChars}. */
    private static final int ASCII = 128;
    private static final int[] NONE = new int[0];

    private final boolean fold;
    private final int classes;
    private final int[] asciiClass = new int[ASCII];
    /** Sorted chars >= 128 that occur in some literal; the class of wideChars[i] is wideClass[i]. */
    private final char[] wideChars;
    private final int[] wideClass;
    /** next state = delta[state * classes + class]; state 0 is the root. */
    private final int[] delta;
    /** Per state, the ids of every literal that ends there (its own and its dictionary suffixes'), or NONE. */
    private final int[][] ids;

    /**
     * @param literals every literal (non-empty) with the ids it stands for; equal literals may be
     *                 given separately, their ids are merged
     * @param fold     compare case-folded: the literals are folded already, the text is folded while scanned
     */
    LiteralAutomaton(Map<String, int[]> literals, boolean fold) {
        this.fold = fold;

        // character classes: 0 for every char no literal contains
        TreeSet<Character> alphabet = new TreeSet<>();
        for (String literal : literals.keySet()) {
            if (literal.isEmpty()) {
                throw new IllegalArgumentException("empty literal");
            }
            for (int i = 0; i < literal.length(); i++) {
                alphabet.add(literal.charAt(i));
            }
        }
        List<Character> wide = new ArrayList<>();
        int next = 1;
        for (char c : alphabet) {
            if (c < ASCII) {
                asciiClass[c] = next++;
            } else {
                wide.add(c);
            }
        }
        this.wideChars = new char[wide.size()];
        this.wideClass = new int[wide.size()];
        for (int i = 0; i < wide.size(); i++) {
            wideChars[i] = wide.get(i);
            wideClass[i] = next++;
        }
        this.classes = next;

        // the trie: goto edges, and the ids of the literals ending at each node
        List<int[]> edges = new ArrayList<>();
        List<TreeSet<Integer>> ends = new ArrayList<>();
        edges.add(newRow());
        ends.add(new TreeSet<>());
        for (Map.Entry<String, int[]> e : literals.entrySet()) {
            int state = 0;
            for (int i = 0; i < e.getKey().length(); i++) {
                int cls = classOf(e.getKey().charAt(i));
                if (edges.get(state)[cls] < 0) {
                    edges.get(state)[cls] = edges.size();
                    edges.add(newRow());
                    ends.add(new TreeSet<>());
                }
                state = edges.get(state)[cls];
            }
            for (int id : e.getValue()) {
                ends.get(state).add(id);
            }
        }

        // breadth first: resolve failures into the table and inherit the ids of the failure state
        int states = edges.size();
        this.delta = new int[states * classes];
        int[] failure = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int cls = 0; cls < classes; cls++) {
            int child = edges.get(0)[cls];
            if (child > 0) {
                delta[cls] = child;
                failure[child] = 0;
                queue.add(child);
            } // else delta[cls] stays 0: back to the root
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            ends.get(state).addAll(ends.get(failure[state])); // the failure state is shallower: already complete
            for (int cls = 0; cls < classes; cls++) {
                int child = edges.get(state)[cls];
                int viaFailure = delta[failure[state] * classes + cls];
                if (child > 0) {
                    delta[state * classes + cls] = child;
                    failure[child] = viaFailure;
                    queue.add(child);
                } else {
                    delta[state * classes + cls] = viaFailure;
                }
            }
        }
        this.ids = new int[states][];
        for (int s = 0; s < states; s++) {
            ids[s] = ends.get(s).isEmpty() ? NONE : ends.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Convenience for tests and small callers: each literal stands for its own index in {@code literals}. */
    static LiteralAutomaton of(List<String> literals, boolean fold) {
        Map<String, List<Integer>> merged = new LinkedHashMap<>();
        for (int i = 0; i < literals.size(); i++) {
            merged.computeIfAbsent(literals.get(i), k -> new ArrayList<>()).add(i);
        }
        Map<String, int[]> byLiteral = new LinkedHashMap<>();
        merged.forEach((literal, owners) -> byLiteral.put(literal, owners.stream().mapToInt(Integer::intValue).toArray()));
        return new LiteralAutomaton(byLiteral, fold);
    }

    private int[] newRow() {
        int[] row = new int[classes];
        Arrays.fill(row, -1);
        return row;
    }

    private int classOf(char c) {
        if (c < ASCII) {
            return asciiClass[c];
        }
        int i = Arrays.binarySearch(wideChars, c);
        return i < 0 ? 0 : wideClass[i];
    }

    /** Sets in {@code found} the ids of every literal that occurs in {@code text}. */
    void scan(String text, BitSet found) {
        if (fold) {
            scanFolded(text, found);
            return;
        }
        int[] delta = this.delta;
        int[] asciiClass = this.asciiClass;
        int classes = this.classes;
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            state = delta[state * classes + (c < ASCII ? asciiClass[c] : classOf(c))];
            if (ids[state] != NONE) {
                emit(ids[state], found);
            }
        }
    }

    private void scanFolded(String text, BitSet found) {
        int state = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            char c = text.charAt(i);
            if (c < ASCII) {
                state = step(state, c >= 'A' && c <= 'Z' ? (char) (c + 32) : c, found);
                i++;
                continue;
            }
            // the same per-code-point fold as Literals.fold, fed to the automaton char by char
            int cp = text.codePointAt(i);
            int folded = Literals.foldCodePoint(cp);
            if (Character.isBmpCodePoint(folded)) {
                state = step(state, (char) folded, found);
            } else {
                state = step(state, Character.highSurrogate(folded), found);
                state = step(state, Character.lowSurrogate(folded), found);
            }
            i += Character.charCount(cp);
        }
    }

    private int step(int state, char c, BitSet found) {
        int to = delta[state * classes + classOf(c)];
        if (ids[to] != NONE) {
            emit(ids[to], found);
        }
        return to;
    }

    private static void emit(int[] owners, BitSet found) {
        for (int id : owners) {
            found.set(id);
        }
    }
}
