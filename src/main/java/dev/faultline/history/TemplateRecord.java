package dev.faultline.history;

import java.time.Instant;

/**
 * An unclassified error template the report job has seen on a service (the state's memory of
 * mined templates, so that a digest lists only the ones it has not seen before).
 *
 * @param id       the template's stable id (a hash of its text)
 * @param template the template text (redacted)
 * @param events   events over every complete run
 */
public record TemplateRecord(String service, String id, String template, String kind, Instant firstSeen, Instant lastSeen,
                             long events, long runsSeen, long firstRun, long lastRun) {
}
