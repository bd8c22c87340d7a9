package dev.faultline.catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A ticket in a team's known-issue registry (a catalog overlay's {@code known-issues.yaml}, or a
 * link made with {@code faultline issues link}).
 *
 * @param signatures  the fingerprint: every one of these ids must be present on a revision
 * @param optional    ids that strengthen the match when present
 * @param resolvedAt  when the ticket was marked resolved (null unless status is RESOLVED)
 * @param duplicateOf for DUPLICATE tickets, the ticket it was found to be (e.g. #1278 -> #1263)
 * @param scope       the projects, services and revisions the ticket belongs to; it judges nothing else
 */
public record KnownIssue(String id, String title, Status status, Instant resolvedAt, String duplicateOf,
                         List<String> signatures, List<String> optional, List<String> links,
                         String summary, String file, Scope scope) {

    public KnownIssue {
        signatures = List.copyOf(signatures);
        optional = List.copyOf(optional);
        links = List.copyOf(links);
        scope = scope == null ? Scope.ANY : scope;
    }

    /** A ticket without a scope: it applies wherever its registry is loaded. */
    public KnownIssue(String id, String title, Status status, Instant resolvedAt, String duplicateOf,
                      List<String> signatures, List<String> optional, List<String> links, String summary, String file) {
        this(id, title, status, resolvedAt, duplicateOf, signatures, optional, links, summary, file, Scope.ANY);
    }

    public enum Status { OPEN, RESOLVED, DUPLICATE }

    /** True when the ticket belongs to this revision (see {@link Scope#covers}). */
    public boolean appliesTo(String project, String service, String revision) {
        return scope.covers(project, service, revision);
    }

    /**
     * Where a ticket applies ({@code applies_to:} in YAML): name patterns for projects, services
     * (or Cloud Run jobs) and revisions, each with {@code *} for any run of characters and
     * {@code ?} for one. A revision is covered when every dimension that lists patterns has one
     * matching its whole name; an empty list does not restrict. A revision whose project or
     * service the logs do not name is not covered by a list for it: a team's ticket must not
     * judge what may be someone else's service.
     */
    public record Scope(List<String> projects, List<String> services, List<String> revisions) {

        public static final Scope ANY = new Scope(List.of(), List.of(), List.of());

        public Scope {
            projects = List.copyOf(projects);
            services = List.copyOf(services);
            revisions = List.copyOf(revisions);
        }

        public boolean isAny() {
            return projects.isEmpty() && services.isEmpty() && revisions.isEmpty();
        }

        public boolean covers(String project, String service, String revision) {
            return matchesAny(projects, project) && matchesAny(services, service) && matchesAny(revisions, revision);
        }

        /** "project netra-staging, service netra-backend-staging", or "every project and service". */
        public String describe() {
            if (isAny()) {
                return "every project and service";
            }
            List<String> parts = new ArrayList<>();
            part(parts, "project", projects);
            part(parts, "service", services);
            part(parts, "revision", revisions);
            return String.join(", ", parts);
        }

        private static void part(List<String> parts, String noun, List<String> patterns) {
            if (!patterns.isEmpty()) {
                parts.add(noun + (patterns.size() == 1 ? " " : "s ") + String.join(", ", patterns));
            }
        }

        private static boolean matchesAny(List<String> patterns, String name) {
            if (patterns.isEmpty()) {
                return true;
            }
            return name != null && !name.isEmpty() && patterns.stream().anyMatch(p -> glob(p, name));
        }

        /**
         * Whole-name wildcard match: {@code *} any run of characters, {@code ?} one character.
         * Greedy with one backtrack point, so linear in practice and never exponential.
         */
        static boolean glob(String pattern, String name) {
            int p = 0;
            int n = 0;
            int star = -1;
            int resume = 0;
            while (n < name.length()) {
                if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                    p++;
                    n++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    resume = n;
                } else if (star >= 0) {
                    p = star + 1;
                    n = ++resume;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }
}
