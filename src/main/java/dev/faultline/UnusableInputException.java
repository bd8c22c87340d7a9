package dev.faultline;

import java.io.IOException;

/**
 * The input was read but holds nothing to judge (see {@link TriageResult#nothingToJudge}): the run
 * fails with this one-line reason rather than report "no failing revision".
 */
public final class UnusableInputException extends IOException {

    public UnusableInputException(String reason) {
        super(reason);
    }
}
