package dev.faultline.catalog;

import com.google.re2j.Pattern;

import java.util.List;

/**
 * One failure signature, loaded from a YAML file in {@code signatures/}. A signature is data:
 * the engine knows nothing about any one of them.
 *
 * @param id          stable dotted id, never reused (retired ones stay, {@code status: deprecated})
 * @param version     bumped whenever the match changes
 * @param role        a cause explains a failure; a symptom is its platform consequence (exit code, probe failure);
 *                    noise is a benign line that looks like an error (never a failure, never mined as unclassified)
 * @param logNames    short log ids the signature is restricted to (empty: any log)
 * @param patterns    any one of them matching the event text is a hit
 * @param extract     named groups whose values become the hit's fields
 * @param overlaps    ids this signature may legitimately fire together with (a specific cause inside a
 *                    generic condition message); the precision rule of the examples allows these pairs
 * @param relatedConfig revision settings ({@code RevisionConfig.SETTINGS}) whose change can lead to this failure;
 *                    config diffs list changes of these first, as leads, never as proof
 * @param file        the YAML file it was loaded from, for error messages
 * @param runtimes    the language runtimes whose processes write this text ({@link #RUNTIMES}); empty when any
 *                    process can (platform messages, server replies every client quotes)
 * @param family      the {@code family:} of the file it was loaded from: the row of the coverage table
 */
public record Signature(String id, int version, String title, Layer layer, Level severity, Role role,
                       Status status, List<String> logNames, List<MatchPattern> patterns,
                       List<String> extract, List<String> overlaps, List<String> examplesMatch, List<String> examplesNoMatch,
                       List<String> references, String remediation, List<String> relatedConfig, String file,
                       List<String> runtimes, String family) {

    /** The values {@code runtimes:} may take, in the order coverage tables list them. */
    public static final List<String> RUNTIMES = List.of("python", "node", "java", "go", "ruby", "php", "dotnet");

    public Signature {
        runtimes = List.copyOf(runtimes);
        family = family == null ? "" : family;
        logNames = List.copyOf(logNames);
        patterns = List.copyOf(patterns);
        extract = List.copyOf(extract);
        overlaps = List.copyOf(overlaps);
        examplesMatch = List.copyOf(examplesMatch);
        examplesNoMatch = List.copyOf(examplesNoMatch);
        references = List.copyOf(references);
        relatedConfig = List.copyOf(relatedConfig);
    }

    /** A signature outside any family and runtime (tests and tools that build one by hand). */
    public Signature(String id, int version, String title, Layer layer, Level severity, Role role,
                     Status status, List<String> logNames, List<MatchPattern> patterns,
                     List<String> extract, List<String> overlaps, List<String> examplesMatch, List<String> examplesNoMatch,
                     List<String> references, String remediation, List<String> relatedConfig, String file) {
        this(id, version, title, layer, severity, role, status, logNames, patterns, extract, overlaps, examplesMatch,
                examplesNoMatch, references, remediation, relatedConfig, file, List.of(), "");
    }

    /** {@code cloudrun.port-listen-timeout@2}: what a ticket cites so a hit can be re-checked later. */
    public String ref() {
        return id + "@" + version;
    }

    /** True when either of the two declares the overlap: one declaration covers the pair. */
    public boolean overlapsWith(Signature other) {
        return overlaps.contains(other.id) || other.overlaps.contains(id);
    }

    public boolean isCause() {
        return role == Role.CAUSE;
    }

    /** Known noise: a benign line that looks like an error. It never marks a failure and is never mined. */
    public boolean isNoise() {
        return role == Role.NOISE;
    }

    /** Hits of signatures at error level or above make a revision failing; warnings only inform. */
    public boolean marksFailure() {
        return role != Role.NOISE && (severity == Level.CRITICAL || severity == Level.ERROR);
    }

    /**
     * A regex and the literal fragments every match of it must contain (lower-cased when the
     * regex is case-insensitive); the prefilter looks for the literals before RE2J runs.
     *
     * @param literals any one of them present makes the event a candidate (alternation branches)
     */
    public record MatchPattern(String regex, Pattern pattern, List<String> literals, boolean caseInsensitive) {
        public MatchPattern {
            literals = List.copyOf(literals);
        }
    }

    public enum Layer { PLATFORM, APP, DEPENDENCY, CONFIG }

    public enum Level { CRITICAL, ERROR, WARNING, INFO }

    public enum Role { CAUSE, SYMPTOM, NOISE }

    public enum Status { EXPERIMENTAL, TEST, STABLE, DEPRECATED }
}
