package dev.faultline.incident;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Revisions beyond the ones kept in full detail ({@link Grouper#MAX_REVISIONS}): an input with a
 * million distinct revisions (a label gone wrong, a hostile file) must not take a million
 * revisions' worth of memory. They are only counted; the reports say so.
 *
 * @param revisions      distinct revisions summed up here (estimated past {@link DistinctCount#EXACT_UP_TO})
 * @param estimated      whether {@code revisions} is an estimate
 * @param entries        their entries
 * @param failureHits    failure signature id to hits among them: failures seen but not judged
 * @param keptInDetail   how many revisions were kept in full detail
 */
public record Summarised(long revisions, boolean estimated, long entries, SortedMap<String, Long> failureHits,
                         int keptInDetail) {

    public static final Summarised NONE = new Summarised(0, false, 0, new TreeMap<>(), 0);

    public Summarised {
        failureHits = Collections.unmodifiableSortedMap(new TreeMap<>(failureHits));
    }

    public boolean any() {
        return revisions > 0 || entries > 0;
    }

    public long failureHitCount() {
        return failureHits.values().stream().mapToLong(Long::longValue).sum();
    }

    /** "about 990,000 more revisions (990,000 entries) only counted, not judged: ..." for every format. */
    public String describe() {
        StringBuilder sb = new StringBuilder(estimated ? "about " : "").append(String.format("%,d", revisions))
                .append(" more revision").append(revisions == 1 ? "" : "s").append(String.format(" (%,d entries)", entries))
                .append(" only counted, not judged: faultline keeps ").append(String.format("%,d", keptInDetail))
                .append(" revisions in full detail, failing ones first");
        if (!failureHits.isEmpty()) {
            sb.append("; failure hits among them: ");
            failureHits.forEach((id, n) -> sb.append(id).append(' ').append(n).append("x, "));
            sb.setLength(sb.length() - 2);
        }
        return sb.toString();
    }
}
