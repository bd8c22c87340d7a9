package dev.faultline.incident;

/** A Cloud Run revision is identified by its service and its own name. */
public record RevisionKey(String service, String revision) implements Comparable<RevisionKey> {

    @Override
    public int compareTo(RevisionKey o) {
        int c = nullToEmpty(service).compareTo(nullToEmpty(o.service));
        // Cloud Run revision names carry a zero-padded generation (svc-00161-67z), so name order is deploy order.
        return c != 0 ? c : nullToEmpty(revision).compareTo(nullToEmpty(o.revision));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
