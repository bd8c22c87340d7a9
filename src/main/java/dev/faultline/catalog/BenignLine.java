package dev.faultline.catalog;

/**
 * A line healthy Cloud Run revisions write, which no active signature may match: the catalog's
 * corpus of near misses shared by every signature ({@code benign.yaml}), where a signature's own
 * {@code no_match} examples only guard that one signature.
 *
 * @param logName the short log id it is written to (run.googleapis.com/stderr, .../varlog/system, ...)
 * @param text    the message text, verbatim
 * @param source  where it was seen: a sample export, the benchmark generator, a public issue
 */
public record BenignLine(String logName, String text, String source) {
}
