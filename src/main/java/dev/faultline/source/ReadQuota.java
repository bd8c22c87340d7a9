package dev.faultline.source;

/**
 * Keeps list requests within Logging's read quota (60 a minute per project by default): a token
 * bucket that allows a burst of a minute's worth and then one request per 60/perMinute seconds.
 * Pacing up front is cheaper than hitting RESOURCE_EXHAUSTED and backing off.
 */
final class ReadQuota {

    /** Logging's default: ListLogEntries requests per minute per project. */
    static final int DEFAULT_PER_MINUTE = 60;

    private final int perMinute;
    private final long nanosPerToken;
    private double tokens;
    private long last;

    ReadQuota(int perMinute) {
        this.perMinute = perMinute;
        this.nanosPerToken = 60_000_000_000L / perMinute;
        this.tokens = perMinute;
        this.last = System.nanoTime();
    }

    /** Waits until one more request fits the quota. */
    void acquire() throws InterruptedException {
        long now = System.nanoTime();
        tokens = Math.min(perMinute, tokens + (double) (now - last) / nanosPerToken);
        last = now;
        if (tokens < 1) {
            long wait = (long) ((1 - tokens) * nanosPerToken);
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            last = System.nanoTime();
            tokens = 1;
        }
        tokens -= 1;
    }
}
