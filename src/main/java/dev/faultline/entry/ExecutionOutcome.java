package dev.faultline.entry;

/**
 * What a Cloud Run Job execution's audit entry says about how it ended: the {@code status} of the
 * {@code google.cloud.run.v1.Execution} in the response of a {@code /Jobs.RunJob} system event
 * (read from the structure, never from a message's wording).
 *
 * @param taskCount the tasks the execution was to run
 * @param succeeded tasks that succeeded
 * @param failed    tasks that failed (after their retries)
 * @param retried   task attempts that were retried
 * @param cancelled tasks that were cancelled
 * @param completed whether the execution's Completed condition is True (false: failed, or not finished when logged)
 * @param message   the Completed condition's message ("Task X-task0 failed with message: ..."), or null
 */
public record ExecutionOutcome(int taskCount, int succeeded, int failed, int retried, int cancelled, boolean completed,
                               String message) {

    /** The same outcome with another message (the redacted one). */
    public ExecutionOutcome withMessage(String newMessage) {
        return new ExecutionOutcome(taskCount, succeeded, failed, retried, cancelled, completed, newMessage);
    }

    /** Every task succeeded. */
    public boolean succeededWhole() {
        return completed && failed == 0 && succeeded > 0 && (taskCount == 0 || succeeded >= taskCount);
    }

    /** "1/1 tasks succeeded" or "0/1 tasks succeeded, 1 failed, 1 retried". */
    public String describe() {
        return succeeded + "/" + taskCount + " tasks succeeded" + (failed > 0 ? ", " + failed + " failed" : "")
                + (retried > 0 ? ", " + retried + " retried" : "") + (cancelled > 0 ? ", " + cancelled + " cancelled" : "");
    }
}
