package dev.faultline.assemble;

import dev.faultline.entry.LogEntry;

import java.time.Instant;
import java.util.List;

/**
 * What the matcher sees: one log entry, or several entries of the same stream put back
 * together: a multi-line event (a Python traceback, a Java trace, a pydantic report, a Go panic
 * that Cloud Run split into one entry per line), or one line Cloud Run cut into fragments.
 *
 * @param parts           the entries in chronological order; never empty
 * @param text            the lines joined with '\n' (fragments of one line joined without a separator),
 *                        without terminal colour codes or logger markup
 * @param fragmentsJoined how many parts continued a line begun in the part before them (0: no line was cut)
 * @param cleaned         whether colour codes or logger markup were removed from the text
 */
public record Event(List<LogEntry> parts, String text, int fragmentsJoined, boolean cleaned) {

    public Event {
        parts = List.copyOf(parts);
    }

    /** An event whose parts are whole lines, as written. */
    public Event(List<LogEntry> parts, String text) {
        this(parts, text, 0, false);
    }

    /** One entry on its own, cleaned of colour codes and logger markup. */
    public static Event of(LogEntry entry) {
        String raw = entry.text() == null ? "" : entry.text();
        String text = Cleaner.clean(raw);
        return new Event(List.of(entry), text, 0, text.length() != raw.length());
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

    /**
     * How the text was put together, for the evidence a person reads: "61 entries stitched",
     * "2 entries joined; 1 of them continuing a line Cloud Run cut", "colour codes or logger markup
     * removed", or "" for one entry taken as it was.
     */
    public String assembly() {
        java.util.List<String> notes = new java.util.ArrayList<>(3);
        if (size() > 1) {
            notes.add(size() + " entries " + (size() - fragmentsJoined > 1 ? "stitched" : "joined"));
        }
        if (fragmentsJoined > 0) {
            notes.add(fragmentsJoined + (fragmentsJoined == 1 ? " of them continuing a line" : " of them continuing lines")
                    + " Cloud Run cut");
        }
        if (cleaned) {
            notes.add("colour codes or logger markup removed");
        }
        return String.join("; ", notes);
    }
}
