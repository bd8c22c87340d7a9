package dev.faultline.incident;

import dev.faultline.catalog.KnownIssue;
import dev.faultline.catalog.Signature;
import dev.faultline.mine.Miner;
import dev.faultline.mine.ProbableCause;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The judge stage: groups failing revisions into incidents, compares each failing revision's
 * fingerprint with the known-issue registry ({@link KnownIssues}) and says new, recurrence or
 * ongoing, with reasons. A failure with no ticket that a working revision had fixed is a
 * recurrence too. It only sees grouped hits, never where the entries came from.
 */
public final class Judge {

    private final KnownIssues issues;

    /** A judge without signature titles (reasons then name missing signatures by id only). */
    public Judge(List<KnownIssue> knownIssues) {
        this(knownIssues, Map.of());
    }

    /** @param signatures the catalog's signatures by id, to name what a near miss lacks */
    public Judge(List<KnownIssue> knownIssues, Map<String, Signature> signatures) {
        this.issues = new KnownIssues(knownIssues, signatures);
    }

    public List<RevisionReport> judge(List<RevisionHits> revisions) {
        Map<RevisionHits, FailureIdentity> identities = new IdentityHashMap<>();
        Map<String, List<RevisionHits>> incidents = new LinkedHashMap<>();
        Map<String, List<RevisionHits>> worked = new LinkedHashMap<>();
        for (RevisionHits r : revisions) {
            if (failing(r)) {
                FailureIdentity identity = identity(r);
                identities.put(r, identity);
                incidents.computeIfAbsent(identity.id(), k -> new ArrayList<>()).add(r);
            } else if (Incidents.worked(r)) {
                worked.computeIfAbsent(r.key().service(), k -> new ArrayList<>()).add(r);
            }
        }
        worked.values().forEach(list -> list.sort(Incidents.DEPLOY_ORDER));
        Map<RevisionHits, Map<Trends.Key, Trend>> trends = new IdentityHashMap<>();
        Map<RevisionHits, Regression> regressions = new IdentityHashMap<>();
        for (List<RevisionHits> members : incidents.values()) {
            members.sort(Incidents.DEPLOY_ORDER);
            Map<Trends.Key, Trend> incidentTrends = Trends.of(members);
            members.forEach(m -> trends.put(m, incidentTrends));
            String service = members.get(0).key().service();
            regressions.putAll(Incidents.regressions(members, worked.getOrDefault(service, List.of())));
        }
        List<RevisionReport> out = new ArrayList<>();
        // what every failing revision asks of all the others, indexed once (linear, not quadratic)
        Forensics forensics = new Forensics(revisions);
        for (RevisionHits r : revisions) {
            FailureIdentity identity = identities.get(r);
            if (identity == null) {
                out.add(new RevisionReport(r, Incident.HEALTHY));
                continue;
            }
            // a team's tickets judge only their own projects and services, whatever the fingerprint
            KnownIssues applicable = issues.scopedTo(r.project(), r.key().service(), r.key().revision());
            Incident incident = judgeFailing(r, forensics, identity, Trends.forRevision(r, trends.get(r)), regressions.get(r), applicable);
            out.add(new RevisionReport(r, notingOtherScopes(r, incident)));
        }
        return out;
    }

    private static boolean failing(RevisionHits r) {
        return r.failing() || r.health() == Health.FAILING;
    }

    private FailureIdentity identity(RevisionHits r) {
        FailureIdentity byHits = FailureIdentity.of(r);
        if (!byHits.causeless()) {
            return byHits;
        }
        // a failure no cause signature explains is identified by what its own lines say, when the miner ranked
        // a probable cause from them, rather than by its platform symptoms
        return r.mined().probableCauses().stream().filter(p -> p.rank() == 1).findFirst()
                .map(p -> FailureIdentity.ofTemplate(byHits.scope(), p.template().id())).orElse(byHits);
    }

    /**
     * An incident no ticket explains (new, or a regression) whose fingerprint a ticket of another project
     * or service has says so, once: the reader learns why that ticket was not applied (or that its
     * applies_to is wrong).
     */
    private Incident notingOtherScopes(RevisionHits revision, Incident incident) {
        if (incident.knownIssue() != null) {
            return incident;
        }
        List<String> elsewhere = issues.elsewhere(new LinkedHashSet<>(incident.fingerprint()), revision.project(),
                revision.key().service(), revision.key().revision());
        if (elsewhere.isEmpty()) {
            return incident;
        }
        List<String> reasons = new ArrayList<>(incident.reasons());
        reasons.add(Math.min(1, reasons.size()), "known issue " + String.join(", ", elsewhere) + " has this fingerprint but belongs to "
                + (elsewhere.size() == 1 ? "another scope" : "other scopes") + "; this revision is project "
                + (revision.project() == null ? "(not in the logs)" : revision.project()) + ", service " + revision.key().service());
        return incident.withReasons(reasons);
    }

