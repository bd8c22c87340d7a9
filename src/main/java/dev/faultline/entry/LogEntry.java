package dev.faultline.entry;

import java.time.Instant;

/**
 * One Cloud Logging LogEntry, normalised. {@code text} is taken from textPayload,
 * jsonPayload.message (or the compact jsonPayload), or protoPayload.status.message;
 * {@code logName} is the short, URL-decoded log id such as {@code run.googleapis.com/stderr}.
 *
 * @param timestamp   never null: entries without a timestamp fall back to receiveTimestamp, or are malformed
 * @param httpStatus  status of a request-log entry's httpRequest, or 0
 * @param latencyMs   latency of a request-log entry's httpRequest in milliseconds, or -1
 * @param methodName  protoPayload.methodName of audit entries (e.g. {@code google.cloud.run.v1.Services.ReplaceService}), or null
 * @param config      the revision configuration an audit entry's protoPayload states (a Revision, or a Service's
 *                    {@code spec.template}), or null; it rides on the entry so every source delivers it the same way
 */
public record LogEntry(Origin origin, Instant timestamp, Severity severity, String logName,
                       Resource resource, String instanceId, String insertId, String trace,
                       String text, int httpStatus, long latencyMs, String methodName, RevisionConfig config) {

    /** An entry that carries no revision configuration (all but a few audit entries). */
    public LogEntry(Origin origin, Instant timestamp, Severity severity, String logName,
                    Resource resource, String instanceId, String insertId, String trace,
                    String text, int httpStatus, long latencyMs, String methodName) {
        this(origin, timestamp, severity, logName, resource, instanceId, insertId, trace, text, httpStatus, latencyMs,
                methodName, null);
    }

    public static final String STDERR = "run.googleapis.com/stderr";
    public static final String STDOUT = "run.googleapis.com/stdout";
    public static final String VARLOG_SYSTEM = "run.googleapis.com/varlog/system";
    public static final String REQUESTS = "run.googleapis.com/requests";
    public static final String AUDIT_SYSTEM_EVENT = "cloudaudit.googleapis.com/system_event";
    public static final String AUDIT_ACTIVITY = "cloudaudit.googleapis.com/activity";

    /** The same entry with another text (a redacted one). */
    public LogEntry withText(String newText) {
        return new LogEntry(origin, timestamp, severity, logName, resource, instanceId, insertId, trace, newText, httpStatus,
                latencyMs, methodName, config);
    }

    public boolean isRequestLog() {
        return REQUESTS.equals(logName);
    }

    public boolean isAudit() {
        return logName != null && logName.startsWith("cloudaudit.googleapis.com/");
    }
}
