package dev.faultline.incident;

import java.util.Locale;

/** How a revision did, from its hits and its request logs. */
public enum Health {
    /** No failure signature, and requests (if any) mostly succeeded. */
    HEALTHY,
    /**
     * Serving successfully, but with failure signatures, a 5xx share above {@link RevisionHits#DEGRADED_5XX_SHARE},
     * or one unclassified error template on more than {@link RevisionHits#DEGRADED_UNCLASSIFIED_SHARE} of its requests.
     */
    DEGRADED,
    /** Failure signatures and no successful serving to speak of. */
    FAILING,
    /** Nothing from the revision's own containers or requests: only deploy-time entries. */
    UNKNOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
