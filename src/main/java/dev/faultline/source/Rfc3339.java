package dev.faultline.source;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as Cloud Logging writes them ({@code 2025-09-15T20:03:08.710120Z},
 * up to nanoseconds, {@code Z} or a {@code +hh:mm} offset).
 * <p>
 * Hand-written because it runs once or twice per entry: {@link Instant#parse} costs about a
 * microsecond, as much as parsing the rest of a typical entry. Anything unusual falls back to
 * {@link OffsetDateTime#parse}.
 */
final class Rfc3339 {

    private Rfc3339() {
    }

    /** The instant, or null when {@code s} is not an RFC 3339 date-time. */
    static Instant parse(CharSequence s) {
        Instant fast = parseFast(s);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant parseFast(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) | 0x20) != 't'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null; // leap seconds (":60") and the like go the slow way
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int scale = 100_000_000;
            i++;
            int start = i;
            while (i < n) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                nanos += (c - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start || i - start > 9) {
                return null;
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if ((z | 0x20) == 'z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if ((oh | om) < 0 || oh > 23 || om > 59) {
                return null;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The decimal value of {@code len} digits at {@code from}, or -1. */
    private static int digits(CharSequence s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
