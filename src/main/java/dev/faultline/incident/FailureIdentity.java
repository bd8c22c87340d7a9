package dev.faultline.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What makes failures on different revisions (or runs of the scheduled report) one incident: the
 * scope they happen in (a service) and what explains them. Revisions of one service that fail
 * with the same identity are one incident; {@link #id()} is the short id a person types and the
 * report job's state stores.
 * <p>
 * The basis is the sorted ids of the cause signatures. Symptoms are left out on purpose: whether a
 * crashing revision also logs 503s depends on whether traffic reached it, while the cause stays
 * the same. Without a cause signature the symptoms stand in; a probable-cause template (mined
 * from error lines no signature matched) can stand in instead, as {@code template:ID}, which keeps
 * failures whose platform symptoms are alike but whose own error lines differ apart. The known
 * issue is never part of it, so linking an incident to a ticket does not change its id.
 *
 * @param scope the service (the same string the report job's state has always hashed), or {@code job/NAME} for a Cloud Run Job
 * @param basis what the parts are
 * @param parts sorted signature ids, or the one {@code template:ID}; empty when requests failed with no signature
 */
public record FailureIdentity(String scope, Basis basis, List<String> parts) {

    /** Hex digits of the SHA-256 kept: short enough to type, 48 bits against collisions. */
    public static final int ID_LENGTH = 12;

    public enum Basis {
        /** The cause signatures seen. */
        CAUSES,
        /** No cause signature: the failure signatures (platform symptoms) seen. */
        SYMPTOMS,
        /** No cause signature: the probable-cause template of the error lines no signature matched. */
        TEMPLATE,
        /** No failure signature at all: requests failed with 5xx (or a job execution's audit entry says it failed). */
        REQUESTS;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public FailureIdentity {
        parts = List.copyOf(parts);
    }

    /** The scope of a revision's failures: its service, or its job. */
    public static String scope(RevisionKey key) {
        return key.job() ? "job/" + key.service() : key.service();
    }

    /** The identity of a failing revision from its failure signatures. */
    public static FailureIdentity of(RevisionHits revision) {
        List<SignatureHits> failures = revision.failureHits();
        List<String> causes = failures.stream().filter(h -> h.signature().isCause()).map(h -> h.signature().id())
                .distinct().sorted().toList();
        if (!causes.isEmpty()) {
            return new FailureIdentity(scope(revision.key()), Basis.CAUSES, causes);
        }
        List<String> symptoms = failures.stream().map(h -> h.signature().id()).distinct().sorted().toList();
        return new FailureIdentity(scope(revision.key()), symptoms.isEmpty() ? Basis.REQUESTS : Basis.SYMPTOMS, symptoms);
    }

    /** The identity of a cause-less failure whose probable cause is a mined template. */
    public static FailureIdentity ofTemplate(String scope, String templateId) {
        return new FailureIdentity(scope, Basis.TEMPLATE, List.of("template:" + templateId));
    }

    /** Whether a probable-cause template may stand in for this identity's basis (it has no cause signature). */
    public boolean causeless() {
        return basis != Basis.CAUSES;
    }

    /** The first {@value #ID_LENGTH} hex digits of SHA-256 over scope, a newline and the comma-joined parts. */
    public String id() {
        return id(scope, parts);
    }

    /** The id of a scope and parts; the report job's state files hold ids made exactly this way. */
    public static String id(String scope, List<String> parts) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((scope + "\n" + String.join(",", parts)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
