package dev.faultline.mine;

import java.util.List;
import java.util.Map;

/**
 * The miner's account of a whole input.
 *
 * @param templates every template, most frequent first
 * @param revisions per revision ({@link Miner#key}), what was found there
 */
public record Mined(List<Template> templates, Map<String, MinedRevision> revisions, Stats stats) {

    public static final Mined EMPTY = new Mined(List.of(), Map.of(), new Stats(0, 0, 0, 0, 0, 0));

    public Mined {
        templates = List.copyOf(templates);
        revisions = Map.copyOf(revisions);
    }

    public MinedRevision revision(String service, String revision) {
        return revisions.getOrDefault(Miner.key(service, revision), MinedRevision.NONE);
    }

    /**
     * What the bounds cost, so a report can say what it left out.
     *
     * @param errorEvents     unmatched events that looked like errors (noise included)
     * @param noiseEvents     of those, the ones the catalog's noise part recognised
     * @param dropped         error events not grouped because the template cap was reached
     * @param unsplit         templates whose distinct lines outgrew the budget (kept whole, not split)
     * @param cellsDropped    per-revision or per-instance counts not kept because their cap was reached
     * @param examplesDropped examples not kept because the example budget was spent
     */
    public record Stats(long errorEvents, long noiseEvents, long dropped, long unsplit, long cellsDropped, long examplesDropped) {
    }
}
