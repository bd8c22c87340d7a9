package dev.faultline.incident;

import java.util.List;
import java.util.Objects;

/**
 * One task of a Cloud Run Job execution, as its entries show it: how many attempts it had and the
 * exit code Cloud Run logged for each ({@code Container called exit(N).}; null where none was logged).
 *
 * @param exitCodes per attempt, in attempt order
 */
public record TaskRun(int index, List<String> exitCodes) {

    public TaskRun {
        exitCodes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(exitCodes));
    }

    public int attempts() {
        return exitCodes.size();
    }

    /** The exit code of its last attempt that logged one, or null. */
    public String lastExitCode() {
        for (int i = exitCodes.size() - 1; i >= 0; i--) {
            if (exitCodes.get(i) != null) {
                return exitCodes.get(i);
            }
        }
        return null;
    }

    /** Whether every retry the job allows was used and the last attempt still failed. */
    public boolean retriesExhausted(Integer maxRetries) {
        String last = exitCodes.isEmpty() ? null : exitCodes.get(exitCodes.size() - 1);
        return maxRetries != null && attempts() >= maxRetries + 1 && last != null && !last.equals("0");
    }

    /** "task 0: 2 attempts, exit code 1, 1 (retries exhausted: max retries 1)"; "?" for an attempt that logged no exit code. */
    public String describe(Integer maxRetries) {
        String codes = exitCodes.stream().map(c -> Objects.requireNonNullElse(c, "?")).reduce((a, b) -> a + ", " + b).orElse("?");
        boolean known = exitCodes.stream().anyMatch(Objects::nonNull);
        return "task " + index + ": " + attempts() + (attempts() == 1 ? " attempt" : " attempts") + (known ? ", exit code " + codes : "")
                + (retriesExhausted(maxRetries) ? " (retries exhausted: max retries " + maxRetries + ")" : "");
    }
}
