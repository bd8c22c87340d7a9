package dev.faultline.source;

import java.io.IOException;

/**
 * A live read that cannot go on: permission denied, project not found, credentials missing or
 * rejected, a query Logging refuses, or the API still failing after every retry. The message is
 * one line that names the project and says how to fix it.
 */
public final class LiveReadException extends IOException {

    public LiveReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
