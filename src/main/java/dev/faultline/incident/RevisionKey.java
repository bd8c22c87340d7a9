package dev.faultline.incident;

/**
 * A Cloud Run revision is identified by its service and its own name; a Cloud Run Job's execution,
 * grouped the same way, by its job ({@code service}) and its name ({@code revision}), with
 * {@code job} set. Entries of a service (or job) that name no revision (execution) are grouped
 * under it with {@link #NO_REVISION} ({@link #NO_EXECUTION}) as the name: no real one can be called
 * that (Cloud Run names are lower-case letters, digits and hyphens).
 */
public record RevisionKey(String service, String revision, boolean job) implements Comparable<RevisionKey> {

    /** The name of the group of a service's entries that name no revision. */
    public static final String NO_REVISION = "(no revision)";
    /** The name of the group of a job's entries that name no execution. */
    public static final String NO_EXECUTION = "(no execution)";

    /** A revision of a service. */
    public RevisionKey(String service, String revision) {
        this(service, revision, false);
    }

    public static RevisionKey noRevision(String service) {
        return new RevisionKey(service, NO_REVISION, false);
    }

    public static RevisionKey noRevision(String service, boolean job) {
        return new RevisionKey(service, job ? NO_EXECUTION : NO_REVISION, job);
    }

    /** False for the group of entries that name no revision (execution): it is not a deploy, so it has no place in deploy order. */
    public boolean isRevision() {
        return revision != null && !NO_REVISION.equals(revision) && !NO_EXECUTION.equals(revision);
    }

    /** "service netra-backend-staging" or "job orders-export": what a report says the group belongs to. */
    public String scope() {
        return (job ? "job " : "service ") + service;
    }

    @Override
    public int compareTo(RevisionKey o) {
        int c = nullToEmpty(service).compareTo(nullToEmpty(o.service));
        if (c != 0) {
            return c;
        }
        if (job != o.job) {
            return job ? 1 : -1; // a service before a job of the same name
        }
        if (isRevision() != o.isRevision()) {
            return isRevision() ? -1 : 1; // a service's "(no revision)" group after its revisions
        }
        // Cloud Run revision names carry a zero-padded generation (svc-00161-67z), so name order is deploy order;
        // execution names end in a random suffix, so executions are put in time order elsewhere (Incidents.DEPLOY_ORDER)
        return nullToEmpty(revision).compareTo(nullToEmpty(o.revision));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
