package dev.faultline.incident;

import dev.faultline.catalog.KnownIssue;
import dev.faultline.mine.Miner;
import dev.faultline.mine.ProbableCause;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The judge stage: compares each failing revision's fingerprint with the known-issue registry
 * and says new, recurrence or ongoing, with reasons. It only sees grouped hits, never where
 * the entries came from.
 */
public final class Judge {

    private final List<KnownIssue> knownIssues;
    private final Map<String, KnownIssue> byId = new HashMap<>();

    public Judge(List<KnownIssue> knownIssues) {
        this.knownIssues = List.copyOf(knownIssues);
        knownIssues.forEach(k -> byId.put(k.id(), k));
    }

    public List<RevisionReport> judge(List<RevisionHits> revisions) {
        List<RevisionReport> out = new ArrayList<>();
        // what every failing revision asks of all the others, indexed once (linear, not quadratic)
        Forensics forensics = new Forensics(revisions);
        Trends trends = new Trends(revisions);
        for (RevisionHits revision : revisions) {
            boolean failing = revision.failing() || revision.health() == Health.FAILING;
            out.add(new RevisionReport(revision, failing
                    ? notingOtherScopes(revision, scopedTo(revision).judgeFailing(revision, forensics, trends)) : Incident.HEALTHY));
        }
        return out;
    }

    /**
     * A new incident whose fingerprint a ticket of another project or service has says so, once:
     * the reader learns why that ticket was not applied (or that its applies_to is wrong).
     */
    private Incident notingOtherScopes(RevisionHits revision, Incident incident) {
        if (incident.verdict() != Verdict.NEW) {
            return incident;
        }
        Set<String> present = new LinkedHashSet<>(incident.fingerprint());
        List<String> elsewhere = knownIssues.stream()
                .filter(k -> k.status() != KnownIssue.Status.DUPLICATE && !k.signatures().isEmpty() && present.containsAll(k.signatures()))
                .filter(k -> !k.appliesTo(revision.project(), revision.key().service(), revision.key().revision()))
                .map(k -> k.id() + " (" + k.scope().describe() + ")")
                .toList();
        if (elsewhere.isEmpty()) {
            return incident;
        }
        List<String> reasons = new ArrayList<>(incident.reasons());
        reasons.add(Math.min(1, reasons.size()), "known issue " + String.join(", ", elsewhere) + " has this fingerprint but belongs to "
                + (elsewhere.size() == 1 ? "another scope" : "other scopes") + "; this revision is project "
                + (revision.project() == null ? "(not in the logs)" : revision.project()) + ", service " + revision.key().service());
        return incident.withReasons(reasons);
    }

    /**
     * A judge that knows only the known issues whose scope covers the revision: a team's tickets
     * never judge another project's or service's failures, whatever their fingerprint.
     */
    private Judge scopedTo(RevisionHits revision) {
        List<KnownIssue> applicable = knownIssues.stream()
                .filter(k -> k.appliesTo(revision.project(), revision.key().service(), revision.key().revision()))
                .toList();
        return applicable.size() == knownIssues.size() ? this : new Judge(applicable);
    }

