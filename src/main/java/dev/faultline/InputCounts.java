package dev.faultline;

/**
 * Where every entry went. {@code read == parsed + malformed} and {@code parsed == matched + unmatched + excluded}
 * always hold; {@code unattributed} entries (no revision named) are part of parsed but not of any revision.
 *
 * @param excluded entries parsed but left out by the run's selection (--service, --revision, a time range or the
 *                 scheduled job's window); 0 when everything was selected
 * @param events   the matcher's units: single entries plus stitched multi-line events
 */
public record InputCounts(long read, long parsed, long malformed, long matched, long unmatched, long excluded,
                          long events, long unattributed, long problems) {

    public boolean balanced() {
        return read == parsed + malformed && parsed == matched + unmatched + excluded;
    }

    /** Entries the run judged: parsed and inside the selection. */
    public long selected() {
        return matched + unmatched;
    }
}
