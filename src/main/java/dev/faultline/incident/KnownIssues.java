package dev.faultline.incident;

import dev.faultline.catalog.KnownIssue;
import dev.faultline.catalog.Signature;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which known issue a failure belongs to: every rule that ties a fingerprint to a ticket lives
 * here, so that the judge stays free of it and a registry scoped to projects and services can
 * narrow the candidates in one place.
 * <p>
 * A <b>match</b>: every signature of the issue's fingerprint is present. A <b>near miss</b>: not
 * all of them are, but what is present can only be that issue, namely
 * <ol>
 * <li>at least half of the issue's signatures are present, and at least one of those present is a
 *     cause (a shared symptom alone, such as an exit code, says nothing about which failure it is);</li>
 * <li>every cause signature present belongs to the issue (its fingerprint or its optional
 *     companions): a cause the issue does not know explains the failure otherwise;</li>
 * <li>no other issue qualifies as well (same number of shared signatures): then it stays unclear.</li>
 * </ol>
 * A near miss is judged against the issue like a match, and the missing signatures are named: an
 * export filtered by a keyword, or a live read that sampled, lacks lines, but a failure that shows
 * the issue's causes and nothing else is that issue. Which of an issue's signatures are causes
 * matters: #1263's fingerprint is two causes (the database phase timeout the app reports and the
 * Cloud SQL socket error behind it), so either one alone is a near miss; an issue whose
 * fingerprint is a cause and its exit code is a near miss on the cause alone, never on the exit code.
 */
final class KnownIssues {

    private final List<KnownIssue> issues;
    private final Map<String, KnownIssue> byId = new HashMap<>();
    private final Map<String, Signature> signatures;

    KnownIssues(List<KnownIssue> issues, Map<String, Signature> signatures) {
        this.issues = List.copyOf(issues);
        this.signatures = Map.copyOf(signatures);
        issues.forEach(k -> byId.put(k.id(), k));
    }

    /**
     * How a failure relates to an issue.
     *
     * @param issue       the canonical ticket (a duplicate that matched is followed to it)
     * @param alsoTracked other tickets with the same fingerprint that point to it (e.g. #1278 for #1263)
     * @param missing     signatures of the fingerprint not seen (empty for a match)
     */
    record Match(KnownIssue issue, List<String> alsoTracked, List<String> missing) {
        boolean nearMiss() {
            return !missing.isEmpty();
        }
    }

    /**
     * The registry as a revision of this project and service sees it: only the issues whose scope
     * ({@code applies_to}) covers it; this same object when every issue does.
     */
    KnownIssues scopedTo(String project, String service, String revision) {
        List<KnownIssue> applicable = issues.stream().filter(k -> k.appliesTo(project, service, revision)).toList();
        return applicable.size() == issues.size() ? this : new KnownIssues(applicable, signatures);
    }

    /** "#1301 (project other-proj)": tickets of other scopes whose whole fingerprint is present, to say why they were not applied. */
    List<String> elsewhere(Set<String> present, String project, String service, String revision) {
        return issues.stream()
                .filter(k -> k.status() != KnownIssue.Status.DUPLICATE && !k.signatures().isEmpty() && present.containsAll(k.signatures()))
                .filter(k -> !k.appliesTo(project, service, revision))
                .map(k -> k.id() + " (" + k.scope().describe() + ")")
                .toList();
    }

    /** The issue this failure is: a match if there is one, else a near miss; empty for neither. */
    Optional<Match> match(Set<String> present, Set<String> presentCauses) {
        Optional<KnownIssue> full = issues.stream()
                .filter(k -> !k.signatures().isEmpty() && present.containsAll(k.signatures()))
                .max(Comparator.comparingInt((KnownIssue k) -> k.signatures().size() + overlap(k.optional(), present))
                        // on a tie, the canonical ticket rather than its duplicate
                        .thenComparing(k -> k.status() != KnownIssue.Status.DUPLICATE));
        if (full.isPresent()) {
            KnownIssue issue = canonical(full.get());
            return Optional.of(new Match(issue, alsoTracked(issue, present), List.of()));
        }
        return nearMiss(present, presentCauses);
    }

