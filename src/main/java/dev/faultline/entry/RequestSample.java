package dev.faultline.entry;

import java.time.Instant;
import java.util.Map;

/**
 * How a source's request-log entries relate to all of them: every one read ({@link #EVERY}), or
 * a sample of those below 400 (4xx and 5xx always read) plus, per revision, what a follow-up
 * read of its newest 2xx entries found. The group stage scales sampled counts with it, so a
 * revision's 5xx share is taken against an estimate of all its requests, not the sample.
 *
 * @param fraction share of request entries below status 400 that were read (1 = every one)
 * @param served   by revision name, its 2xx as the follow-up read found them; a revision missing here was not probed
 */
public record RequestSample(double fraction, Map<String, Served> served) {

    /** Every request entry was read: counts are exact. */
    public static final RequestSample EVERY = new RequestSample(1, Map.of());

    public RequestSample {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("sample fraction " + fraction + " is not in (0, 1]");
        }
        served = Map.copyOf(served);
    }

    public boolean sampled() {
        return fraction < 1;
    }

    /**
     * One revision's 2xx request entries, newest first, as a follow-up read returned them.
     *
     * @param lastOk  the newest 2xx entry's timestamp, or null when there is none in the time range
     * @param count   2xx entries seen by the follow-up read: all of them when {@code counted}, else a lower bound
     * @param counted the follow-up read returned every 2xx entry of the revision (its result ended on that page)
     */
    public record Served(Instant lastOk, long count, boolean counted) {
    }
}
