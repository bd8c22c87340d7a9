package dev.faultline.source;

/**
 * What one source yielded: every entry read is either parsed or malformed
 * ({@code read == parsed + malformed}); {@code complete} is false when the source
 * ended early (a truncated file, an unreadable stream, an interrupted pull).
 */
public record SourceStats(String source, String format, long read, long parsed, long malformed,
                          boolean complete, String sha256) {

    /**
     * False when the source's content was not a log export at all (neither a JSON array nor NDJSON,
     * told by content, e.g. a README.md among the exports): such a source is skipped, not incomplete.
     */
    public boolean isLogExport() {
        return !format.startsWith("unknown");
    }

    /** A log export that ended early: what it did not yield may change the verdicts. */
    public boolean incomplete() {
        return isLogExport() && !complete;
    }
}
