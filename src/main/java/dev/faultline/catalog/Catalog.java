package dev.faultline.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded catalog: its version, every signature (deprecated ones included, so their ids
 * stay reserved), the known-issue registry, and the layers it was loaded from (the bundled
 * signatures first, then each team overlay), which every report names.
 */
public record Catalog(String version, List<Signature> signatures, List<KnownIssue> knownIssues, List<Layer> layers) {

    public Catalog {
        signatures = List.copyOf(signatures);
        knownIssues = List.copyOf(knownIssues);
        layers = List.copyOf(layers);
    }

    public Catalog(String version, List<Signature> signatures, List<KnownIssue> knownIssues) {
        this(version, signatures, knownIssues, List.of());
    }

    /**
     * How a layer was found, in the order layers are applied (a later one overrides an earlier
     * one by id): command line beats environment beats the working directory.
     */
    public enum Origin {
        BUNDLED("bundled"),
        /** The nearest {@code .faultline/} directory in the working directory or one of its parents. */
        DISCOVERED("found from the working directory"),
        ENVIRONMENT("FAULTLINE_CATALOG"),
        OPTION("--catalog"),
        /** Ticket links and resolutions kept in the report job's state file. */
        STATE("state file");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One registry or signature set the catalog was built from.
     *
     * @param version    the layer's own version ({@code catalog.yaml}), a content hash for an overlay without one, or null
     * @param path       the directory or file as the user named it (relative stays relative); null for the bundled catalog inside the jar
     * @param signatures signatures the layer defines (added or overriding)
     * @param knownIssues known issues it defines
     */
    public record Layer(String name, String version, Origin origin, String path, int signatures, int knownIssues) {

        /**
         * "2026.11.1 (bundled)", "netra 2025.09.15 (--catalog samples/catalog: 2 known issues)",
         * "state (state file state.db: 1 ticket link or resolution)".
         */
        public String describe() {
            if (origin == Origin.BUNDLED) {
                return version + " (bundled)";
            }
            List<String> counts = new ArrayList<>();
            if (origin == Origin.STATE) {
                counts.add(knownIssues + (knownIssues == 1 ? " ticket link or resolution" : " ticket links and resolutions"));
            } else {
                if (signatures > 0 || knownIssues == 0) {
                    counts.add(signatures + (signatures == 1 ? " signature" : " signatures"));
                }
                if (knownIssues > 0) {
                    counts.add(knownIssues + (knownIssues == 1 ? " known issue" : " known issues"));
                }
            }
            return name + (version == null ? "" : " " + version) + " (" + origin.label() + (path == null ? "" : " " + path)
                    + ": " + String.join(", ", counts) + ")";
        }
    }

    /**
     * The line every report prints: "catalog 2026.11.1 (bundled) + netra 2025.09.15 (--catalog
     * samples/catalog: 2 known issues)", and, when no layer holds a known issue, says that no
     * ticket can be matched. Without layers (a catalog built in code), "catalog VERSION".
     */
    public static String describe(String version, List<Layer> layers) {
        if (layers.isEmpty()) {
            return "catalog " + version;
        }
        List<String> parts = new ArrayList<>();
        layers.forEach(l -> parts.add(l.describe()));
        boolean registry = layers.stream().anyMatch(l -> l.knownIssues() > 0);
        return "catalog " + String.join(" + ", parts) + (registry ? "" : "; no known-issue registry loaded");
    }

    public String describe() {
        return describe(version, layers);
    }

    /** This catalog with another known-issue registry and one more layer that says where it came from. */
    public Catalog withKnownIssues(List<KnownIssue> issues, Layer layer) {
        List<Layer> all = new ArrayList<>(layers);
        all.add(layer);
        return new Catalog(version, signatures, issues, all);
    }

    /** Signatures that take part in matching (not deprecated), known noise included. */
    public List<Signature> active() {
        return signatures.stream().filter(s -> s.status() != Signature.Status.DEPRECATED).toList();
    }

    /** Active signatures that diagnose (causes and symptoms): what triage matches every event against. */
    public List<Signature> diagnostic() {
        return active().stream().filter(s -> !s.isNoise()).toList();
    }

    /** Active known-noise signatures: benign lines that look like errors, kept out of what is mined. */
    public List<Signature> noise() {
        return active().stream().filter(Signature::isNoise).toList();
    }

    public Optional<Signature> signature(String id) {
        return signatures.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<KnownIssue> knownIssue(String id) {
        return knownIssues.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public Map<String, Signature> byId() {
        Map<String, Signature> map = new LinkedHashMap<>();
        signatures.forEach(s -> map.put(s.id(), s));
        return map;
    }
}
