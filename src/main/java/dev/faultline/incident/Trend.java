package dev.faultline.incident;

import java.util.List;

/**
 * How one extracted value moved across a service's revisions over time, e.g. the database
 * timeout 8.0s -> 20.0s -> 25.0s. Consecutive revisions with the same value share a step.
 *
 * @param direction "rising", "falling", or "changing" (not monotonic or not numeric)
 */
public record Trend(String signature, String field, List<Step> steps, String direction) {

    public Trend {
        steps = List.copyOf(steps);
    }

    /** "app.startup-phase-timeout timeoutSeconds rising across revisions: 8.0s (00690-k2m) -> 20.0s (00697-gp6)". */
    public String describe() {
        return Trends.describe(this);
    }

    /** One value and the revisions (in time order) that showed it. */
    public record Step(String value, List<String> revisions) {
        public Step {
            revisions = List.copyOf(revisions);
        }
    }
}
