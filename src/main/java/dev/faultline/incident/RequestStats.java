package dev.faultline.incident;

/** Request-log entries of a revision by status class; {@code total} includes those without a status. */
public record RequestStats(long total, long ok2xx, long redirect3xx, long client4xx, long server5xx) {

    public static final RequestStats NONE = new RequestStats(0, 0, 0, 0, 0);

    public boolean servedSuccessfully() {
        return ok2xx > 0;
    }
}
