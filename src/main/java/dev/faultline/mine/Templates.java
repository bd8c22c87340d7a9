package dev.faultline.mine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups masked lines into templates: {@link Drain} first, then one correction Drain cannot make
 * while it streams. Drain generalises a position as soon as two lines differ there, so messages
 * that differ in one fixed word ("VM Paused", "VM Resumed") end up in one template. Once all lines
 * are in, a position of a cluster is split again when the lines there take only a few distinct
 * values ({@link #CHOICE_LIMIT}) and every one of them is fixed text (letters, or a run of symbols
 * such as {@code ****}), never a masked value: a choice the code made, not data. Positions with
 * more values, or with numbers, ids or other masked parts, stay variables.
 *
 * <p>To decide that, each cluster keeps its distinct masked lines ({@link Variant}) with a count,
 * within a budget of characters; a cluster that overflowed the budget is not split. One
 * configuration serves every input: nothing here knows any log format.
 */
public final class Templates {

    /** Up to this many distinct fixed words at a position are a choice of the code; more are data. */
    public static final int CHOICE_LIMIT = 4;

    /**
     * @param drain          the tree's settings
     * @param maxVariantChars characters of distinct masked lines kept for the split, over all clusters
     */
    public record Config(Drain.Config drain, long maxVariantChars) {
        /** Drain's published defaults (depth 4, similarity 0.5, 100 children), 1,000 clusters, 4 M characters of variants. */
        public static final Config DEFAULT = new Config(new Drain.Config(4, 0.5, 100, 1_000), 4_000_000);
    }

    /** One distinct masked line of a cluster, or (tokens null) the lines that came after the budget ran out. */
    public static final class Variant {
        private final Drain.Cluster cluster;
        private final String[] tokens;
        private long count;

        Variant(Drain.Cluster cluster, String[] tokens) {
            this.cluster = cluster;
            this.tokens = tokens;
        }

        public long count() {
            return count;
        }
    }

    /**
     * A final template: its tokens (the variants' common tokens, {@link Masker#ANY} where they differ),
     * the anchor its lines share, and the variants it holds.
     */
    public record Group(String anchor, List<String> tokens, List<Variant> variants) {
        public Group {
            tokens = List.copyOf(tokens);
            variants = List.copyOf(variants);
        }

        /** The template as one line: tokens joined with single spaces. */
        public String text() {
            return String.join(" ", tokens);
        }

        /** A stable id: the first 12 hex digits of the SHA-256 of the anchor and the template text. */
        public String id() {
            return Templates.id(anchor, text());
        }

        public long count() {
            return variants.stream().mapToLong(Variant::count).sum();
        }
    }

    private final Drain drain;
    private final long maxVariantChars;
    private final Map<Drain.Cluster, Map<Key, Variant>> variants = new LinkedHashMap<>();
    private final Map<Drain.Cluster, Variant> overflow = new HashMap<>();
    private long variantChars;

    public Templates(Config config) {
        this.drain = new Drain(config.drain());
        this.maxVariantChars = config.maxVariantChars();
    }

    /**
     * Adds one line's masked tokens; returns its variant (to count what belongs to it), or null when
     * the line was dropped because the cluster cap was reached.
     */
    public Variant add(String[] tokens, String anchor) {
        Drain.Cluster cluster = drain.add(tokens, anchor);
        if (cluster == null) {
            return null;
        }
        Map<Key, Variant> own = variants.computeIfAbsent(cluster, c -> new HashMap<>());
        Key key = new Key(tokens);
        Variant v = own.get(key);
        if (v == null) {
            long size = chars(tokens);
            if (variantChars + size > maxVariantChars) {
                v = overflow.computeIfAbsent(cluster, c -> new Variant(c, null));
            } else {
                variantChars += size;
                v = new Variant(cluster, tokens);
                own.put(key, v);
            }
        }
        v.count++;
        return v;
    }

    /** Lines dropped because {@link Drain.Config#maxClusters} was reached. */
    public long dropped() {
        return drain.dropped();
    }

    /** Clusters whose distinct lines outgrew the budget (they are not split). */
    public int overflowed() {
        return overflow.size();
    }

    /**
     * The final templates, in the order their clusters were created; every variant is in exactly one.
     * Clusters that end with the same template (Drain routes by leading tokens, so one message can
     * start two clusters before its template generalises) are one template.
     */
    public List<Group> groups() {
        Map<List<Object>, Group> merged = new LinkedHashMap<>();
        for (Group g : split()) {
            merged.merge(java.util.Arrays.asList(g.anchor(), g.tokens()), g, (a, b) -> {
                List<Variant> both = new ArrayList<>(a.variants());
                both.addAll(b.variants());
                return new Group(a.anchor(), a.tokens(), both);
            });
        }
        return new ArrayList<>(merged.values());
    }

    private List<Group> split() {
        List<Group> out = new ArrayList<>();
        for (List<Drain.Cluster> alike : alike()) {
            String anchor = alike.get(0).anchor();
            String[] template = alike.get(0).tokens().toArray(new String[0]);
            List<Variant> own = new ArrayList<>();
            boolean spilled = false;
            for (Drain.Cluster cluster : alike) {
                List<String> t = cluster.tokens();
                for (int i = 0; i < template.length; i++) {
                    if (!template[i].equals(t.get(i))) {
                        template[i] = Masker.ANY;
                    }
                }
                own.addAll(variants.getOrDefault(cluster, Map.of()).values());
                Variant spill = overflow.get(cluster);
                if (spill != null) {
                    own.add(spill);
                    spilled = true;
                }
            }
            if (spilled || own.size() < 2) {
                out.add(new Group(anchor, Arrays.asList(template), own));
            } else {
                splitByChoices(anchor, own, out);
            }
        }
        return out;
    }

    /**
     * Splits variants by the positions where they take a few fixed words, then each part again:
     * within "Task ... from NEW to SCHEDULED" and "TaskAttempt ... from X to Y" the states are a
     * choice only once the two kinds are apart.
     */
    private static void splitByChoices(String anchor, List<Variant> part, List<Group> out) {
        List<String> template = common(part);
        int[] choices = choicePositions(template, part);
        if (choices.length == 0) {
            out.add(new Group(anchor, template, part));
            return;
        }
        Map<List<String>, List<Variant>> split = new LinkedHashMap<>();
        for (Variant v : part) {
            List<String> choice = new ArrayList<>(choices.length);
            for (int p : choices) {
                choice.add(v.tokens[p]);
            }
            split.computeIfAbsent(choice, k -> new ArrayList<>()).add(v);
        }
        for (List<Variant> sub : split.values()) {
            splitByChoices(anchor, sub, out);
        }
    }

    /**
     * Drain's clusters, those taken together that start with the same token, have the same length
     * (three or more) and anchor, and differ at one position at most: Drain routes by the first
     * tokens, so a message whose second word is a value ("User alice ...", "User bob ...") starts a
     * cluster per value. The split puts a few fixed words apart again.
     */
    private List<List<Drain.Cluster>> alike() {
        List<Drain.Cluster> clusters = drain.clusters();
        int[] parent = new int[clusters.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, List<Integer>> byRoot = new LinkedHashMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            List<String> t = clusters.get(i).tokens();
            if (t.size() >= 3) {
                byRoot.computeIfAbsent(t.size() + "\u0000" + clusters.get(i).anchor() + "\u0000" + t.get(0), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> root : byRoot.values()) {
            for (int a = 0; a < root.size(); a++) {
                for (int b = a + 1; b < root.size(); b++) {
                    if (differsInOne(clusters.get(root.get(a)).tokens(), clusters.get(root.get(b)).tokens())) {
                        union(parent, root.get(a), root.get(b));
                    }
                }
            }
        }
        Map<Integer, List<Drain.Cluster>> groups = new LinkedHashMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(clusters.get(i));
        }
        return new ArrayList<>(groups.values());
    }

    private static boolean differsInOne(List<String> x, List<String> y) {
        int differ = 0;
        for (int i = 0; i < x.size() && differ <= 1; i++) {
            if (!x.get(i).equals(y.get(i))) {
                differ++;
            }
        }
        return differ <= 1;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    /** The generalised positions of a cluster where its lines take a few fixed words. */
    private static int[] choicePositions(List<String> template, java.util.Collection<Variant> variants) {
        List<Integer> positions = new ArrayList<>();
        for (int p = 0; p < template.size(); p++) {
            if (!template.get(p).equals(Masker.ANY)) {
                continue;
            }
            Set<String> values = new HashSet<>();
            boolean fixed = true;
            for (Variant v : variants) {
                String t = v.tokens[p];
                if (values.add(t) && !isFixed(t)) {
                    fixed = false;
                    break;
                }
                if (values.size() > CHOICE_LIMIT) {
                    break;
                }
            }
            if (fixed && values.size() > 1 && values.size() <= CHOICE_LIMIT) {
                positions.add(p);
            }
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Fixed text: no digit, no placeholder, and either a letter or a run of two or more symbols. */
    static boolean isFixed(String token) {
        if (Masker.hasDigit(token) || Masker.isVariable(token)) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (Character.isLetter(token.charAt(i))) {
                return true;
            }
        }
        return token.length() >= 2;
    }

    /** The tokens the variants share, {@link Masker#ANY} where they differ. */
    private static List<String> common(List<Variant> part) {
        String[] t = part.get(0).tokens.clone();
        for (Variant v : part) {
            for (int i = 0; i < t.length; i++) {
                if (!t[i].equals(v.tokens[i])) {
                    t[i] = Masker.ANY;
                }
            }
        }
        return Arrays.asList(t);
    }

    private static long chars(String[] tokens) {
        long n = 16;
        for (String t : tokens) {
            n += t.length() + 8;
        }
        return n;
    }

    /**
     * Whether two template texts can stand for the same message: as many tokens, each position equal
     * or {@link Masker#ANY} in either. A template seen again with one more value generalised
     * ("User <*> not found" after "User alice not found") has a new id but is no new message.
     */
    public static boolean alike(String a, String b) {
        String[] x = a.split(" ");
        String[] y = b.split(" ");
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length; i++) {
            if (!x[i].equals(y[i]) && !x[i].equals(Masker.ANY) && !y[i].equals(Masker.ANY)) {
                return false;
            }
        }
        return true;
    }

    /** The id of a template: 12 hex digits of SHA-256 over the anchor (if any), a newline and the text. */
    public static String id(String anchor, String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (anchor != null) {
                sha.update(anchor.getBytes(StandardCharsets.UTF_8));
            }
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Token arrays as map keys. */
    private record Key(String[] tokens, int hash) {
        Key(String[] tokens) {
            this(tokens, Arrays.hashCode(tokens));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.tokens, tokens);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
