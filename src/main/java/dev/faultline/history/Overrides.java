package dev.faultline.history;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.KnownIssue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The team's edits of the known-issue registry, kept in the state file rather than in the
 * bundled catalog: incidents linked to tickets and tickets marked resolved. Applied to a
 * catalog they yield the registry the judge sees, so the pipeline itself stays unchanged.
 */
public record Overrides(List<Link> links, Map<String, Instant> resolutions) {

    /**
     * An incident fingerprint attached to a ticket, with the signatures that make up the
     * fingerprint and the service it was seen on (null for links made before faultline kept it).
     */
    public record Link(String fingerprint, String issue, List<String> signatures, Instant linkedAt, String service) {
        public Link {
            signatures = List.copyOf(signatures);
        }

        /** The fingerprint is the service's: the link judges that service only, never another one with the same signatures. */
        KnownIssue.Scope scope() {
            return service == null ? KnownIssue.Scope.ANY : new KnownIssue.Scope(List.of(), List.of(service), List.of());
        }
    }

    public Overrides {
        links = List.copyOf(links);
        resolutions = Map.copyOf(resolutions);
    }

    /** The id under which a link to an existing ticket enters the registry (as its duplicate). */
    static String linkId(String fingerprint) {
        return "fp:" + fingerprint;
    }

    /**
     * The catalog with these overrides: a link to a ticket the registry lacks adds it as an open
     * issue with the fingerprint's signatures; a link to a ticket it has adds the fingerprint as
     * a duplicate of that ticket (so the judge calls it by the ticket's name and status); a
     * resolution marks the ticket resolved at its time. A link judges only its incident's service.
     * When there is any override, the catalog's layers end with the state file (named by {@code statePath}).
     */
    public Catalog applyTo(Catalog catalog, String statePath) {
        if (links.isEmpty() && resolutions.isEmpty()) {
            return catalog;
        }
        List<KnownIssue> issues = new ArrayList<>(catalog.knownIssues());
        for (Link link : links) {
            if (find(issues, link.issue()).isEmpty()) {
                issues.add(new KnownIssue(link.issue(), "linked with faultline issues link", KnownIssue.Status.OPEN,
                        null, null, link.signatures(), List.of(), List.of(), null, "state", link.scope()));
            } else {
                issues.add(new KnownIssue(linkId(link.fingerprint()), "incident " + link.fingerprint() + " linked to " + link.issue(),
                        KnownIssue.Status.DUPLICATE, null, link.issue(), link.signatures(), List.of(), List.of(), null, "state",
                        link.scope()));
            }
        }
        for (Map.Entry<String, Instant> resolution : resolutions.entrySet()) {
            for (int i = 0; i < issues.size(); i++) {
                KnownIssue k = issues.get(i);
                if (k.id().equals(resolution.getKey())) {
                    issues.set(i, new KnownIssue(k.id(), k.title(), KnownIssue.Status.RESOLVED, resolution.getValue(), null,
                            k.signatures(), k.optional(), k.links(), k.summary(), k.file(), k.scope()));
                }
            }
        }
        return catalog.withKnownIssues(issues, new Catalog.Layer("state", null, Catalog.Origin.STATE, statePath, 0,
                links.size() + resolutions.size()));
    }

    private static Optional<KnownIssue> find(List<KnownIssue> issues, String id) {
        return issues.stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
