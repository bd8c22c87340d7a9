package dev.faultline.mine;

import java.time.Duration;
import java.time.Instant;

/**
 * An unclassified error template ranked as a likely cause of a revision's failure when the catalog
 * named none: an inference from shape and timing, never a match, and never stated as certain.
 *
 * @param rank              1 for the most likely
 * @param count             its events before the failure on this revision
 * @param instances         instances it was seen on before their failure
 * @param firstSeen         its first event on this revision
 * @param lastBefore        its last event before the failure it is ranked against
 * @param before            how long before that failure ({@code lastBefore} to {@code referenceAt}; negative within the grace)
 * @param onFailingInstance true when it was logged by an instance that then failed, before it failed
 * @param reference         what it is ranked against: the first symptom ({@code cloudrun.container-exit}) or {@code first 5xx}
 * @param referenceAt       when that happened
 * @param evidence          one of its events before the failure, raw (redact before rendering)
 * @param reason            how it was chosen, in words
 */
public record ProbableCause(Template template, int rank, long count, int instances, Instant firstSeen, Instant lastBefore,
                            Duration before, boolean onFailingInstance, String reference, Instant referenceAt,
                            Example evidence, String reason) {
}
