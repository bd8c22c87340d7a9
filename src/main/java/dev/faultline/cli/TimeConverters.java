package dev.faultline.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Command-line spellings of times: durations such as {@code 90s 30m 24h 7d} (or ISO {@code PT2H}), instants in RFC 3339. */
final class TimeConverters {

    private TimeConverters() {
    }

    /** "90s", "30m", "24h", "7d", "1w", or an ISO-8601 duration such as PT90M; longer than zero. */
    static final class Span implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("p")) {
                    return positive(Duration.parse(v.toUpperCase(Locale.ROOT)), value);
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    case 'w' -> Duration.ofDays(7 * n);
                    default -> null;
                };
                if (d != null) {
                    return positive(d, value);
                }
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                // fall through to the one message below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 90s, 30m, 24h, 7d or 1w");
        }

        private static Duration positive(Duration d, String value) {
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
            }
            return d;
        }
    }

    /** RFC 3339 with Z or an offset. */
    static final class Time implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an RFC 3339 time such as 2025-09-15T21:00:00Z");
            }
        }
    }
}
