package dev.faultline.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded catalog: its version, every signature (deprecated ones included, so their ids
 * stay reserved) and the known-issue registry.
 */
public record Catalog(String version, List<Signature> signatures, List<KnownIssue> knownIssues) {

    public Catalog {
        signatures = List.copyOf(signatures);
        knownIssues = List.copyOf(knownIssues);
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