    private Optional<Match> nearMiss(Set<String> present, Set<String> presentCauses) {
        List<KnownIssue> candidates = issues.stream()
                .filter(k -> !k.signatures().isEmpty())
                .filter(k -> 2 * overlap(k.signatures(), present) >= k.signatures().size())
                .filter(k -> k.signatures().stream().anyMatch(presentCauses::contains))
                .filter(k -> presentCauses.stream().allMatch(c -> k.signatures().contains(c) || k.optional().contains(c)))
                .toList();
        int best = candidates.stream().mapToInt(k -> overlap(k.signatures(), present)).max().orElse(0);
        Set<KnownIssue> top = candidates.stream().filter(k -> overlap(k.signatures(), present) == best)
                .map(this::canonical).collect(Collectors.toCollection(LinkedHashSet::new));
        if (top.size() != 1) {
            return Optional.empty(); // none, or two different tickets fit as well: say which are close, decide nothing
        }
        KnownIssue issue = top.iterator().next();
        KnownIssue matched = candidates.stream().filter(k -> overlap(k.signatures(), present) == best)
                .filter(k -> canonical(k).equals(issue)).findFirst().orElseThrow();
        List<String> missing = matched.signatures().stream().filter(s -> !present.contains(s)).toList();
        Set<String> fingerprint = Set.copyOf(matched.signatures());
        List<String> alsoTracked = issues.stream()
                .filter(k -> !k.id().equals(issue.id()) && canonical(k).id().equals(issue.id()) && Set.copyOf(k.signatures()).equals(fingerprint))
                .map(KnownIssue::id)
                .toList();
        return Optional.of(new Match(issue, alsoTracked, missing));
    }

    /** "closest known issue #1263 (...) shares X but lacks Y" for a failure judged new, or empty. */
    Optional<String> nearest(Set<String> present) {
        return issues.stream()
                .filter(k -> k.status() != KnownIssue.Status.DUPLICATE && overlap(k.signatures(), present) > 0)
                .max(Comparator.comparingInt(k -> overlap(k.signatures(), present)))
                .map(k -> "closest known issue " + k.id() + " (" + k.title() + ") shares "
                        + k.signatures().stream().filter(present::contains).collect(Collectors.joining(", "))
                        + " but lacks " + k.signatures().stream().filter(s -> !present.contains(s)).collect(Collectors.joining(", "))
                        + (present.stream().anyMatch(s -> k.signatures().contains(s) && isCause(s)) ? ""
                                : ": what it shares is only a symptom, which many failures have"));
    }

    /** "no postgres.cloudsql-socket-error (Could not connect to Cloud SQL through the /cloudsql unix socket)". */
    String describeMissing(List<String> missing) {
        return missing.stream().map(id -> "no " + id + (signatures.containsKey(id) ? " (" + signatures.get(id).title() + ")" : ""))
                .collect(Collectors.joining(", "));
    }

    KnownIssue byId(String id) {
        return byId.get(id);
    }

    private boolean isCause(String id) {
        Signature s = signatures.get(id);
        return s != null && s.isCause();
    }

    private List<String> alsoTracked(KnownIssue issue, Set<String> present) {
        return issues.stream()
                .filter(k -> !k.id().equals(issue.id()) && canonical(k).id().equals(issue.id()) && present.containsAll(k.signatures()))
                .map(KnownIssue::id)
                .toList();
    }

    KnownIssue canonical(KnownIssue issue) {
        KnownIssue current = issue;
        Set<String> visited = new LinkedHashSet<>();
        while (current.status() == KnownIssue.Status.DUPLICATE && current.duplicateOf() != null
                && byId.containsKey(current.duplicateOf()) && visited.add(current.id())) {
            current = byId.get(current.duplicateOf());
        }
        return current;
    }

    static int overlap(List<String> ids, Set<String> present) {
        return (int) ids.stream().filter(present::contains).count();
    }
}
