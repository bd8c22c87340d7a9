package dev.faultline.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives, from the source of an RE2 regex, the fixed strings every match must contain. The
 * matcher's prefilter looks for these strings with one multi-pattern automaton, so RE2J only
 * runs on events that could match.
 *
 * <p>The rules are conservative: a literal is only reported when every match contains it.
 * <ul>
 *   <li>Top-level alternation {@code a|b}: one literal per branch; the regex is a candidate when
 *       any of them is present.</li>
 *   <li>Inside a branch: the longest run of literal characters that is required, that is not under
 *       {@code ?}, {@code *} or {@code {0,n}}, and not inside an alternated group. Groups that are
 *       neither optional nor alternated are transparent ({@code foo(?P<x>bar)} gives "foobar").</li>
 *   <li>Escapes ({@code \.}, {@code \(}, {@code \$}, {@code \t}, {@code \x41}, {@code \Q...\E}) are
 *       literal characters; character classes, {@code .}, {@code \d}, {@code \s}, {@code \pL},
 *       anchors and word boundaries end a run.</li>
 *   <li>{@code (?i)}: the literal is returned case-folded (see {@link #fold}) and the result is
 *       marked case-insensitive, so the matcher compares it against a folded copy of the text.</li>
 * </ul>
 * An empty list means some branch has no literal at all: the catalog rejects such a regex.
 * The input is assumed to compile in RE2J already; on syntax RE2J would reject, the result is
 * still conservative (unknown constructs end a run).
 */
public final class Literals {

    /**
     * @param literals        one per top-level alternative, in order; empty when some alternative has none
     * @param caseInsensitive true when a literal came from a {@code (?i)} part and is folded
     */
    public record Result(List<String> literals, boolean caseInsensitive) {
        public Result {
            literals = List.copyOf(literals);
        }
    }

    private final String re;
    private int pos;

    private Literals(String re) {
        this.re = re;
    }

    /** The literal fragments of {@code regex}; see the class comment for the rules. */
    public static Result of(String regex) {
        Node root = unwrap(new Literals(regex).parseAll());
        List<Node> branches = root instanceof Alt alt ? alt.branches() : List.of(root);
        List<String> literals = new ArrayList<>();
        boolean fold = false;
        List<Run> best = new ArrayList<>();
        for (Node branch : branches) {
            Run run = longest(branch);
            if (run == null) {
                return new Result(List.of(), false);
            }
            best.add(run);
            fold |= run.fold();
        }
        for (Run run : best) {
            // Once one literal is compared folded, all of this regex's are: one flag per pattern.
            literals.add(fold ? fold(run.text()) : run.text());
        }
        return new Result(literals, fold);
    }

    /**
     * The named groups that take part in every match of {@code regex}: not under {@code ?},
     * {@code *} or {@code {0,n}}, and not in only some branches of an alternation. A remediation
     * may use these fields without a default, since a hit always has them.
     */
    public static Set<String> requiredGroups(String regex) {
        return required(new Literals(regex).parseAll());
    }

    private static Set<String> required(Node node) {
        Set<String> names = new HashSet<>();
        if (node instanceof Seq seq) {
            seq.items().forEach(item -> names.addAll(required(item)));
        } else if (node instanceof Group group) {
            if (group.name() != null) {
                names.add(group.name());
            }
            names.addAll(required(group.body()));
        } else if (node instanceof Repeat repeat && repeat.min() > 0) {
            names.addAll(required(repeat.atom()));
        } else if (node instanceof Alt alt) {
            names.addAll(required(alt.branches().get(0)));
            alt.branches().forEach(branch -> names.retainAll(required(branch)));
        }
        return names;
    }

    /**
     * Every case-sensitive literal run that each match of {@code regex} contains, in order, not only
     * the longest; empty when the regex has a top-level alternation (no run is then required by
     * every match). The matcher checks them all before it runs RE2J on a candidate.
     */
    public static List<String> required(String regex) {
        Node root = unwrap(new Literals(regex).parseAll());
        if (root instanceof Alt) {
            return List.of();
        }
        Runs runs = new Runs();
        runs.walk(root);
        runs.cut();
        return runs.done.stream().filter(run -> !run.fold()).map(Run::text).toList();
    }

    /**
     * True when every match of {@code regex} holds a line break: each top-level alternative
     * requires a literal {@code \n}. Such a regex can only match an event stitched from several
     * lines (or an entry the platform kept whole), never a single line.
     */
    public static boolean spansLines(String regex) {
        Node root = unwrap(new Literals(regex).parseAll());
        List<Node> branches = root instanceof Alt alt ? alt.branches() : List.of(root);
        for (Node branch : branches) {
            Runs runs = new Runs();
            runs.walk(branch);
            runs.cut();
            if (runs.done.stream().noneMatch(run -> run.text().indexOf('\n') >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** A group around the whole regex ("(?:a|b)", "(?P<x>a|b)") is the same as top-level alternation. */
    private static Node unwrap(Node root) {
        while (true) {
            if (root instanceof Group group) {
                root = group.body();
            } else if (root instanceof Seq seq && seq.items().size() == 1 && !(seq.items().get(0) instanceof Repeat)) {
                root = seq.items().get(0);
            } else {
                return root;
            }
        }
    }

    /**
     * Case-folds text one code point at a time (lower case of upper case), so that the characters
     * RE2J's {@code (?i)} treats as equal map to the same one: 'K', 'k' and the Kelvin sign all give
     * 'k'; 'S', 's' and the long s 'ſ' give 's'. Per code point, never per string, so that a substring
     * of the text folds to the fold of that substring (String.toLowerCase is context-sensitive for sigma).
     */
    public static String fold(CharSequence text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); ) {
            int c = Character.codePointAt(text, i);
            int f = foldCodePoint(c);
            if (f != c && sb == null) {
                sb = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (sb != null) {
                sb.appendCodePoint(f);
            }
            i += Character.charCount(c);
        }
        return sb == null ? text.toString() : sb.toString();
    }

    /** The fold of one code point, as {@link #fold} applies it. */
    public static int foldCodePoint(int c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    // ---- the small syntax tree: just enough of RE2 to know which characters are required ----

    private sealed interface Node permits Lit, Other, Seq, Alt, Group, Repeat {
    }

    /** One literal character (a code point: one char, or a surrogate pair); {@code fold} when it is cased and under (?i). */
    private record Lit(String chars, boolean fold) implements Node {
    }

    /** Anything that is not a required literal char: a class, '.', an anchor, \d, \b. */
    private record Other() implements Node {
    }

    private record Seq(List<Node> items) implements Node {
    }

    private record Alt(List<Node> branches) implements Node {
    }

    /** @param name the capture name of {@code (?P<name>...)}, or null */
    private record Group(String name, Node body) implements Node {
    }

    /** {@code atom} repeated at least {@code min} times. */
    private record Repeat(Node atom, int min) implements Node {
    }

    private record Run(String text, boolean fold) {
    }

    private Node parseAll() {
        // A stray ')' stops the parse (RE2J would not compile it): the rest is ignored, not guessed.
        return parseAlternation(false);
    }

    /** Parses up to an unmatched ')' or the end; {@code fold} is the (?i) state inherited from outside. */
    private Node parseAlternation(boolean fold) {
        List<Node> branches = new ArrayList<>();
        List<Node> items = new ArrayList<>();
        // Flags set with (?i) last until the end of the enclosing group, across '|' (as in RE2).
        boolean[] flags = {fold};
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == ')') {
                break;
            }
            if (c == '|') {
                pos++;
                branches.add(new Seq(items));
                items = new ArrayList<>();
                continue;
            }
            Node atom = parseAtom(flags, items);
            if (atom != null) {
                items.add(quantified(atom));
            }
        }
        branches.add(new Seq(items));
        return branches.size() == 1 ? branches.get(0) : new Alt(branches);
    }

    /** One atom, or null for something that adds nothing (a flag group like (?i)). May add several literals to {@code items} itself (\Q..\E). */
    private Node parseAtom(boolean[] flags, List<Node> items) {
        char c = re.charAt(pos);
        switch (c) {
            case '(':
                return parseGroup(flags);
            case '[':
                skipClass();
                return new Other();
            case '.':
            case '^':
            case '$':
                pos++;
                return new Other();
            case '\\':
                return parseEscape(flags[0], items);
            case '*':
            case '+':
            case '?':
                // A quantifier with nothing before it does not compile; stay conservative.
                pos++;
                return new Other();
            case '{':
                if (repeatAt(pos) > 0) {
                    pos += repeatAt(pos);
                    return new Other();
                }
                pos++;
                return lit('{', flags[0]);
            default:
                int cp = re.codePointAt(pos);
                pos += Character.charCount(cp);
                return lit(cp, flags[0]);
        }
    }

    private Node parseGroup(boolean[] flags) {
        pos++; // '('
        boolean fold = flags[0];
        String name = null;
        if (pos < re.length() && re.charAt(pos) == '?') {
            pos++;
            if (pos < re.length() && (re.charAt(pos) == 'P' || re.charAt(pos) == '<')) {
                // (?P<name>...) or (?<name>...): a capturing group
                int open = re.indexOf('<', pos);
                int close = re.indexOf('>', pos);
                if (open >= 0 && close > open) {
                    name = re.substring(open + 1, close);
                }
                pos = close < 0 ? re.length() : close + 1;
            } else {
                // (?flags) or (?flags:...)
                boolean negate = false;
                boolean newFold = fold;
                while (pos < re.length() && re.charAt(pos) != ')' && re.charAt(pos) != ':') {
                    char f = re.charAt(pos++);
                    if (f == '-') {
                        negate = true;
                    } else if (f == 'i') {
                        newFold = !negate;
                    }
                }
                if (pos >= re.length()) {
                    return new Other();
                }
                if (re.charAt(pos) == ')') {
                    pos++;
                    flags[0] = newFold;
                    return null;
                }
                pos++; // ':'
                fold = newFold;
            }
        }
        Node body = parseAlternation(fold);
        if (pos < re.length() && re.charAt(pos) == ')') {
            pos++;
        }
        return new Group(name, body);
    }

    private Node parseEscape(boolean fold, List<Node> items) {
        if (pos + 1 >= re.length()) {
            pos++;
            return new Other();
        }
        char e = re.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'a':
                return lit('\u0007', fold);
            case 'f':
                return lit('\f', fold);
            case 't':
                return lit('\t', fold);
            case 'n':
                return lit('\n', fold);
            case 'r':
                return lit('\r', fold);
            case 'v':
                return lit('\u000B', fold);
            case 'x':
                return hexEscape(fold);
            case 'Q': {
                int end = re.indexOf("\\E", pos);
                String quoted = re.substring(pos, end < 0 ? re.length() : end);
                pos = end < 0 ? re.length() : end + 2;
                if (quoted.isEmpty()) {
                    return null;
                }
                int[] cps = quoted.codePoints().toArray();
                for (int i = 0; i < cps.length - 1; i++) {
                    items.add(lit(cps[i], fold));
                }
                // The last character is returned so that a quantifier after \E applies to it alone.
                return lit(cps[cps.length - 1], fold);
            }
            case 'p':
            case 'P':
                if (pos < re.length() && re.charAt(pos) == '{') {
                    int close = re.indexOf('}', pos);
                    pos = close < 0 ? re.length() : close + 1;
                } else {
                    pos = Math.min(pos + 1, re.length());
                }
                return new Other();
            default:
                if (e >= '0' && e <= '7') {
                    int value = e - '0';
                    for (int n = 0; n < 2 && pos < re.length() && re.charAt(pos) >= '0' && re.charAt(pos) <= '7'; n++) {
                        value = value * 8 + (re.charAt(pos++) - '0');
                    }
                    return lit((char) value, fold);
                }
                if (e < 0x80 && !Character.isLetterOrDigit(e)) {
                    return lit(e, fold); // \. \( \$ \\ and other escaped punctuation
                }
                // \d \D \s \S \w \W \b \B \A \z \C, and anything unknown
                return new Other();
        }
    }

    private Node hexEscape(boolean fold) {
        int start;
        int end;
        if (pos < re.length() && re.charAt(pos) == '{') {
            start = pos + 1;
            end = re.indexOf('}', start);
            if (end < 0) {
                pos = re.length();
                return new Other();
            }
            pos = end + 1;
        } else {
            start = pos;
            end = Math.min(pos + 2, re.length());
            pos = end;
        }
        int cp;
        try {
            cp = Integer.parseInt(re.substring(start, end), 16);
        } catch (NumberFormatException ex) {
            return new Other();
        }
        if (!Character.isValidCodePoint(cp)) {
            return new Other();
        }
        return lit(cp, fold);
    }

    private static Lit lit(int cp, boolean fold) {
        boolean cased = Character.toLowerCase(cp) != cp || Character.toUpperCase(cp) != cp || foldCodePoint(cp) != cp;
        return new Lit(Character.toString(cp), fold && cased);
    }

    /** Skips a character class starting at '['; handles "[]a]", "[^]a]", "[[:alpha:]]" and escapes. */
    private void skipClass() {
        pos++; // '['
        if (pos < re.length() && re.charAt(pos) == '^') {
            pos++;
        }
        if (pos < re.length() && re.charAt(pos) == ']') {
            pos++;
        }
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == ']') {
                pos++;
                return;
            }
            if (c == '\\') {
                pos += 2;
                if (pos < re.length() && re.charAt(pos) == '{' && (re.charAt(pos - 1) == 'p' || re.charAt(pos - 1) == 'P'
                        || re.charAt(pos - 1) == 'x')) {
                    int close = re.indexOf('}', pos);
                    pos = close < 0 ? re.length() : close + 1;
                }
            } else if (c == '[' && pos + 1 < re.length() && re.charAt(pos + 1) == ':') {
                int close = re.indexOf(":]", pos + 2);
                pos = close < 0 ? pos + 1 : close + 2;
            } else {
                pos++;
            }
        }
    }

    /** Wraps {@code atom} in every quantifier that follows it. */
    private Node quantified(Node atom) {
        while (pos < re.length()) {
            char c = re.charAt(pos);
            int min;
            if (c == '*' || c == '?') {
                min = 0;
                pos++;
            } else if (c == '+') {
                min = 1;
                pos++;
            } else if (c == '{' && repeatAt(pos) > 0) {
                int len = repeatAt(pos);
                String spec = re.substring(pos + 1, pos + len - 1);
                int comma = spec.indexOf(',');
                min = Integer.parseInt(comma < 0 ? spec : spec.substring(0, comma));
                pos += len;
            } else {
                return atom;
            }
            if (pos < re.length() && re.charAt(pos) == '?') {
                pos++; // non-greedy: same requirements
            }
            atom = new Repeat(atom, min);
        }
        return atom;
    }

    /** Length of a valid repeat "{n}", "{n,}" or "{n,m}" at {@code at}, or 0 when '{' is a literal there (as in RE2). */
    private int repeatAt(int at) {
        int i = at + 1;
        int digits = 0;
        while (i < re.length() && Character.isDigit(re.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0 || i >= re.length()) {
            return 0;
        }
        if (re.charAt(i) == ',') {
            i++;
            while (i < re.length() && Character.isDigit(re.charAt(i))) {
                i++;
            }
        }
        return i < re.length() && re.charAt(i) == '}' ? i - at + 1 : 0;
    }

    // ---- required runs ----

    private static Run longest(Node branch) {
        Runs runs = new Runs();
        runs.walk(branch);
        runs.cut();
        Run best = null;
        for (Run run : runs.done) {
            if (best == null || run.text().length() > best.text().length()) {
                best = run;
            }
        }
        return best;
    }

    /** Collects the required literal runs of a node, in order. */
    private static final class Runs {
        final List<Run> done = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        boolean currentFold;

        void walk(Node node) {
            if (node instanceof Lit lit) {
                add(lit);
            } else if (node instanceof Seq seq) {
                seq.items().forEach(this::walk);
            } else if (node instanceof Group group) {
                walk(group.body());
            } else if (node instanceof Repeat repeat) {
                walkRepeat(repeat);
            } else {
                // Other, or an alternation inside a group: nothing in it is required.
                cut();
            }
        }

        private void walkRepeat(Repeat repeat) {
            if (repeat.min() == 0) {
                cut();
            } else if (repeat.atom() instanceof Lit lit) {
                // "ab+c": "ab" is required, and so is "bc" (the last b touches the c).
                add(lit);
                cut();
                add(lit);
            } else {
                // The body occurs at least once, whole, but its neighbours are not adjacent to a fixed copy.
                cut();
                walk(repeat.atom());
                cut();
            }
        }

        void add(Lit lit) {
            current.append(lit.chars());
            currentFold |= lit.fold();
        }

        void cut() {
            if (current.length() > 0) {
                done.add(new Run(current.toString(), currentFold));
                current.setLength(0);
                currentFold = false;
            }
        }
    }
}
