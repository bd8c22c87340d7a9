package dev.faultline.cli;

import dev.faultline.source.LiveQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

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

    @Option(names = "--bigquery", paramLabel = "PROJECT.DATASET[.TABLE]",
            description = "Run the catalog as one SQL query in BigQuery, where the logs are: a Log Analytics linked dataset "
                    + "(its _AllLogs view, or the view TABLE) or, with --sink, a Cloud Logging sink dataset (docs/bigquery.md).")
    String bigquery;

    @Option(names = "--sink", description = "With --bigquery: the dataset is a Cloud Logging sink's (one table per log), "
            + "not a Log Analytics linked dataset.")
    boolean sink;

    @Option(names = "--billing-project", paramLabel = "P", description = "With --bigquery: run and bill the query job in project P "
            + "(default: the dataset's project).")
    String billingProject;

    @Option(names = "--max-bytes-billed", paramLabel = "BYTES", converter = ByteSize.class,
            description = "With --bigquery: refuse a query the dry run says scans more than BYTES (e.g. 20GB, 500MB); "
                    + "the limit also rides on the job, so BigQuery itself bills no more.")
    Long maxBytesBilled;

    @Option(names = "--service", paramLabel = "S", description = "Only the Cloud Run service S.")
    String service;

    @Option(names = "--revision", paramLabel = "R", description = "Only the revision R.")
    String revision;

    @Option(names = "--filter", paramLabel = "EXTRA", description = "A Logging query ANDed to faultline's own.")
    String filter;

    @Option(names = "--all-entries", description = "Send no catalog prefilter: every entry of the revisions is read.")
    boolean allEntries;

    @Option(names = "--show-query", description = "Print the exact filter sent to Cloud Logging (with --bigquery: the SQL) on stderr.")
    boolean showQuery;

    @Option(names = "--endpoint", paramLabel = "HOST:PORT", converter = Endpoint.class,
            description = "Another Logging API endpoint (a private endpoint, or a local server for tests: plaintext "
                    + "without credentials when HOST is a loopback address). Default: $" + ENDPOINT_ENV + ", else Google's. "
                    + "With --bigquery, the BigQuery API root (http://127.0.0.1:PORT; default $FAULTLINE_BIGQUERY_ENDPOINT).")
    String endpoint;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "A service-account or authorized-user JSON key instead of Application Default Credentials.")
    Path credentials;

    boolean live() {
        return project != null || bigquery != null;
    }

    boolean bigQuery() {
        return bigquery != null;
    }

    /** The options that only --project or only --bigquery take, given with the other: one line naming them. */
    String conflict() {
        if (project != null && bigquery != null) {
            return "give either --project (Cloud Logging) or --bigquery, not both";
        }
        if (bigquery != null && (filter != null || allEntries)) {
            return "--filter and --all-entries are Cloud Logging's: the --bigquery query is compiled from the catalog";
        }
        if (bigquery == null && (sink || billingProject != null || maxBytesBilled != null)) {
            return "--sink, --billing-project and --max-bytes-billed go with --bigquery";
        }
        return null;
    }

    /** "20GB", "500 MB", "1.5TiB", "1000000" to bytes (SI and binary units). */
    static final class ByteSize implements picocli.CommandLine.ITypeConverter<Long> {
        private static final java.util.regex.Pattern SIZE =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]i?b?|b)?", java.util.regex.Pattern.CASE_INSENSITIVE);

        @Override
        public Long convert(String value) {
            java.util.regex.Matcher m = SIZE.matcher(value.strip());
            if (!m.matches()) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a size: use e.g. 20GB, 500MB or 1TiB");
            }
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
            int power = "bkmgtp".indexOf(unit.charAt(0));
            double base = unit.contains("i") ? 1024 : 1000;
            return Math.round(Double.parseDouble(m.group(1)) * Math.pow(base, power));
        }
    }

    /**
     * Checks these options against the command's inputs: files or a project (the default project of gcloud users
     * when neither is given, said on stderr), live-only options refused with files, the credential file checked.
     */
    void check(CommandLine cl, boolean files) {
        if (conflict() != null) {
            throw new CommandLine.ParameterException(cl, conflict());
        }
        if (project == null && bigquery == null && !files) {
            DefaultProject found = DefaultProject.find().orElseThrow(() -> new CommandLine.ParameterException(cl,
                    "give files to read, - for stdin, or --project P (no default project: $GOOGLE_CLOUD_PROJECT is unset and "
                            + "gcloud has none configured)"));
            project = found.project();
            cl.getErr().println("faultline: reading Cloud Logging of project " + project + " (from " + found.origin()
                    + "); give files or --project to read something else");
            cl.getErr().flush();
        }
        if (live() && files) {
            throw new CommandLine.ParameterException(cl, bigquery != null ? "give either files or --bigquery, not both"
                    : "give either files or --project, not both");
        }
        if (files) {
            refuseLiveOnly(cl);
        } else {
            checkCredentials(cl);
        }
    }

    /** The credential file types Google's auth library reads (the "type" field of the JSON). */
    static final Set<String> CREDENTIAL_TYPES = Set.of("service_account", "authorized_user", "external_account",
            "external_account_authorized_user", "impersonated_service_account", "gdch_service_account");

    /**
     * Refuses a --credentials file that is not a Google credential JSON before any connection is tried, with a
     * line that says what it is instead (the auth library's own message names its parser's internals).
     */
    void checkCredentials(CommandLine cl) {
        if (credentials == null) {
            return;
        }
        String problem;
        if (!Files.isRegularFile(credentials)) {
            problem = Files.exists(credentials) ? "not a file" : "no such file";
        } else {
            try {
                JsonNode json = new ObjectMapper().readTree(credentials.toFile());
                String type = json == null || !json.isObject() ? null : json.path("type").asText(null);
                problem = json == null || !json.isObject() ? "not a JSON object"
                        : type == null ? "no \"type\" field"
                        : !CREDENTIAL_TYPES.contains(type) ? "unknown credential type \"" + type + "\"" : null;
            } catch (JsonProcessingException e) {
                problem = "not JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            } catch (IOException e) {
                problem = "unreadable (" + e.getMessage() + ")";
            }
        }
        if (problem != null) {
            throw new CommandLine.ParameterException(cl, "--credentials " + credentials + " is not a Google credential file: "
                    + problem + "; expected a service-account or authorized-user JSON key (gcloud iam service-accounts keys "
                    + "create, or gcloud auth application-default login)");
        }
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

    /** --endpoint, else $FAULTLINE_LOGGING_ENDPOINT (checked like the option: a bad one is a usage error), else null. */
    String endpoint(CommandLine cl) {
        if (endpoint != null) {
            return hostPort(cl, endpoint, "Invalid value for option '--endpoint': ");
        }
        String env = System.getenv(ENDPOINT_ENV);
        if (env == null || env.isBlank()) {
            return null;
        }
        return hostPort(cl, env.strip(), "$" + ENDPOINT_ENV + ": ");
    }

    /** A Logging endpoint: HOST:PORT only; the converter's http(s) URL is the BigQuery API root, for --bigquery. */
    private static String hostPort(CommandLine cl, String value, String where) {
        try {
            String checked = new Endpoint().convert(value);
            if (Endpoint.isUrl(checked)) {
                throw new CommandLine.TypeConversionException(Endpoint.notHostPort(checked) + "; a URL is the BigQuery API root, for --bigquery");
            }
            return checked;
        } catch (CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(cl, where + e.getMessage());
        }
    }


    /**
     * {@code HOST:PORT} or {@code [IPV6]:PORT}, the port 1..65535, or (for the BigQuery API root of
     * {@code --bigquery}) an {@code http(s)://HOST:PORT} URL: anything else is bad usage (exit 2), not a crash later.
     */
    static final class Endpoint implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (isUrl(value)) {
                try {
                    java.net.URI uri = new java.net.URI(value);
                    if (uri.getHost() != null && uri.getPort() >= 1 && uri.getPort() <= 65535) {
                        return value;
                    }
                } catch (java.net.URISyntaxException e) {
                    // reported below like any other bad value
                }
                throw new CommandLine.TypeConversionException(notHostPort(value));
            }
            int colon = value.lastIndexOf(':');
            String host = colon < 0 ? "" : value.substring(0, colon);
            String port = colon < 0 ? "" : value.substring(colon + 1);
            boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
            boolean hostOk = bracketed || (!host.isEmpty() && !host.contains(":") && !host.contains("/"));
            boolean portOk = port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535;
            if (!hostOk || !portOk) {
                throw new CommandLine.TypeConversionException(notHostPort(value));
            }
            return value;
        }

        static boolean isUrl(String value) {
            return value.startsWith("http://") || value.startsWith("https://");
        }

        static String notHostPort(String value) {
            return "'" + value + "' is not HOST:PORT (e.g. 127.0.0.1:8085, logging.googleapis.com:443, [::1]:8085)";
        }
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
