package dev.faultline.incident;

import dev.faultline.entry.RevisionConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What changed: for a failing revision, the most recent earlier revision of the same service
 * that worked, and the configuration settings that differ between the two.
 */
final class Forensics {

    /** One service's revisions in deploy order, with what "earlier" questions need worked out once. */
    private static final class Line {
        final List<RevisionHits> revisions;
        final int[] lastHealthy;      // index of the latest healthy revision before i, or -1
        final int[] lastServing;      // the same, among those that served 2xx
        final int[] nextFailing;      // smallest index >= i that fails, or size
        final int[] failingBefore;    // how many revisions before i fail

        Line(List<RevisionHits> revisions) {
            this.revisions = revisions;
            int n = revisions.size();
            lastHealthy = new int[n];
            lastServing = new int[n];
            nextFailing = new int[n + 1];
            failingBefore = new int[n];
            int healthy = -1;
            int serving = -1;
            int failing = 0;
            for (int i = 0; i < n; i++) {
                lastHealthy[i] = healthy;
                lastServing[i] = serving;
                failingBefore[i] = failing;
                RevisionHits r = revisions.get(i);
                if (r.health() == Health.HEALTHY) {
                    healthy = i;
                    if (r.requests().servedSuccessfully()) {
                        serving = i;
                    }
                }
                if (fails(r)) {
                    failing++;
                }
            }
            nextFailing[n] = n;
            for (int i = n - 1; i >= 0; i--) {
                nextFailing[i] = fails(revisions.get(i)) ? i : nextFailing[i + 1];
            }
        }
    }

    private final Map<String, Line> lines = new HashMap<>();
    private final Map<RevisionKey, Integer> positions = new HashMap<>();

    /**
     * Indexes {@code all} once (per service, in deploy order), so that each question below costs
     * a lookup instead of a scan of every revision: judging stays linear in the revisions.
     */
    Forensics(List<RevisionHits> all) {
        Map<String, List<RevisionHits>> byService = new HashMap<>();
        for (RevisionHits r : all) {
            byService.computeIfAbsent(r.key().service(), s -> new ArrayList<>()).add(r);
        }
        byService.forEach((service, revisions) -> {
            revisions.sort(Comparator.comparing(RevisionHits::key));
            for (int i = 0; i < revisions.size(); i++) {
                positions.put(revisions.get(i).key(), i);
            }
            lines.put(service, new Line(revisions));
        });
    }

    private static boolean fails(RevisionHits r) {
        return r.failing() || r.health() == Health.FAILING;
    }

    /**
     * The most recent earlier revision of the same service that was healthy. One that served
     * successful requests is preferred; without request logs, the absence of failures has to do.
     * Revision names carry a deploy sequence number, so "earlier" is name order, not log order:
     * a rollback sends traffic back to an older revision without making it newer.
     */
    Optional<RevisionHits> lastWorking(RevisionHits failing) {
        Line line = lines.get(failing.key().service());
        int at = positions.get(failing.key());
        int index = line.lastServing[at] >= 0 ? line.lastServing[at] : line.lastHealthy[at];
        return index < 0 ? Optional.empty() : Optional.of(line.revisions.get(index));
    }

    /** The first revision after {@code lastWorking}, up to and including {@code failing}, that fails. */
    RevisionHits firstFailingAfter(RevisionHits lastWorking, RevisionHits failing) {
        Line line = lines.get(failing.key().service());
        int next = line.nextFailing[positions.get(lastWorking.key()) + 1];
        return next < positions.get(failing.key()) ? line.revisions.get(next) : failing;
    }

    /** Earlier revisions of the same service that fail too; they explain a missing last working revision. */
    long earlierFailing(RevisionHits failing) {
        return lines.get(failing.key().service()).failingBefore[positions.get(failing.key())];
    }

    /** Where the missing specs are: the Admin Activity audit log of the service, and how to fetch it. */
    static String diffUnavailable(RevisionHits lastWorking, RevisionHits failing) {
        List<String> missing = new ArrayList<>();
        if (lastWorking.config() == null) {
            missing.add(lastWorking.key().revision());
        }
        if (failing.config() == null) {
            missing.add(failing.key().revision());
        }
        String project = failing.project() == null ? "PROJECT" : failing.project();
        return "configuration diff unavailable: these logs hold no audit entry with the deployed spec of "
                + String.join(" or ", missing) + "; the Admin Activity audit log has them: gcloud logging read '"
                + "logName=\"projects/" + project + "/logs/cloudaudit.googleapis.com%2Factivity\" AND "
                + "protoPayload.serviceName=\"run.googleapis.com\" AND resource.labels.service_name=\""
                + failing.key().service() + "\"' --project " + project + " --format json";
    }

    /**
     * Settings that differ: those a matched signature relates to first, in {@code related}'s order,
     * then the rest in {@link RevisionConfig#SETTINGS} order.
     */
    static List<ConfigChange> diff(RevisionConfig before, RevisionConfig after, Set<String> related) {
        List<ConfigChange> changes = new ArrayList<>();
        for (String field : RevisionConfig.SETTINGS) {
            String a = before.settings().get(field);
            String b = after.settings().get(field);
            if (!Objects.equals(a, b)) {
                changes.add(new ConfigChange(field, a, b, related.contains(field)));
            }
        }
        // related settings first, in the order the signatures list them (most telling first)
        List<String> rank = new ArrayList<>(related);
        changes.sort(Comparator.comparingInt((ConfigChange c) -> c.related() ? rank.indexOf(c.field()) : rank.size()));
        return changes;
    }

    /** The reason line a reader sees, worded as a lead to check, not a conclusion. */
    static String describe(String lastWorking, List<ConfigChange> changes) {
        // worded as leads: a change that coincides with a failure is worth a look, not a proven cause
        if (changes.isEmpty()) {
            return "configuration unchanged since the last working revision " + lastWorking
                    + ": look at the code, the image contents or the dependencies";
        }
        List<String> related = changes.stream().filter(ConfigChange::related).map(ConfigChange::describe).toList();
        List<String> other = changes.stream().filter(c -> !c.related()).map(ConfigChange::describe).toList();
        StringBuilder sb = new StringBuilder("configuration changed since the last working revision ").append(lastWorking).append(": ");
        if (!related.isEmpty()) {
            sb.append(String.join(", ", related)).append(" (settings that can lead to the matched failures; worth checking first)");
            if (!other.isEmpty()) {
                sb.append("; also ");
            }
        }
        sb.append(String.join(", ", other));
        return sb.toString();
    }
}
