package dev.faultline.incident;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One setting that differs between the last working revision and a failing one.
 *
 * @param related true when a matched signature names this setting as a likely factor
 *                (its {@code related_config}); a hint for the reader, never a proof
 */
public record ConfigChange(String field, String before, String after, boolean related) {

    /** Settings whose value is a comma-separated set; a change reads as what was added and removed. */
    private static final Set<String> SETS = Set.of("envNames", "secrets", "cloudsqlInstances");

    /** {@code cpu 2 -> 1}; an absent value reads "(unset)"; sets read {@code envNames +NEW_VAR -OLD_VAR}. */
    public String describe() {
        if (SETS.contains(field) && before != null && after != null) {
            List<String> a = List.of(before.split(","));
            List<String> b = List.of(after.split(","));
            List<String> parts = new ArrayList<>();
            b.stream().filter(v -> !a.contains(v)).forEach(v -> parts.add("+" + v));
            a.stream().filter(v -> !b.contains(v)).forEach(v -> parts.add("-" + v));
            if (!parts.isEmpty()) {
                return field + " " + String.join(" ", parts);
            }
        }
        return field + " " + (before == null ? "(unset)" : before) + " -> " + (after == null ? "(unset)" : after);
    }
}
