package dev.faultline.entry;

import java.util.Locale;

/** Cloud Logging LogSeverity, in its numeric order. An entry without a severity is {@link #DEFAULT}. */
public enum Severity {
    DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    /** Parses the name Cloud Logging writes; unknown or missing names are DEFAULT, never guessed. */
    public static Severity parse(String name) {
        if (name == null || name.isEmpty()) {
            return DEFAULT;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
