package dev.faultline;

/**
 * Where every entry went. {@code read == parsed + malformed} and {@code parsed == matched + unmatched}
 * always hold; {@code unattributed} entries (no revision named) are part of parsed but not of any revision.
 *
 * @param events the matcher's units: single entries plus stitched multi-line events
 */
public record InputCounts(long read, long parsed, long malformed, long matched, long unmatched,
                          long events, long unattributed, long problems) {

    public boolean balanced() {
        return read == parsed + malformed && parsed == matched + unmatched;
    }
}
