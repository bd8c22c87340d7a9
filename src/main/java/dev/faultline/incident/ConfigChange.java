package dev.faultline.incident;

/**
 * One setting that differs between the last working revision and a failing one.
 *
 * @param related true when a matched signature names this setting as a likely factor
 *                (its {@code related_config}); a hint for the reader, never a proof
 */
public record ConfigChange(String field, String before, String after, boolean related) {

    /** {@code cpu 2 -> 1}; an absent value reads "(unset)". */
    public String describe() {
        return field + " " + (before == null ? "(unset)" : before) + " -> " + (after == null ? "(unset)" : after);
    }
}
