package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Signature;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every hit of one signature on one revision, summed up.
 *
 * @param count       events that matched
 * @param entries     log entries in those events (a stitched traceback counts all its lines)
 * @param fieldValues each extracted field's distinct values, in the order they were first seen
 * @param evidence    the earliest matching events (a few, chronological)
 */
public record SignatureHits(Signature signature, long count, long entries, Instant firstSeen, Instant lastSeen,
                            Set<String> instances, Map<String, List<String>> fieldValues, List<Event> evidence) {

    public SignatureHits {
        instances = Set.copyOf(instances);
        fieldValues = Collections.unmodifiableMap(new TreeMap<>(fieldValues));
        evidence = List.copyOf(evidence);
    }

    /** The same hits with other field values and evidence (the redacted ones). */
    public SignatureHits withDetails(Map<String, List<String>> fieldValues, List<Event> evidence) {
        return new SignatureHits(signature, count, entries, firstSeen, lastSeen, instances, fieldValues, evidence);
    }

    /** The value of a field most recently seen, or null. */
    public String latest(String field) {
        List<String> values = fieldValues.get(field);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
