package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.match.Hit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The group stage: sums up events and their hits per (service, revision). Memory is bounded
 * by the number of revisions and signatures, not by the input: only a few evidence events
 * per signature are kept.
 */
public final class Grouper {

    /** Evidence events kept per signature and revision (the earliest ones: they show the onset). */
    public static final int DEFAULT_EVIDENCE = 3;

    private final int evidencePerSignature;
    private final Map<RevisionKey, RevisionAccumulator> revisions = new TreeMap<>();
    private long matchedEntries;
    private long unmatchedEntries;
    private long unattributedEntries;
    private long events;

    public Grouper(int evidencePerSignature) {
        this.evidencePerSignature = evidencePerSignature;
    }

    /** Takes one event and the hits the matcher found in it (possibly none). */
    public void accept(Event event, List<Hit> hits) {
        events++;
        int size = event.size();
        if (hits.isEmpty()) {
            unmatchedEntries += size;
        } else {
            matchedEntries += size;
        }
        LogEntry head = event.head();
        if (!head.resource().namesRevision()) {
            unattributedEntries += size;
            return;
        }
        RevisionKey key = new RevisionKey(head.resource().service(), head.resource().revision());
        revisions.computeIfAbsent(key, k -> new RevisionAccumulator(head)).accept(event, hits, evidencePerSignature);
    }

    public long matchedEntries() {
        return matchedEntries;
    }

    public long unmatchedEntries() {
        return unmatchedEntries;
    }

    /** Entries that name no revision (other resource types, service-level audit entries). */
    public long unattributedEntries() {
        return unattributedEntries;
    }

    public long events() {
        return events;
    }

    /** The revisions seen, in service then revision-name order. */
    public List<RevisionHits> revisions() {
        List<RevisionHits> out = new ArrayList<>();
        revisions.forEach((key, acc) -> out.add(acc.toRevisionHits(key)));
        return out;
    }

    private static final class RevisionAccumulator {
        final String project;
        final String location;
        long entries;
        Instant firstSeen;
        Instant lastSeen;
        final Set<String> instances = new HashSet<>();
        long requests, ok2xx, redirect3xx, client4xx, server5xx;
        final Map<String, SignatureAccumulator> hits = new LinkedHashMap<>();

        RevisionAccumulator(LogEntry first) {
            this.project = first.resource().project();
            this.location = first.resource().location();
        }

        void accept(Event event, List<Hit> eventHits, int evidencePerSignature) {
            for (LogEntry part : event.parts()) {
                entries++;
                Instant t = part.timestamp();
                if (firstSeen == null || t.isBefore(firstSeen)) {
                    firstSeen = t;
                }
                if (lastSeen == null || t.isAfter(lastSeen)) {
                    lastSeen = t;
                }
                if (part.instanceId() != null) {
                    instances.add(part.instanceId());
                }
                if (part.isRequestLog()) {
                    countRequest(part.httpStatus());
                }
            }
            for (Hit hit : eventHits) {
                hits.computeIfAbsent(hit.signature().id(), id -> new SignatureAccumulator(hit.signature()))
                        .accept(hit, evidencePerSignature);
            }
        }

        private void countRequest(int status) {
            requests++;
            switch (status / 100) {
                case 2 -> ok2xx++;
                case 3 -> redirect3xx++;
                case 4 -> client4xx++;
                case 5 -> server5xx++;
                default -> { }
            }
        }

        RevisionHits toRevisionHits(RevisionKey key) {
            List<SignatureHits> summed = hits.values().stream()
                    .map(SignatureAccumulator::toSignatureHits)
                    .sorted(CAUSAL_ORDER)
                    .toList();
            return new RevisionHits(key, project, location, entries, firstSeen, lastSeen, instances,
                    new RequestStats(requests, ok2xx, redirect3xx, client4xx, server5xx), summed);
        }
    }

    /** Causes ahead of their consequences; within a role, the earliest signal first. */
    static final Comparator<SignatureHits> CAUSAL_ORDER = Comparator
            .comparing((SignatureHits h) -> h.signature().isCause() ? 0 : 1)
            .thenComparing(SignatureHits::firstSeen)
            .thenComparing(h -> h.signature().id());

    private static final class SignatureAccumulator {
        final Signature signature;
        long count;
        long entries;
        Instant firstSeen;
        Instant lastSeen;
        final Set<String> instances = new HashSet<>();
        // field -> value -> first time seen; ordered by time when summed up
        final Map<String, Map<String, Instant>> fieldValues = new HashMap<>();
        final List<Event> evidence = new ArrayList<>();

        SignatureAccumulator(Signature signature) {
            this.signature = signature;
        }

        void accept(Hit hit, int evidencePerSignature) {
            Event event = hit.event();
            Instant t = event.timestamp();
            count++;
            entries += event.size();
            if (firstSeen == null || t.isBefore(firstSeen)) {
                firstSeen = t;
            }
            if (lastSeen == null || t.isAfter(lastSeen)) {
                lastSeen = t;
            }
            if (event.head().instanceId() != null) {
                instances.add(event.head().instanceId());
            }
            hit.fields().forEach((field, value) -> {
                if (value != null) {
                    fieldValues.computeIfAbsent(field, f -> new HashMap<>())
                            .merge(value, t, (a, b) -> a.isBefore(b) ? a : b);
                }
            });
            keepEarliest(event, evidencePerSignature);
        }

        // Input may come newest-first, so keep the N earliest by timestamp rather than the first N read.
        private void keepEarliest(Event event, int limit) {
            if (limit <= 0) {
                return;
            }
            int at = 0;
            while (at < evidence.size() && !evidence.get(at).timestamp().isAfter(event.timestamp())) {
                at++;
            }
            if (at >= limit) {
                return;
            }
            evidence.add(at, event);
            if (evidence.size() > limit) {
                evidence.remove(evidence.size() - 1);
            }
        }

        SignatureHits toSignatureHits() {
            Map<String, List<String>> values = new TreeMap<>();
            fieldValues.forEach((field, byValue) -> values.put(field, byValue.entrySet().stream()
                    .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey)
                    .toList()));
            return new SignatureHits(signature, count, entries, firstSeen, lastSeen, instances, values, evidence);
        }
    }
}
