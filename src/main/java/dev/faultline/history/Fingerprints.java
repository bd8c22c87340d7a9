package dev.faultline.history;

import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The identity of an incident across revisions and runs: the service plus the sorted ids of
 * its cause signatures (all failure signatures when no cause matched). Symptoms are left out on
 * purpose: whether a crashing revision also logs 503s depends on whether traffic reached it,
 * while the cause stays the same. The known issue is left out too, so linking an incident to a
 * ticket does not change its id.
 */
public final class Fingerprints {

    /** Hex digits of the SHA-256 kept: short enough to type, 48 bits against collisions. */
    static final int ID_LENGTH = 12;

    private Fingerprints() {
    }

    public static List<String> basis(RevisionReport report) {
        List<SignatureHits> failures = report.revision().failureHits();
        List<SignatureHits> causes = failures.stream().filter(h -> h.signature().isCause()).toList();
        return (causes.isEmpty() ? failures : causes).stream().map(h -> h.signature().id()).distinct().sorted().toList();
    }

    public static String id(String service, List<String> basis) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((service + "\n" + String.join(",", basis)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, ID_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String id(RevisionReport report) {
        return id(report.key().service(), basis(report));
    }
}
