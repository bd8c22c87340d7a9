package dev.faultline.history;

import dev.faultline.incident.FailureIdentity;
import dev.faultline.incident.RevisionReport;

import java.util.List;

/**
 * The identity of an incident across revisions and runs is the judge's {@link FailureIdentity}:
 * the report job remembers incidents by the same id the triage report shows. State files written
 * before identities had a basis hold ids made the same way (service and cause signatures), so they
 * keep matching.
 */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static List<String> basis(RevisionReport report) {
        return identity(report).parts();
    }

    public static String id(RevisionReport report) {
        return identity(report).id();
    }

    /** The revision's incident identity; a healthy revision (no judgement) gets the one its hits would give. */
    public static FailureIdentity identity(RevisionReport report) {
        FailureIdentity identity = report.incident().identity();
        return identity != null ? identity : FailureIdentity.of(report.revision());
    }
}