    private Incident judgeFailing(RevisionHits revision, Forensics forensics, FailureIdentity identity, List<Trend> trends,
                                  Regression regression, KnownIssues issues) {
        List<SignatureHits> failures = revision.failureHits();
        List<String> fingerprint = failures.stream().map(h -> h.signature().id()).toList();
        Set<String> present = new LinkedHashSet<>(fingerprint);
        Set<String> presentCauses = failures.stream().filter(h -> h.signature().isCause()).map(h -> h.signature().id())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        boolean causeFound = !presentCauses.isEmpty();
        List<String> reasons = new ArrayList<>();

        Optional<KnownIssues.Match> matched = issues.match(present, presentCauses);
        Verdict verdict;
        String issueId = null;
        String issueTitle = null;
        List<String> alsoTracked = List.of();
        List<String> missing = List.of();
        if (matched.isEmpty()) {
            if (regression != null) {
                verdict = Verdict.RECURRENCE;
                reasons.add(regression.describe() + ": the same failure, back without a ticket");
            } else {
                verdict = Verdict.NEW;
            }
            if (!fingerprint.isEmpty()) {
                reasons.add("no known issue has this fingerprint: " + String.join(", ", fingerprint));
            }
            issues.nearest(present).ifPresent(reasons::add);
        } else {
            KnownIssues.Match match = matched.get();
            KnownIssue issue = match.issue();
            issueId = issue.id();
            issueTitle = issue.title();
            alsoTracked = match.alsoTracked();
            missing = match.missing();
            if (match.nearMiss()) {
                List<String> shared = fingerprint.stream()
                        .filter(id -> issue.signatures().contains(id) || issue.optional().contains(id)).toList();
                reasons.add(issue.id() + " again, but " + issues.describeMissing(match.missing()) + " in these logs: "
                        + "a near miss of its fingerprint " + String.join(", ", issue.signatures()) + " (seen: "
                        + String.join(", ", shared) + "; every cause here is one of " + issue.id()
                        + "'s, so it is judged as " + issue.id() + "; read the full logs to confirm)");
            } else {
                reasons.add("fingerprint matches " + issue.id() + " (" + issue.title() + "): shared signatures "
                        + String.join(", ", issue.signatures()) + optionalPart(issue, present));
            }
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
                        .map(id -> id + " (" + issues.byId(id).status().name().toLowerCase() + " of " + issue.id() + ")")
                        .collect(Collectors.joining(", ")));
            }
            differences(issue, fingerprint).ifPresent(reasons::add);
            if (regression != null) {
                reasons.add(regression.describe());
            }
        }
        for (Trend trend : trends) {
            reasons.add(Trends.describe(trend));
        }
        List<ProbableCause> probable = causeFound ? List.of() : revision.mined().probableCauses();
        if (failures.isEmpty() && revision.key().job()) {
            reasons.add("cause not in the catalog: no failure signature matched, but the execution failed: "
                    + revision.outcome().describe() + (revision.outcome().message() == null ? "" : " (" + revision.outcome().message() + ")"));
        } else if (failures.isEmpty()) {
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

        if (revision.key().job()) {
            // what the job's own bookkeeping says: the tasks, their attempts and exit codes, and the execution's end
            revision.tasks().stream().filter(t -> t.lastExitCode() != null && !t.lastExitCode().equals("0"))
                    .forEach(t -> reasons.add(t.describe(revision.maxRetries())));
            if (revision.outcome() != null) {
                reasons.add((revision.outcome().completed() ? "execution completed: " : "execution failed: ") + revision.outcome().describe());
            }
        }
        String unit = revision.key().job() ? "execution" : "revision";
        String lastWorking = null;
        String firstFailing = null;
        List<ConfigChange> changes = List.of();
        boolean diffAvailable = false;
        Optional<RevisionHits> working = forensics.lastWorking(revision);
        if (!revision.key().isRevision()) {
            reasons.add("these entries of " + revision.key().scope() + " name no " + unit + " (audit entries of the " + (revision.key().job() ? "job" : "service")
                    + " itself or lines from other tooling): nothing to compare with a last working " + unit);
        } else if (working.isPresent()) {
            RevisionHits good = working.get();
            lastWorking = good.key().revision();
            firstFailing = forensics.firstFailingAfter(good, revision).key().revision();
            reasons.add((revision.key().job() ? "last successful execution " : "last working revision ") + lastWorking
                    + " (" + String.join("; ", good.healthEvidence()) + ")"
                    + (firstFailing.equals(revision.key().revision()) ? "" : "; the first failing one after it is " + firstFailing));
            if (good.config() != null && revision.config() != null) {
                diffAvailable = true;
                Set<String> related = new LinkedHashSet<>();
                failures.forEach(h -> related.addAll(h.signature().relatedConfig()));
                changes = Forensics.diff(good.config(), revision.config(), related);
                reasons.add(Forensics.describe(unit, lastWorking, changes));
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
            reasons.add("no earlier " + (revision.key().job() ? "successful execution of job " : "working revision of ")
                    + revision.key().service() + " in these logs"
                    + (earlierFailing > 0 ? " (the " + earlierFailing + " earlier one" + (earlierFailing == 1 ? "" : "s") + " fail too)" : "")
                    + ": read a longer time range to find the last one that worked and compare its configuration");
        }
        return new Incident(verdict, issueId, issueTitle, alsoTracked, fingerprint, causeFound, reasons, trends,
                lastWorking, firstFailing, changes, diffAvailable, identity, missing, regression);
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

    /** When the issue's fingerprint first showed on this revision: the earliest hit of its signatures that are present. */
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

    private static String humanDays(Duration d) {
        long days = d.toDays();
        if (days >= 1) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = d.toHours();
        return hours >= 1 ? hours + " h" : d.toMinutes() + " min";
    }
}
