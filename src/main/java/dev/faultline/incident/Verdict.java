package dev.faultline.incident;

/** What a revision's failure is, judged against the known-issue registry. */
public enum Verdict {
    /** Failure hits that no known issue explains. */
    NEW,
    /** The fingerprint of a resolved known issue, seen after it was marked resolved. */
    RECURRENCE,
    /** The fingerprint of a known issue that is open (or was still open when these hits happened). */
    ONGOING,
    /** No failure hits. */
    HEALTHY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
