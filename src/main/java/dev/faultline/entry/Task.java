package dev.faultline.entry;

/**
 * The task of a Cloud Run Job execution an entry comes from, as the entry's labels
 * {@code run.googleapis.com/task_index} and {@code run.googleapis.com/task_attempt} name it.
 *
 * @param index   the task's index within its execution (0-based)
 * @param attempt the attempt (0 for the first run, 1 for the first retry, ...)
 */
public record Task(int index, int attempt) {
}
