package dev.faultline.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A ticket in the known-issue registry ({@code signatures/known-issues.yaml}).
 *
 * @param signatures  the fingerprint: every one of these ids must be present on a revision
 * @param optional    ids that strengthen the match when present
 * @param resolvedAt  when the ticket was marked resolved (null unless status is RESOLVED)
 * @param duplicateOf for DUPLICATE tickets, the ticket it was found to be (e.g. #1278 -> #1263)
 */
public record KnownIssue(String id, String title, Status status, Instant resolvedAt, String duplicateOf,
                         List<String> signatures, List<String> optional, List<String> links,
                         String summary, String file) {

    public KnownIssue {
        signatures = List.copyOf(signatures);
        optional = List.copyOf(optional);
        links = List.copyOf(links);
    }

    public enum Status { OPEN, RESOLVED, DUPLICATE }
}
