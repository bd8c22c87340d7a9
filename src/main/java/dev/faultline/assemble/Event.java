package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.time.Instant;
import java.util.List;

/**
 * What the matcher sees: one log entry, or several entries of the same instance stitched
 * back into one multi-line event (a Python traceback Cloud Run split into one entry per line).
 *
 * @param parts the entries in chronological order; never empty
 * @param text  the parts' texts joined with '\n'
 */
public record Event(List<LogEntry> parts, String text) {

    public Event {
        parts = List.copyOf(parts);
    }

    public static Event of(LogEntry entry) {
        return new Event(List.of(entry), entry.text() == null ? "" : entry.text());
    }

    /** The first part: its resource, instance and log name stand for the whole event. */
    public LogEntry head() {
        return parts.get(0);
    }

    public Instant timestamp() {
        return head().timestamp();
    }

    public int size() {
        return parts.size();
    }
}
