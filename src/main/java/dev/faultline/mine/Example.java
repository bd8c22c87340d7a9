package dev.faultline.mine;

import java.time.Instant;

/**
 * One event of a template, kept as evidence: where and when it was logged and its text (cut at
 * {@link #MAX_TEXT} characters). Raw log text: redact before rendering.
 *
 * @param line the line that stands for the event (the exception line of a traceback)
 * @param text the whole event, a stitched traceback included
 */
public record Example(Instant timestamp, String service, String revision, String instanceId, String insertId,
                      String logName, String severity, String line, String text) {

    /** Longer texts are cut: an example shows the error, it does not archive it. */
    public static final int MAX_TEXT = 4_000;

    public Example {
        text = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        line = line == null ? "" : line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) : line;
    }

    /** Characters it holds, for the miner's budget. */
    int size() {
        return text.length() + line.length() + 64;
    }
}
