package dev.faultline.incident;

/**
 * A Cloud Run revision is identified by its service and its own name. Entries of a service that
 * name no revision (service-level audit entries, lines from other tooling) are grouped under the
 * service with {@link #NO_REVISION} as the name: no real revision can be called that (Cloud Run
 * names are lower-case letters, digits and hyphens).
 */
public record RevisionKey(String service, String revision) implements Comparable<RevisionKey> {

    /** The name of the group of a service's entries that name no revision. */
    public static final String NO_REVISION = "(no revision)";

    public static RevisionKey noRevision(String service) {
        return new RevisionKey(service, NO_REVISION);
    }

    /** False for the group of entries that name no revision: it is not a deploy, so it has no place in deploy order. */
    public boolean isRevision() {
        return revision != null && !NO_REVISION.equals(revision);
    }

    @Override
    public int compareTo(RevisionKey o) {
        int c = nullToEmpty(service).compareTo(nullToEmpty(o.service));
        if (c != 0) {
            return c;
        }
        if (isRevision() != o.isRevision()) {
            return isRevision() ? -1 : 1; // a service's "(no revision)" group after its revisions
        }
        // Cloud Run revision names carry a zero-padded generation (svc-00161-67z), so name order is deploy order.
        return nullToEmpty(revision).compareTo(nullToEmpty(o.revision));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
