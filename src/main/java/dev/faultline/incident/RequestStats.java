package dev.faultline.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * Request-log entries of a revision by status class; {@code total} includes those without a status.
 * When the source read only a sample of the entries below 400 ({@code sampleFraction < 1}), 3xx,
 * those without a status and {@code total} are estimates (sampled count / fraction), and so is
 * {@code ok2xx} unless a follow-up read counted every 2xx ({@code exact2xx}); 4xx and 5xx are
 * always exact.
 */
public record RequestStats(long total, long ok2xx, long redirect3xx, long client4xx, long server5xx,
                           double sampleFraction, boolean exact2xx) {

    public static final RequestStats NONE = new RequestStats(0, 0, 0, 0, 0);

    /** Exact counts: every request entry was read. */
    public RequestStats(long total, long ok2xx, long redirect3xx, long client4xx, long server5xx) {
        this(total, ok2xx, redirect3xx, client4xx, server5xx, 1, true);
    }

    public boolean servedSuccessfully() {
        return ok2xx > 0;
    }

    public boolean sampled() {
        return sampleFraction < 1;
    }

    /** The JSON names of the counts that are estimates (none when every request entry was read). */
    public List<String> estimated() {
        List<String> out = new ArrayList<>();
        if (sampled()) {
            out.add("total");
            if (!exact2xx) {
                out.add("status2xx");
            }
            out.add("status3xx");
        }
        return out;
    }

    /** {@code total} as a report shows it: "~" marks an estimate. */
    public String shownTotal() {
        return (sampled() ? "~" : "") + total;
    }

    /** {@code ok2xx} as a report shows it: "~" marks an estimate. */
    public String shown2xx() {
        return (sampled() && !exact2xx ? "~" : "") + ok2xx;
    }
}
