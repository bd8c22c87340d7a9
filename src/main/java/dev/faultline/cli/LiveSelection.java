package dev.faultline.cli;

import dev.faultline.source.LiveQuery;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Which Cloud Logging entries to read and how to reach the API, without the time range: the
 * scheduled report takes its range from the run's window, triage and pull from {@link LiveOptions}.
 * Holds no cloud client class (see {@link LiveRun}), so file commands do not pay for loading one.
 */
class LiveSelection {

    /** The environment variable that sets --endpoint. */
    static final String ENDPOINT_ENV = "FAULTLINE_LOGGING_ENDPOINT";

    @Option(names = "--project", paramLabel = "P", description = "Read live from Cloud Logging in Google Cloud project P.")
    String project;

    @Option(names = "--service", paramLabel = "S", description = "Only the Cloud Run service S.")
    String service;

    @Option(names = "--revision", paramLabel = "R", description = "Only the revision R.")
    String revision;

    @Option(names = "--filter", paramLabel = "EXTRA", description = "A Logging query ANDed to faultline's own.")
    String filter;

    @Option(names = "--all-entries", description = "Send no catalog prefilter: every entry of the revisions is read.")
    boolean allEntries;

    @Option(names = "--show-query", description = "Print the exact filter sent to Cloud Logging on stderr.")
    boolean showQuery;

    @Option(names = "--endpoint", paramLabel = "HOST:PORT",
            description = "Another Logging API endpoint (a private endpoint, or a local server for tests: plaintext "
                    + "without credentials when HOST is a loopback address). Default: $" + ENDPOINT_ENV + ", else Google's.")
    String endpoint;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "A service-account or authorized-user JSON key instead of Application Default Credentials.")
    Path credentials;

    boolean live() {
        return project != null;
    }

    /** Options that only the Logging API understands: given with files they would silently do nothing. */
    void refuseLiveOnly(CommandLine cl) {
        String given = filter != null ? "--filter" : allEntries ? "--all-entries" : showQuery ? "--show-query"
                : endpoint != null ? "--endpoint" : credentials != null ? "--credentials" : null;
        if (given != null) {
            throw new CommandLine.ParameterException(cl, given + " applies to live reads from Cloud Logging: give --project P"
                    + " (with files, --service, --revision, --since, --from and --until select entries)");
        }
    }

    String endpoint() {
        if (endpoint != null) {
            return endpoint;
        }
        String env = System.getenv(ENDPOINT_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }

    /**
     * The query for {@code [from, until)}.
     *
     * @param candidates the catalog's candidate filter; ignored with --all-entries
     */
    LiveQuery query(Instant from, Instant until, String candidates) {
        return new LiveQuery(project, service, revision, from, until, filter, allEntries ? "" : candidates);
    }
}
