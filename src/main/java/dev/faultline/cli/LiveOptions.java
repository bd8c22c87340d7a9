package dev.faultline.cli;

import dev.faultline.entry.EntrySelection;
import dev.faultline.source.LiveQuery;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What to read from Cloud Logging and over which time range: {@code triage --project} and
 * {@code pull}. Holds no cloud client class (see {@link LiveRun}), so file triage does not pay for
 * loading one.
 */
final class LiveOptions extends LiveSelection {

    @Option(names = {"--since", "--freshness"}, paramLabel = "AGE", converter = TimeConverters.Span.class,
            description = "Entries of the last AGE: 90s, 30m, 2h, 1d, 1w (--freshness as gcloud logging read spells it). "
                    + "Live: default 1d unless --from is given; files: every entry unless given.")
    Duration since;

    @Option(names = "--from", paramLabel = "TIME", converter = TimeConverters.Time.class,
            description = "Entries at or after TIME (RFC 3339, e.g. 2025-09-15T00:00:00Z).")
    Instant from;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverters.Time.class, description = "Entries before TIME.")
    Instant until;

    static final Duration DEFAULT_AGE = Duration.ofDays(1);

    /**
     * The same options applied to exported files: they select entries before judging (a file holds
     * everything, so nothing is selected by default). Options that only mean something to the Logging
     * API are refused rather than ignored ({@link #check}).
     */
    EntrySelection fileSelection(Clock clock, CommandLine cl) {
        if (since != null && from != null) {
            throw new CommandLine.ParameterException(cl, "--since and --from exclude each other");
        }
        Instant start = from != null ? from : since != null ? clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(since) : null;
        if (start != null && until != null && !start.isBefore(until)) {
            throw new CommandLine.ParameterException(cl, "the time range is empty: " + start + " is not before " + until);
        }
        return new EntrySelection(service, revision, start, until);
    }

    /**
     * The query with absolute time bounds fixed now, so that every page (and a resumed pull)
     * asks for the same range.
     *
     * @param candidates the catalog's candidate filter; ignored with --all-entries
     */
    LiveQuery query(String candidates, Clock clock, CommandLine cl) {
        Instant[] range = range(clock, cl);
        return query(range[0], range[1], candidates);
    }

    /** [start, end) of --since/--from/--until, fixed now. */
    Instant[] range(Clock clock, CommandLine cl) {
        if (since != null && from != null) {
            throw new CommandLine.ParameterException(cl, "--since and --from exclude each other");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // whole seconds read better in --show-query
        Instant start = from != null ? from : now.minus(since != null ? since : DEFAULT_AGE);
        Instant end = until != null ? until : now;
        if (!start.isBefore(end)) {
            throw new CommandLine.ParameterException(cl, "the time range is empty: " + start + " is not before " + end);
        }
        return new Instant[] {start, end};
    }
}
