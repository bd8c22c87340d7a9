package dev.faultline.mine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drain (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth Tree", ICWS 2017),
 * written here because no maintained Java implementation exists (FACTS.md).
 *
 * <p>A line's masked tokens walk a tree of fixed depth: first by token count (and an optional
 * anchor, such as the application frame of a traceback, that must be equal), then by its first
 * {@code depth - 2} tokens, where a token that holds a digit or a placeholder, and any token past a
 * node's {@code maxChildren}, takes the {@code <*>} branch. At the leaf, the line joins the cluster
 * whose template it resembles most (the share of positions with the same token) if that share
 * reaches the similarity threshold; the positions where they differ become {@code <*>}. Otherwise
 * the line starts a cluster of its own.
 *
 * <p>Memory is bounded by {@code maxClusters}: a line that would start a cluster beyond it is
 * counted as dropped. Not thread-safe.
 */
public final class Drain {

    /**
     * @param depth       tree depth including the token-count level and the leaves (Drain's default 4: two prefix tokens)
     * @param similarity  the share of equal positions a line needs to join a cluster
     * @param maxChildren children of an inner node before further tokens take the {@code <*>} branch
     * @param maxClusters clusters kept; lines that would start more are dropped (and counted)
     */
    public record Config(int depth, double similarity, int maxChildren, int maxClusters) {
        public Config {
            if (depth < 3) {
                throw new IllegalArgumentException("depth must be at least 3, not " + depth);
            }
            if (!(similarity > 0 && similarity <= 1)) {
                throw new IllegalArgumentException("similarity must be in (0, 1], not " + similarity);
            }
        }
    }

    /** One group of lines and what they have in common. Mutable while mining; {@link Drain} owns it. */
    public static final class Cluster {
        private final int id;
        private final String anchor;
        private String[] tokens;
        private long size;

        Cluster(int id, String anchor, String[] tokens) {
            this.id = id;
            this.anchor = anchor;
            this.tokens = tokens.clone();
        }

        /** The order in which clusters were created, from 0. */
        public int id() {
            return id;
        }

        public String anchor() {
            return anchor;
        }

        /** The template's tokens: the lines' masked tokens, {@link Masker#ANY} where they differ. */
        public List<String> tokens() {
            return List.of(tokens);
        }

        public long size() {
            return size;
        }

        /** The tokens joined with single spaces. */
        public String template() {
            return String.join(" ", tokens);
        }
    }

    private final Config config;
    private final Map<String, Node> roots = new HashMap<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private long dropped;

    public Drain(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** Every cluster in creation order. */
    public List<Cluster> clusters() {
        return clusters;
    }

    /** Lines not grouped because {@link Config#maxClusters} was reached. */
    public long dropped() {
        return dropped;
    }

    /**
     * Groups one line: the cluster it joined or started, or null when it would have started one past the cap.
     *
     * @param tokens the line's masked tokens ({@link Masker#tokens})
     * @param anchor what must be equal for two lines to group (null: nothing beyond the tokens)
     */
    public Cluster add(String[] tokens, String anchor) {
        String rootKey = tokens.length + (anchor == null ? "" : "\u0000" + anchor);
        Node node = roots.computeIfAbsent(rootKey, k -> new Node());
        int prefix = Math.min(config.depth() - 2, tokens.length);
        for (int i = 0; i < prefix; i++) {
            node = node.child(routeKey(tokens[i]), config.maxChildren());
        }
        Cluster best = null;
        double bestSim = -1;
        int bestParams = -1;
        for (Cluster c : node.clusters) {
            int equal = 0;
            int params = 0;
            for (int i = 0; i < tokens.length; i++) {
                String t = c.tokens[i];
                if (t.equals(Masker.ANY)) {
                    params++;
                } else if (t.equals(tokens[i])) {
                    equal++;
                }
            }
            double sim = tokens.length == 0 ? 1 : (double) equal / tokens.length;
            if (sim > bestSim || (sim == bestSim && params > bestParams)) {
                best = c;
                bestSim = sim;
                bestParams = params;
            }
        }
        if (best != null && bestSim >= config.similarity()) {
            String[] t = best.tokens;
            for (int i = 0; i < tokens.length; i++) {
                if (!t[i].equals(tokens[i]) && !t[i].equals(Masker.ANY)) {
                    t[i] = Masker.ANY;
                }
            }
            best.size++;
            return best;
        }
        if (clusters.size() >= config.maxClusters()) {
            dropped++;
            return null;
        }
        Cluster created = new Cluster(clusters.size(), anchor, tokens);
        created.size = 1;
        clusters.add(created);
        node.clusters.add(created);
        return created;
    }

    /** The branch a token takes: values that vary (digits, placeholders) all take {@code <*>}. */
    private static String routeKey(String token) {
        return Masker.hasDigit(token) || Masker.isVariable(token) ? Masker.ANY : token;
    }

    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final List<Cluster> clusters = new ArrayList<>();

        Node child(String key, int maxChildren) {
            Node n = children.get(key);
            if (n != null) {
                return n;
            }
            if (children.size() >= maxChildren) {
                return children.computeIfAbsent(Masker.ANY, k -> new Node());
            }
            n = new Node();
            children.put(key, n);
            return n;
        }
    }
}
