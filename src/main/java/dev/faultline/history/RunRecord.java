package dev.faultline.history;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One report run as the state remembers it.
 *
 * @param inWindow entries whose timestamp fell inside the window (the rest of the input was skipped)
 * @param error    for a failed run, the one-line reason; otherwise null
 */
public record RunRecord(long id, Instant startedAt, RunWindow window, Status status, String catalogVersion,
                        String faultlineVersion, List<String> inputs, long entriesRead, long inWindow,
                        long malformed, long problems, int exitCode, String error) {

    public RunRecord {
        inputs = List.copyOf(inputs);
    }

    /**
     * Only a complete run moves the next run's window on; partial and failed runs are kept
     * for the record and their window is covered again.
     */
    public enum Status {
        COMPLETE, PARTIAL, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }
}
