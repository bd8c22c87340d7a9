package dev.faultline;

import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Tallies;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the input covered, so a report can say how to fetch the same entries again: the services
 * seen per project, the resource types, and the time span of every parsed entry.
 *
 * @param services per project id, the service names seen (sorted, so reports are deterministic)
 * @param from     the earliest entry's timestamp, or null when nothing was parsed
 * @param until    the latest entry's timestamp, or null when nothing was parsed
 */
public record InputScope(SortedMap<String, SortedSet<String>> services, SortedSet<String> resourceTypes,
                         Instant from, Instant until) {

    public InputScope {
        TreeMap<String, SortedSet<String>> copy = new TreeMap<>();
        services.forEach((project, names) -> copy.put(project, Collections.unmodifiableSortedSet(new TreeSet<>(names))));
        services = Collections.unmodifiableSortedMap(copy);
        resourceTypes = Collections.unmodifiableSortedSet(new TreeSet<>(resourceTypes));
    }

    public static final InputScope EMPTY = new InputScope(new TreeMap<>(), new TreeSet<>(), null, null);

    /** Collects the scope while entries stream past; memory grows with services, not entries. */
    public static final class Collector implements Consumer<LogEntry> {
        private final SortedMap<String, SortedSet<String>> services = new TreeMap<>();
        private final SortedSet<String> resourceTypes = new TreeSet<>();
        private Instant from;
        private Instant until;

        @Override
        public void accept(LogEntry entry) {
            var resource = entry.resource();
            add(resource.type(), resource.project(), resource.service(), entry.timestamp(), entry.timestamp());
        }

        /** Adds a revision a source summed up itself (its entries were not streamed). */
        public void add(Tallies.RevisionTally tally) {
            add(Resource.CLOUD_RUN_REVISION, tally.project(), tally.service(), tally.firstSeen(), tally.lastSeen());
        }

        private void add(String type, String project, String service, Instant first, Instant last) {
            if (type != null) {
                resourceTypes.add(type);
            }
            if (project != null) {
                SortedSet<String> names = services.computeIfAbsent(project, p -> new TreeSet<>());
                if (service != null && !service.isEmpty()) {
                    names.add(service);
                }
            }
            if (first != null && (from == null || first.isBefore(from))) {
                from = first;
            }
            if (last != null && (until == null || last.isAfter(until))) {
                until = last;
            }
        }

        public InputScope scope() {
            return new InputScope(services, resourceTypes, from, until);
        }
    }
}
