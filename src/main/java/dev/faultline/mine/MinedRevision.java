package dev.faultline.mine;

import java.util.List;
import java.util.Map;

/**
 * What the miner found on one revision.
 *
 * @param unclassified   its unclassified error templates, most frequent first
 * @param probableCauses ranked candidates for the cause of its failure (at most {@link Miner#CANDIDATES_SHOWN}),
 *                       when it failed or served 5xx and no cause signature matched; empty otherwise
 * @param noise          known-noise signature id -> events, for lines the catalog's noise part recognised
 */
public record MinedRevision(List<RevisionTemplate> unclassified, List<ProbableCause> probableCauses, Map<String, Long> noise) {

    public static final MinedRevision NONE = new MinedRevision(List.of(), List.of(), Map.of());

    public MinedRevision {
        unclassified = List.copyOf(unclassified);
        probableCauses = List.copyOf(probableCauses);
        noise = Map.copyOf(noise);
    }

    /** Events of the most frequent unclassified template, or 0. */
    public long topCount() {
        return unclassified.isEmpty() ? 0 : unclassified.get(0).count();
    }
}