    private Incident judgeFailing(RevisionHits revision, Forensics forensics, Trends allTrends) {
        List<SignatureHits> failures = revision.failureHits();
        List<String> fingerprint = failures.stream().map(h -> h.signature().id()).toList();
        Set<String> present = new LinkedHashSet<>(fingerprint);
        boolean causeFound = failures.stream().anyMatch(h -> h.signature().isCause());
        List<String> reasons = new ArrayList<>();
        List<Trend> trends = allTrends.of(revision);

        Optional<KnownIssue> matched = bestMatch(present);
        Verdict verdict;
        String issueId = null;
        String issueTitle = null;
        List<String> alsoTracked = List.of();
        if (matched.isEmpty()) {
            verdict = Verdict.NEW;
            if (!fingerprint.isEmpty()) {
                reasons.add("no known issue has this fingerprint: " + String.join(", ", fingerprint));
            }
            nearest(present).ifPresent(reasons::add);
        } else {
            KnownIssue hit = matched.get();
            KnownIssue issue = canonical(hit);
            issueId = issue.id();
            issueTitle = issue.title();
            alsoTracked = knownIssues.stream()
                    .filter(k -> !k.id().equals(issue.id()) && canonical(k).id().equals(issue.id()) && present.containsAll(k.signatures()))
                    .map(KnownIssue::id)
                    .toList();
            reasons.add("fingerprint matches " + issue.id() + " (" + issue.title() + "): shared signatures "
                    + String.join(", ", issue.signatures())
                    + optionalPart(issue, present));
            Instant onset = onset(revision, issue);
            if (issue.status() == KnownIssue.Status.RESOLVED && issue.resolvedAt() != null && onset.isAfter(issue.resolvedAt())) {
                verdict = Verdict.RECURRENCE;
                reasons.add(issue.id() + " was marked resolved on " + issue.resolvedAt() + "; this revision shows its fingerprint from "
                        + onset + ", " + humanDays(Duration.between(issue.resolvedAt(), onset)) + " later");
            } else if (issue.status() == KnownIssue.Status.RESOLVED) {
                verdict = Verdict.ONGOING;
                reasons.add("these hits (from " + onset + ") predate the resolution of " + issue.id() + " on "
                        + issue.resolvedAt() + ": the issue was still open then");
            } else {
                verdict = Verdict.ONGOING;
                reasons.add(issue.id() + " is open");
            }
            if (!alsoTracked.isEmpty()) {
                reasons.add("also tracked as " + alsoTracked.stream()
                        .map(id -> id + " (" + byId.get(id).status().name().toLowerCase() + " of " + issue.id() + ")")
                        .collect(Collectors.joining(", ")));
            }
            differences(issue, fingerprint).ifPresent(reasons::add);
        }
        for (Trend trend : trends) {
            reasons.add(allTrends.reason(trend));
        }
        List<ProbableCause> probable = causeFound ? List.of() : revision.mined().probableCauses();
        if (failures.isEmpty()) {
            reasons.add("cause not in the catalog: no failure signature matched, but " + revision.requests().server5xx()
                    + " of " + revision.requests().shownTotal() + " requests failed with 5xx");
        } else {
            reasons.add(causeFound
                    ? "cause first: " + failures.get(0).signature().id() + " at " + failures.get(0).firstSeen()
                            + consequences(failures)
                    : "cause not in the catalog: only symptoms matched (" + String.join(", ", fingerprint) + "); "
                            + (probable.isEmpty() ? "look at the lines just before " + earliest(failures)
                                    : "the probable cause below is ranked from the unmatched error lines before " + earliest(failures)));
        }
        probableCauseReasons(probable).forEach(reasons::add);

        String lastWorking = null;
        String firstFailing = null;
        List<ConfigChange> changes = List.of();
        boolean diffAvailable = false;
        Optional<RevisionHits> working = forensics.lastWorking(revision);
        if (working.isPresent()) {
            RevisionHits good = working.get();
            lastWorking = good.key().revision();
            firstFailing = forensics.firstFailingAfter(good, revision).key().revision();
            reasons.add("last working revision " + lastWorking + " (" + String.join("; ", good.healthEvidence()) + ")"
                    + (firstFailing.equals(revision.key().revision()) ? "" : "; the first failing one after it is " + firstFailing));
            if (good.config() != null && revision.config() != null) {
                diffAvailable = true;
                Set<String> related = new LinkedHashSet<>();
                failures.forEach(h -> related.addAll(h.signature().relatedConfig()));
                changes = Forensics.diff(good.config(), revision.config(), related);
                reasons.add(Forensics.describe(lastWorking, changes));
            } else {
                reasons.add(Forensics.diffUnavailable(good, revision));
            }
            Instant failedAt = revision.firstFailure() != null ? revision.firstFailure() : revision.firstSeen();
            if (good.lastServedOk() != null && failedAt != null && good.lastServedOk().isAfter(failedAt)) {
                reasons.add(lastWorking + " still served successful requests after this revision failed (last 2xx at "
                        + good.lastServedOk() + "): traffic stayed on it or was rolled back to it");
            }
        } else {
            long earlierFailing = forensics.earlierFailing(revision);
            reasons.add("no earlier working revision of " + revision.key().service() + " in these logs"
                    + (earlierFailing > 0 ? " (the " + earlierFailing + " earlier one" + (earlierFailing == 1 ? "" : "s") + " fail too)" : "")
                    + ": read a longer time range to find the last one that worked and compare its configuration");
        }
        return new Incident(verdict, issueId, issueTitle, alsoTracked, fingerprint, causeFound, reasons, trends,
                lastWorking, firstFailing, changes, diffAvailable);
    }

