package dev.faultline.match;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Literals;
import dev.faultline.catalog.Signature;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches events against a list of signatures: a literal prefilter picks the candidate regexes,
 * RE2J confirms them and extracts the named groups.
 *
 * <p>The prefilter is one Aho-Corasick automaton ({@link LiteralAutomaton}) over the literal
 * fragments of every regex (see {@link Literals}), so the text is scanned once however many
 * signatures there are; RE2J then
 * runs only on the regexes whose literal occurred. Measured here, this is what makes a large
 * catalog affordable (FACTS.md: 0.57x of parse speed against 0.07x for trying every regex).
 *
 * <p>When some regex is case-insensitive, the automaton holds every literal folded and folds the
 * text as it scans it: a superset of candidates, which RE2J then narrows. When none is, the text
 * is scanned as it is. The text is never copied.
 *
 * <p>Thread-safe after construction: the automaton is read-only and RE2J patterns are immutable.
 */
public final class Matcher {

    private final List<Signature> signatures;
    /** Every regex of every signature, flattened: signature i owns patterns [first[i], first[i+1]). */
    private final List<Signature.MatchPattern> patterns = new ArrayList<>();
    private final int[] first;
    /**
     * Per flattened pattern, the literal runs every match contains, in the order a match contains
     * them (see {@link Literals#required}): a text lacking one, or holding them only out of order,
     * cannot match, so RE2J is not run on it. Near misses are common (a benign "timeout after 3.0s"
     * line for {@code Phase \d+ ... timeout after}; a line with a rule's phrase but not the "#" its
     * regex needs after it), and {@code String.indexOf} rejects them far cheaper than an unanchored
     * RE2J search, which reads at ~10 MB/s (FACTS.md). Short runs count too: one char such as
     * "#" or "=" is often the most selective of all, and a one-char {@code indexOf} is the cheapest.
     */
    private final List<String[]> required = new ArrayList<>();
    /** Per flattened pattern, the extract names that are groups of that regex. */
    private final List<List<String>> groupsToExtract = new ArrayList<>();
    private final LiteralAutomaton prefilter;

    /**
     * @param active the signatures to match, in catalog order (usually {@code catalog.active()});
     *               hits come back in this order
     */
    public Matcher(List<Signature> active) {
        this.signatures = List.copyOf(active);
        this.first = new int[signatures.size() + 1];
        for (int i = 0; i < signatures.size(); i++) {
            first[i] = patterns.size();
            Signature s = signatures.get(i);
            for (Signature.MatchPattern p : s.patterns()) {
                patterns.add(p);
                // (?i) patterns are left to RE2J: their literals compare against folded text
                required.add(p.caseInsensitive() ? new String[0] : Literals.required(p.regex()).toArray(String[]::new));
                Set<String> named = p.pattern().namedGroups().keySet();
                groupsToExtract.add(s.extract().stream().filter(named::contains).toList());
            }
        }
        first[signatures.size()] = patterns.size();
        boolean fold = patterns.stream().anyMatch(Signature.MatchPattern::caseInsensitive);

        // One entry per distinct literal, carrying every pattern that needs it.
        Map<String, List<Integer>> byLiteral = new LinkedHashMap<>();
        for (int p = 0; p < patterns.size(); p++) {
            for (String literal : patterns.get(p).literals()) {
                String key = fold ? Literals.fold(literal) : literal;
                byLiteral.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, int[]> owners = new LinkedHashMap<>();
        byLiteral.forEach((literal, ps) -> owners.put(literal, ps.stream().mapToInt(Integer::intValue).toArray()));
        this.prefilter = new LiteralAutomaton(owners, fold);
    }

    /** The signatures this matcher was built with, in order. */
    public List<Signature> signatures() {
        return signatures;
    }

    /**
     * Every signature that matches the event, at most one hit each, in catalog order. A signature
     * with several regexes takes its fields from the first regex (in catalog order) that matches.
     * Signatures restricted by {@code log_name} only match events whose head entry has one of those logs.
     */
    public List<Hit> match(Event event) {
        String text = event.text() == null ? "" : event.text();
        BitSet candidates = candidates(text);
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Hit> hits = new ArrayList<>(2);
        String logName = event.head().logName();
        for (int s = 0; s < signatures.size(); s++) {
            int next = candidates.nextSetBit(first[s]);
            if (next < 0) {
                break;
            }
            if (next >= first[s + 1]) {
                continue;
            }
            Signature signature = signatures.get(s);
            if (!signature.logNames().isEmpty() && !signature.logNames().contains(logName)) {
                continue;
            }
            for (int p = next; p < first[s + 1]; p++) {
                if (!candidates.get(p) || !containsInOrder(text, required.get(p))) {
                    continue;
                }
                com.google.re2j.Matcher m = patterns.get(p).pattern().matcher(text);
                if (m.find()) {
                    hits.add(new Hit(signature, event, fields(m, groupsToExtract.get(p))));
                    break;
                }
            }
        }
        return hits;
    }

    /**
     * Whether the literals occur in the text with non-decreasing start positions, each the earliest
     * such occurrence. A match holds them in that order (runs may overlap by a repeated char:
     * {@code ab+c} requires "ab" then "bc", one char later), and the earliest occurrences start no
     * later than a match's, so this never rejects a text the regex matches.
     */
    static boolean containsInOrder(String text, String[] literals) {
        int from = 0;
        for (String literal : literals) {
            int at = literal.length() == 1 ? text.indexOf(literal.charAt(0), from) : text.indexOf(literal, from);
            if (at < 0) {
                return false;
            }
            from = at;
        }
        return true;
    }

    /** Indexes of the flattened patterns one of whose literals occurs in the text. */
    BitSet candidates(String text) {
        BitSet found = new BitSet(patterns.size());
        prefilter.scan(text, found);
        return found;
    }

    private static Map<String, String> fields(com.google.re2j.Matcher m, List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : names) {
            String value = m.group(name);
            if (value != null) {
                fields.put(name, value); // an optional group that did not take part is left out, never null
            }
        }
        return fields;
    }
}
