package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.RequestSample;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.entry.Tallies;
import dev.faultline.match.Hit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The group stage: sums up events and their hits per (service, revision). Memory is bounded
 * by the number of revisions and signatures, not by the input: only a few evidence events
 * per signature are kept, and at most {@link #MAX_REVISIONS} revisions in full detail. Past that,
 * a new revision is only counted ({@link Summarised}), unless its event is a failure: then it
 * takes the place of a revision without failures, which is counted instead. So every failing
 * revision is judged as long as fewer than {@code MAX_REVISIONS} fail.
 */
public final class Grouper {

    /** Evidence events kept per signature and revision (the earliest ones: they show the onset). */
    public static final int DEFAULT_EVIDENCE = 3;
    /** Revisions kept in full detail (about 1-10 KB each, evidence aside). */
    public static final int MAX_REVISIONS = 10_000;

    private final int evidencePerSignature;
    private final int maxRevisions;
    private final Map<RevisionKey, RevisionAccumulator> revisions = new TreeMap<>();
    // revisions in detail with no failure hit yet, oldest first: the ones a failing revision may displace
    private final Set<RevisionKey> quiet = new LinkedHashSet<>();
    private final DistinctCount summarisedRevisions = new DistinctCount();
    private long summarisedEntries;
    private final Map<String, Long> summarisedFailures = new TreeMap<>();
    // Specs from audit entries: by revision name when the spec names it, else per service by time.
    private final Map<String, DeployedSpec> namedSpecs = new HashMap<>();
    private final Map<String, List<DeployedSpec>> serviceSpecs = new HashMap<>();
    private long matchedEntries;
    private long unmatchedEntries;
    private long unattributedEntries;
    private long events;
    private RequestSample requestSample = RequestSample.EVERY;

    public Grouper(int evidencePerSignature) {
        this(evidencePerSignature, MAX_REVISIONS);
    }

    /** @param maxRevisions revisions kept in full detail (tests use a small one) */
    public Grouper(int evidencePerSignature, int maxRevisions) {
        this.evidencePerSignature = evidencePerSignature;
        this.maxRevisions = maxRevisions;
    }

    /**
     * How the request entries seen relate to all of them (a live read samples those below 400):
     * {@link #revisions()} then reports estimates scaled by the fraction, and the newest 2xx and
     * 2xx counts that follow-up reads found.
     */
    public void requestSample(RequestSample sample) {
        this.requestSample = sample;
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
        for (LogEntry part : event.parts()) {
            if (part.config() != null) {
                keepSpec(part);
            }
        }
        LogEntry head = event.head();
        if (!head.resource().namesRevision()) {
            unattributedEntries += size;
            return;
        }
        RevisionKey key = new RevisionKey(head.resource().service(), head.resource().revision());
        boolean fails = hits.stream().anyMatch(h -> h.signature().marksFailure());
        RevisionAccumulator acc = revisions.get(key);
        if (acc == null && revisions.size() >= maxRevisions && !(fails && displaceQuiet())) {
            summarise(key, size, hits);
            return;
        }
        if (acc == null) {
            acc = new RevisionAccumulator(head);
            revisions.put(key, acc);
            quiet.add(key);
        }
        if (fails) {
            quiet.remove(key);
        }
        acc.accept(event, hits, evidencePerSignature);
    }

    /** Makes room for a failing revision by counting the oldest revision without failures instead; false when none is left. */
    private boolean displaceQuiet() {
        Iterator<RevisionKey> oldest = quiet.iterator();
        if (!oldest.hasNext()) {
            return false;
        }
        RevisionKey key = oldest.next();
        oldest.remove();
        RevisionAccumulator gone = revisions.remove(key);
        summarisedRevisions.add(key.service(), key.revision());
        summarisedEntries += gone.entries;
        return true;
    }

    private void summarise(RevisionKey key, int entries, List<Hit> hits) {
        summarisedRevisions.add(key.service(), key.revision());
        summarisedEntries += entries;
        for (Hit hit : hits) {
            if (hit.signature().marksFailure()) {
                summarisedFailures.merge(hit.signature().id(), 1L, Long::sum);
            }
        }
    }

    /** What was only counted because more than {@code maxRevisions} revisions came; {@link Summarised#NONE} usually. */
    public Summarised summarised() {
        long count = summarisedRevisions.count();
        if (count == 0) {
            return Summarised.NONE;
        }
        return new Summarised(count, summarisedRevisions.estimated(), summarisedEntries, new TreeMap<>(summarisedFailures),
                maxRevisions);
    }

    /**
     * Adds the entries of one revision that a source summed up itself ({@link Tallies}): counted as
     * single-entry events, with their request counts; first and last seen and instances merge with
     * what the events of the revision gave. A tally naming no revision only counts as unattributed.
     */
    public void add(Tallies.RevisionTally tally) {
        events += tally.entries();
        matchedEntries += tally.matched();
        unmatchedEntries += tally.entries() - tally.matched();
        if (!tally.namesRevision()) {
            unattributedEntries += tally.entries();
            return;
        }
        revisions.computeIfAbsent(new RevisionKey(tally.service(), tally.revision()),
                k -> new RevisionAccumulator(tally.project(), tally.location())).add(tally);
    }

    /**
     * Adds the hits of {@code signature} that a source found among the entries of a {@link #add(Tallies.RevisionTally)}:
     * counts add up, first and last seen, instances and field values merge, and the earliest evidence is kept.
     */
    public void add(Tallies.HitTally tally, Signature signature) {
        if (tally.revision() == null || tally.revision().isEmpty()) {
            return;
        }
        revisions.computeIfAbsent(new RevisionKey(tally.service(), tally.revision()), k -> new RevisionAccumulator(null, null))
                .hits.computeIfAbsent(signature.id(), id -> new SignatureAccumulator(signature))
                .add(tally, evidencePerSignature);
    }

    /** Keeps the revision configuration an audit entry states, whose entry was counted in a tally. */
    public void addSpec(LogEntry auditEntry) {
        if (auditEntry.config() != null) {
            keepSpec(auditEntry);
        }
    }

    private void keepSpec(LogEntry entry) {
        DeployedSpec spec = new DeployedSpec(entry.timestamp(), entry.config());
        String named = entry.config().revision();
        if (named != null && !named.isBlank()) {
            // the latest statement about a revision wins; a later spec naming it again (a rollback) says the same
            namedSpecs.merge(named, spec, (a, b) -> a.at().isAfter(b.at()) ? a : b);
        } else if (entry.resource().service() != null) {
            serviceSpecs.computeIfAbsent(entry.resource().service(), s -> new ArrayList<>()).add(spec);
        }
    }

    /**
     * The spec a revision was deployed from: the one naming it, else the service's latest unnamed
     * spec written before the revision first logged (a deploy creates the revision it describes).
     */
    private DeployedSpec specOf(RevisionKey key, Instant firstSeen) {
        DeployedSpec named = namedSpecs.get(key.revision());
        if (named != null) {
            return named;
        }
        return serviceSpecs.getOrDefault(key.service(), List.of()).stream()
                .filter(s -> firstSeen != null && !s.at().isAfter(firstSeen))
                .max(Comparator.comparing(DeployedSpec::at))
                .orElse(null);
    }

    private record DeployedSpec(Instant at, RevisionConfig config) {
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
        revisions.forEach((key, acc) -> out.add(acc.toRevisionHits(key, specOf(key, acc.firstSeen), requestSample)));
        return out;
    }

    private static final class RevisionAccumulator {
        String project;
        String location;
        long entries;
        long ownEntries;
        Instant lastServedOk;
        Instant firstSeen;
        Instant lastSeen;
        final Set<String> instances = new HashSet<>();
        long requests, ok2xx, redirect3xx, client4xx, server5xx;
        final Map<String, SignatureAccumulator> hits = new LinkedHashMap<>();

        RevisionAccumulator(LogEntry first) {
            this(first.resource().project(), first.resource().location());
        }

        RevisionAccumulator(String project, String location) {
            this.project = project;
            this.location = location;
        }

        void add(Tallies.RevisionTally t) {
            if (project == null) {
                project = t.project();
            }
            if (location == null) {
                location = t.location();
            }
            entries += t.entries();
            ownEntries += t.ownEntries();
            firstSeen = earlier(firstSeen, t.firstSeen());
            lastSeen = later(lastSeen, t.lastSeen());
            instances.addAll(t.instances());
            requests += t.requests();
            ok2xx += t.ok2xx();
            redirect3xx += t.redirect3xx();
            client4xx += t.client4xx();
            server5xx += t.server5xx();
            lastServedOk = later(lastServedOk, t.lastServedOk());
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
                if (!part.isAudit()) {
                    ownEntries++;
                }
                if (part.isRequestLog()) {
                    countRequest(part.httpStatus());
                    if (part.httpStatus() / 100 == 2 && (lastServedOk == null || t.isAfter(lastServedOk))) {
                        lastServedOk = t;
                    }
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

        RevisionHits toRevisionHits(RevisionKey key, DeployedSpec spec, RequestSample sample) {
            List<SignatureHits> summed = hits.values().stream()
                    .map(SignatureAccumulator::toSignatureHits)
                    .sorted(CAUSAL_ORDER)
                    .toList();
            RequestStats stats = new RequestStats(requests, ok2xx, redirect3xx, client4xx, server5xx);
            Instant lastOk = lastServedOk;
            if (sample.sampled()) {
                // Entries below 400 were sampled: scale them up, so that the 5xx share (degraded or
                // not) is taken against all requests; the follow-up read knows the newest 2xx exactly.
                RequestSample.Served served = sample.served().get(key.revision());
                long ok = scale(ok2xx, sample.fraction());
                boolean exact = false;
                if (served != null) {
                    exact = served.counted();
                    // (entries logged between the two reads may make the sample the larger one)
                    ok = exact ? Math.max(served.count(), ok2xx) : Math.max(ok, served.count());
                    if (served.lastOk() != null && (lastOk == null || served.lastOk().isAfter(lastOk))) {
                        lastOk = served.lastOk();
                    }
                }
                long redirects = scale(redirect3xx, sample.fraction());
                long other = scale(requests - ok2xx - redirect3xx - client4xx - server5xx, sample.fraction());
                stats = new RequestStats(ok + redirects + client4xx + server5xx + other, ok, redirects, client4xx, server5xx,
                        sample.fraction(), exact);
            }
            return new RevisionHits(key, project, location, entries, ownEntries, firstSeen, lastSeen, instances,
                    stats, summed, spec == null ? null : spec.at(),
                    spec == null ? null : spec.config().withRevision(key.revision()), lastOk);
        }

        private static long scale(long sampled, double fraction) {
            return Math.round(sampled / fraction);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
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
        long ownEntries;
        Instant lastServedOk;
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

        void add(Tallies.HitTally t, int evidencePerSignature) {
            count += t.count();
            entries += t.count(); // every tallied hit is a single-entry event
            firstSeen = earlier(firstSeen, t.firstSeen());
            lastSeen = later(lastSeen, t.lastSeen());
            instances.addAll(t.instances());
            t.fields().forEach((field, values) -> values.forEach((value, at) -> fieldValues
                    .computeIfAbsent(field, f -> new HashMap<>()).merge(value, at, (a, b) -> a.isBefore(b) ? a : b)));
            t.evidence().forEach(entry -> keepEarliest(Event.of(entry), evidencePerSignature));
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
