package dev.faultline.mine;

import java.time.Instant;

/** One template's events on one revision. */
public record RevisionTemplate(Template template, long count, Instant firstSeen, Instant lastSeen, Example example) {
}
