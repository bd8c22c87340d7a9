package dev.faultline.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which entries of an input a run looks at: one service, one revision, a time range. A live read
 * asks Cloud Logging for exactly these; a file input holds everything, so the pipeline applies the
 * selection itself (and counts what it left out, so every entry is still accounted for).
 *
 * @param service  only this Cloud Run service (or job), or null
 * @param revision only this revision (or job execution), or null
 * @param from     only entries at or after this instant, or null
 * @param until    only entries before this instant, or null
 */
public record EntrySelection(String service, String revision, Instant from, Instant until) implements Predicate<LogEntry> {

    public static final EntrySelection ALL = new EntrySelection(null, null, null, null);

    public boolean selectsAll() {
        return service == null && revision == null && from == null && until == null;
    }

    @Override
    public boolean test(LogEntry entry) {
        Instant t = entry.timestamp();
        if (from != null && t.isBefore(from) || until != null && !t.isBefore(until)) {
            return false;
        }
        Resource r = entry.resource();
        return (service == null || service.equals(r.service())) && (revision == null || revision.equals(r.revision()));
    }

    /** This selection narrowed to {@code [start, end)}: a scheduled run's window. */
    public EntrySelection within(Instant start, Instant end) {
        return new EntrySelection(service, revision, from == null || from.isBefore(start) ? start : from,
                until == null || until.isAfter(end) ? end : until);
    }

    /** The selection as the options that make it, e.g. {@code --service orders-api --from 2025-09-15T00:00:00Z}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (service != null) {
            parts.add("--service " + service);
        }
        if (revision != null) {
            parts.add("--revision " + revision);
        }
        if (from != null) {
            parts.add("--from " + from);
        }
        if (until != null) {
            parts.add("--until " + until);
        }
        return parts.isEmpty() ? "every entry" : String.join(" ", parts);
    }
}