    /**
     * The probable cause first, then the next candidates, each with how it was ranked: an inference
     * from the unmatched error lines, worded as such, never as a diagnosis.
     */
    static List<String> probableCauseReasons(List<ProbableCause> probable) {
        List<String> out = new ArrayList<>();
        for (ProbableCause p : probable) {
            out.add((p.rank() == 1 ? "probable cause (not in the catalog, not certain): " : "next candidate (" + p.rank() + "): ")
                    + p.template().display() + " [template " + p.template().id() + "]: " + p.reason()
                    + (p.rank() == 1 ? "; " + Miner.RANKING_RULE : ""));
        }
        return out;
    }

    /** The issue whose whole fingerprint is present and which explains the most of what was seen. */
    private Optional<KnownIssue> bestMatch(Set<String> present) {
        return knownIssues.stream()
                .filter(k -> !k.signatures().isEmpty() && present.containsAll(k.signatures()))
                .max(Comparator.comparingInt((KnownIssue k) -> k.signatures().size() + overlap(k.optional(), present))
                        // on a tie, the canonical ticket rather than its duplicate
                        .thenComparing(k -> k.status() != KnownIssue.Status.DUPLICATE));
    }

    private KnownIssue canonical(KnownIssue issue) {
        KnownIssue current = issue;
        Set<String> visited = new LinkedHashSet<>();
        while (current.status() == KnownIssue.Status.DUPLICATE && current.duplicateOf() != null
                && byId.containsKey(current.duplicateOf()) && visited.add(current.id())) {
            current = byId.get(current.duplicateOf());
        }
        return current;
    }

    private Optional<String> nearest(Set<String> present) {
        return knownIssues.stream()
                .filter(k -> k.status() != KnownIssue.Status.DUPLICATE && overlap(k.signatures(), present) > 0)
                .max(Comparator.comparingInt(k -> overlap(k.signatures(), present)))
                .map(k -> "closest known issue " + k.id() + " (" + k.title() + ") shares "
                        + k.signatures().stream().filter(present::contains).collect(Collectors.joining(", "))
                        + " but lacks " + k.signatures().stream().filter(s -> !present.contains(s)).collect(Collectors.joining(", ")));
    }

    private static String optionalPart(KnownIssue issue, Set<String> present) {
        List<String> seen = issue.optional().stream().filter(present::contains).toList();
        return seen.isEmpty() ? "" : "; also its usual companions " + String.join(", ", seen);
    }

    private static Optional<String> differences(KnownIssue issue, List<String> fingerprint) {
        List<String> extra = fingerprint.stream()
                .filter(id -> !issue.signatures().contains(id) && !issue.optional().contains(id))
                .toList();
        return extra.isEmpty() ? Optional.empty()
                : Optional.of("not part of " + issue.id() + "'s fingerprint: " + String.join(", ", extra));
    }

    /** When the issue's fingerprint first showed on this revision: the earliest hit of its required signatures. */
    private static Instant onset(RevisionHits revision, KnownIssue issue) {
        return revision.hits().stream()
                .filter(h -> issue.signatures().contains(h.signature().id()))
                .map(SignatureHits::firstSeen)
                .min(Comparator.naturalOrder())
                .orElse(revision.firstSeen());
    }

    private static String consequences(List<SignatureHits> failures) {
        List<String> symptoms = failures.stream().filter(h -> !h.signature().isCause()).map(h -> h.signature().id()).toList();
        return symptoms.isEmpty() ? "" : ", followed by its consequences " + String.join(", ", symptoms);
    }

    private static Instant earliest(List<SignatureHits> failures) {
        return failures.stream().map(SignatureHits::firstSeen).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElseThrow();
    }

    private static int overlap(List<String> ids, Set<String> present) {
        return (int) ids.stream().filter(present::contains).count();
    }

    private static String humanDays(Duration d) {
        long days = d.toDays();
        if (days >= 1) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = d.toHours();
        return hours >= 1 ? hours + " h" : d.toMinutes() + " min";
    }
}
