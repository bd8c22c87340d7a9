package dev.faultline.incident;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.KnownIssue;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;
import dev.faultline.match.Hit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Signatures, known issues and events for judge tests, shaped like the seed incidents. */
final class Fixtures {

    static final Signature PHASE_TIMEOUT = signature("app.startup-phase-timeout", Signature.Role.CAUSE, Signature.Level.CRITICAL);
    static final Signature SOCKET = signature("postgres.cloudsql-socket-error", Signature.Role.CAUSE, Signature.Level.CRITICAL);
    static final Signature EXIT = signature("cloudrun.container-exit", Signature.Role.SYMPTOM, Signature.Level.ERROR);
    static final Signature PORT = signature("cloudrun.port-listen-timeout", Signature.Role.SYMPTOM, Signature.Level.CRITICAL);
    static final Signature WARN = signature("app.some-warning", Signature.Role.CAUSE, Signature.Level.WARNING);

    static final KnownIssue ISSUE_1263 = new KnownIssue("#1263", "Cloud SQL connectivity at startup", KnownIssue.Status.RESOLVED,
            Instant.parse("2025-09-10T00:00:00Z"), null, List.of(PHASE_TIMEOUT.id(), SOCKET.id()), List.of(EXIT.id()),
            List.of(), "", "known-issues.yaml");
    static final KnownIssue ISSUE_1278 = new KnownIssue("#1278", "SMD Phase 3 database timeout", KnownIssue.Status.DUPLICATE,
            null, "#1263", List.of(PHASE_TIMEOUT.id(), SOCKET.id()), List.of(), List.of(), "", "known-issues.yaml");

    static Signature signature(String id, Signature.Role role, Signature.Level level) {
        return new Signature(id, 1, "title of " + id, Signature.Layer.APP, level, role, Signature.Status.STABLE,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), "fix ${timeoutSeconds}", List.of(), "test.yaml");
    }

    static Event event(String revision, String instance, String time, String text) {
        return event("netra-staging", "netra-backend-staging", revision, instance, time, text);
    }

    /** An event of a revision of {@code service} in {@code project} (null: the logs do not name the project). */
    static Event event(String project, String service, String revision, String instance, String time, String text) {
        LogEntry entry = new LogEntry(new Origin("test.json", 1, 1), Instant.parse(time), Severity.ERROR,
                LogEntry.STDERR, new Resource(Resource.CLOUD_RUN_REVISION, project, service,
                revision, service, "us-central1"), instance, "id-" + time, null, text, 0, -1, null);
        return Event.of(entry);
    }

    static Hit hit(Signature s, Event e, Map<String, String> fields) {
        return new Hit(s, e, fields);
    }

    private Fixtures() {
    }
}
