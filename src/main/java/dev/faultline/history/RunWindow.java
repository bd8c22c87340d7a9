package dev.faultline.history;

import java.time.Instant;

/**
 * The stretch of log time one report run covers: {@code [start, end)}, half-open so that
 * consecutive windows neither miss nor double count an entry stamped exactly at a boundary.
 */
public record RunWindow(Instant start, Instant end) {

    public RunWindow {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty window: " + start + " .. " + end);
        }
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }
}
