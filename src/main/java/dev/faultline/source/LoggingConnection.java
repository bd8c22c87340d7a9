package dev.faultline.source;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.tracing.BaseApiTracer;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the generated {@link LoggingClient} (FACTS.md: the higher-level {@code Logging} client
 * cannot reach a local server and rewrites filters). Credentials are Application Default
 * Credentials unless a key file is given; a loopback endpoint gets plaintext and no credentials,
 * which is what tests and local emulators need.
 *
 * @param endpoint    {@code HOST:PORT}, or null for Cloud Logging itself
 * @param credentials a service-account or authorized-user JSON file, or null for ADC
 */
public record LoggingConnection(String project, String endpoint, Path credentials, RetrySettings retry) {

    /** The read scope is all a triage needs. */
    static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/logging.read");

    /**
     * Quota errors clear within the minute the quota counts over, so backoff grows to a minute;
     * a page that still fails after two minutes of retrying (past a whole quota window) ends the read.
     */
    public static final RetrySettings DEFAULT_RETRY = retry(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(2));

    /**
     * The first page of a read: an endpoint that cannot be reached (wrong --endpoint, no network) is told
     * after 15 seconds, not after the two minutes a quota window needs. Later pages use {@link #retry}.
     */
    public static final RetrySettings FIRST_CONTACT_RETRY = retry(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(15));

    /**
     * gRPC and the Google libraries log each retry and name-resolution failure with a stack trace
     * through java.util.logging; faultline reports the outcome in one line instead. Held here
     * because the logging framework keeps loggers only weakly. FAULTLINE_DEBUG=1 keeps them.
     */
    private static final List<Logger> QUIETED = List.of(Logger.getLogger("io.grpc"), Logger.getLogger("com.google"));

    /**
     * Exponential backoff (x2, jittered) from {@code firstDelay} up to {@code maxDelay} between
     * attempts at one page, for at most {@code total}; each attempt may take a minute.
     */
    public static RetrySettings retry(Duration firstDelay, Duration maxDelay, Duration total) {
        return RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(firstDelay)
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(maxDelay)
                .setInitialRpcTimeoutDuration(Duration.ofSeconds(60))
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ofSeconds(60))
                .setTotalTimeoutDuration(total)
                .build();
    }

    /** What is retried: the transient codes the client retries anyway, plus quota (which it does not, by default). */
    static final StatusCode.Code[] RETRIED = {StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED,
            StatusCode.Code.RESOURCE_EXHAUSTED, StatusCode.Code.INTERNAL};

    public LoggingConnection(String project, String endpoint, Path credentials) {
        this(project, endpoint, credentials, DEFAULT_RETRY);
    }

    /**
     * @throws LiveReadException when credentials are missing or unreadable (one line, with the fix)
     */
    public LoggingClient open() throws LiveReadException {
        return open(note -> { });
    }

    /**
     * @param retrying told, in one line, of each failed attempt the client retries (what failed, the wait), so a
     *                 person sees why a read is slow instead of a silent minute
     */
    public LoggingClient open(Consumer<String> retrying) throws LiveReadException {
        if (System.getenv("FAULTLINE_DEBUG") == null) {
            QUIETED.forEach(logger -> logger.setLevel(Level.OFF));
        }
        LoggingSettings.Builder settings = LoggingSettings.newBuilder();
        if (endpoint != null && isLoopback(host(endpoint))) {
            settings.setEndpoint(endpoint)
                    .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                            .setEndpoint(endpoint)
                            .setChannelConfigurator(b -> b.usePlaintext())
                            .build())
                    .setCredentialsProvider(NoCredentialsProvider.create());
        } else {
            if (endpoint != null) {
                settings.setEndpoint(endpoint);
            }
            settings.setCredentialsProvider(credentialsProvider());
        }
        settings.listLogEntriesSettings().setRetrySettings(retry).setRetryableCodes(RETRIED);
        String where = endpoint == null ? "Cloud Logging" : "Cloud Logging at " + endpoint;
        settings.getStubSettingsBuilder().setTracerFactory((parent, span, type) -> new BaseApiTracer() {
            private int attempt;

            @Override
            public void attemptStarted(Object request, int attemptNumber) {
                attempt = attemptNumber + 1;
            }

            @Override
            public void attemptFailedDuration(Throwable error, Duration delay) {
                retrying.accept(where + " (project " + project + "): attempt " + attempt + " failed, " + oneLine(reason(error))
                        + "; retrying in " + Math.max(1, Math.round(delay.toMillis() / 1000.0)) + " s");
            }
        });
        try {
            return LoggingClient.create(settings.build());
        } catch (IOException e) {
            throw new LiveReadException("cannot connect to Cloud Logging for project " + project + ": " + e.getMessage(), e);
        }
    }

    private CredentialsProvider credentialsProvider() throws LiveReadException {
        GoogleCredentials loaded;
        if (credentials != null) {
            try (InputStream in = Files.newInputStream(credentials)) {
                loaded = GoogleCredentials.fromStream(in);
            } catch (NoSuchFileException e) {
                throw new LiveReadException("cannot read credentials " + credentials + ": no such file", e);
            } catch (IOException | RuntimeException e) {
                throw new LiveReadException("cannot use credentials " + credentials + " for project " + project + ": "
                        + oneLine(e.getMessage()) + " (expected a service-account or authorized-user JSON key)", e);
            }
        } else {
            try {
                loaded = GoogleCredentials.getApplicationDefault();
            } catch (IOException e) {
                throw new LiveReadException("no Google credentials to read logs of project " + project
                        + ": run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS,"
                        + " or pass --credentials FILE", e);
            }
        }
        return FixedCredentialsProvider.create(loaded.createScopedRequired() ? loaded.createScoped(SCOPES) : loaded);
    }

    /** "127.0.0.1:8085" -> "127.0.0.1"; "[::1]:8085" -> "::1". */
    static String host(String endpoint) {
        if (endpoint.startsWith("[")) {
            int close = endpoint.indexOf(']');
            return close < 0 ? endpoint : endpoint.substring(1, close);
        }
        int colon = endpoint.lastIndexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    /** Loopback by name or address; a name is only resolved when it is "localhost", never over the network. */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The status and its description, without the exception class names around it. */
    private static String reason(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.replaceFirst("^(io\\.grpc\\.)?StatusRuntimeException: ", "");
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
