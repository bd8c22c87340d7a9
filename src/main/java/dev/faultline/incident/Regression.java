package dev.faultline.incident;

import java.time.Instant;

/**
 * A failure that was fixed and came back: a revision that served successfully was deployed between
 * two revisions failing the same way.
 *
 * For a Cloud Run Job: an execution whose tasks all succeeded ran between two executions failing the same way.
 *
 * @param healthyRevision   the latest such revision (execution) between them
 * @param status2xx         the successful requests it served (possibly an estimate of a sampled read); 0 for an execution
 * @param lastServedOk      its last 2xx (an execution: its last entry), or null
 * @param failedBefore      the failing revision before it
 * @param failingAgainSince the first failing revision after it
 * @param execution         for an execution, how it ended ("1/1 tasks succeeded"); null for a revision
 */
public record Regression(String healthyRevision, long status2xx, Instant lastServedOk, String failedBefore,
                         String failingAgainSince, String execution) {

    /** "regressed: healthy on REV (N 2xx, last at T), failing again since REV2". */
    public String describe() {
        String healthy = execution != null
                ? "execution " + healthyRevision + " succeeded (" + execution + (lastServedOk == null ? "" : ", last entry at " + lastServedOk) + ")"
                : "healthy on " + healthyRevision + " (" + status2xx + " 2xx" + (lastServedOk == null ? "" : ", last at " + lastServedOk) + ")";
        return "regressed: " + healthy + ", failing again since " + failingAgainSince + " (it failed the same way on " + failedBefore + " before)";
    }
}
