package dev.faultline.incident;

import java.time.Instant;

/**
 * A failure that was fixed and came back: a revision that served successfully was deployed between
 * two revisions failing the same way.
 *
 * @param healthyRevision   the latest such revision between them
 * @param status2xx         the successful requests it served (possibly an estimate of a sampled read)
 * @param lastServedOk      its last 2xx, or null
 * @param failedBefore      the failing revision before it
 * @param failingAgainSince the first failing revision after it
 */
public record Regression(String healthyRevision, long status2xx, Instant lastServedOk, String failedBefore,
                         String failingAgainSince) {

    /** "regressed: healthy on REV (N 2xx, last at T), failing again since REV2". */
    public String describe() {
        return "regressed: healthy on " + healthyRevision + " (" + status2xx + " 2xx"
                + (lastServedOk == null ? "" : ", last at " + lastServedOk) + "), failing again since " + failingAgainSince
                + " (it failed the same way on " + failedBefore + " before)";
    }
}
