package dev.faultline.history;

/**
 * The state file cannot be used as it is: missing, corrupt, from a newer faultline, not a
 * faultline file, or locked by another run. The message is the one line the CLI prints.
 */
public final class StateException extends Exception {

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
