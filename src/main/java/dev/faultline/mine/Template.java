package dev.faultline.mine;

import java.time.Instant;
import java.util.List;

/**
 * Error events that no signature matched, grouped by their masked text ({@link Templates}).
 *
 * @param id            stable: a hash of the anchor and the template text ({@link Templates#id})
 * @param text          the template, variable parts as placeholders such as {@code <NUM>} or {@code <*>}
 * @param frame         the first application frame the events share (tracebacks), or null
 * @param kind          exception-shaped when any of its events was
 * @param revisions     the revisions it was seen on (at most {@link Miner#MAX_NAMES}; {@code revisionCount} counts all)
 * @param instanceCount distinct instances (counted up to {@link Miner#MAX_INSTANCES})
 * @param examples      the earliest events, raw (redact before rendering)
 */
public record Template(String id, String text, String frame, ErrorShape.Kind kind, long count, List<String> revisions,
                       int revisionCount, int instanceCount, Instant firstSeen, Instant lastSeen, List<Example> examples) {

    public Template {
        revisions = List.copyOf(revisions);
        examples = List.copyOf(examples);
    }

    /** The template as a reader sees it: the text, and where it was raised when a traceback said so. */
    public String display() {
        return frame == null ? text : text + "  (at " + frame + ")";
    }
}
