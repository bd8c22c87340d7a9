package dev.faultline.incident;

import java.util.List;

/**
 * How one extracted value moved across a service's revisions over time, e.g. the database
 * timeout 8.0s -> 20.0s -> 25.0s. Consecutive revisions with the same value share a step.
 * A service with thousands of failing revisions would make a trend as long as the input, so a
 * trend keeps the first step and the latest ones ({@link Trends#MAX_STEPS} in all) and says how
 * many it left out between them.
 *
 * @param direction    "rising", "falling", or "changing" (not monotonic or not numeric), over all steps
 * @param stepsLeftOut steps left out after the first one
 */
public record Trend(String signature, String field, List<Step> steps, String direction, int stepsLeftOut) {

    public Trend {
        steps = List.copyOf(steps);
    }

    public Trend(String signature, String field, List<Step> steps, String direction) {
        this(signature, field, steps, direction, 0);
    }

    /**
     * One value and the revisions (in time order) that showed it.
     *
     * @param revisionsLeftOut revisions left out after the first ones listed (the last listed is the latest)
     */
    public record Step(String value, List<String> revisions, int revisionsLeftOut) {
        public Step {
            revisions = List.copyOf(revisions);
        }

        public Step(String value, List<String> revisions) {
            this(value, revisions, 0);
        }
    }
}
