package dev.faultline.incident;

import dev.faultline.entry.RevisionConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What changed: for a failing revision, the most recent earlier revision of the same service
 * that worked, and the configuration settings that differ between the two.
 */
final class Forensics {

    private Forensics() {
    }

    /**
     * The most recent earlier revision of the same service that was healthy. One that served
     * successful requests is preferred; without request logs, the absence of failures has to do.
     * Revision names carry a deploy sequence number, so "earlier" is name order, not log order:
     * a rollback sends traffic back to an older revision without making it newer.
     */
    static Optional<RevisionHits> lastWorking(RevisionHits failing, List<RevisionHits> all) {
        List<RevisionHits> earlier = earlier(failing, all)
                .filter(r -> r.health() == Health.HEALTHY)
                .sorted(Incidents.DEPLOY_ORDER.reversed())
                .toList();
        return earlier.stream().filter(Incidents::worked).findFirst()
                .or(() -> earlier.stream().findFirst());
    }

    /** The first revision after {@code lastWorking}, up to and including {@code failing}, that fails. */
    static RevisionHits firstFailingAfter(RevisionHits lastWorking, RevisionHits failing, List<RevisionHits> all) {
        return earlier(failing, all)
                .filter(r -> Incidents.DEPLOY_ORDER.compare(r, lastWorking) > 0)
                .filter(r -> r.failing() || r.health() == Health.FAILING)
                .min(Incidents.DEPLOY_ORDER)
                .orElse(failing);
    }

    /** Earlier revisions of the same service that fail too; they explain a missing last working revision. */
    static long earlierFailing(RevisionHits failing, List<RevisionHits> all) {
        return earlier(failing, all).filter(r -> r.failing() || r.health() == Health.FAILING).count();
    }

    private static java.util.stream.Stream<RevisionHits> earlier(RevisionHits revision, List<RevisionHits> all) {
        return all.stream()
                .filter(r -> r.key().isRevision() && r.key().job() == revision.key().job()
                        && Objects.equals(r.key().service(), revision.key().service()))
                .filter(r -> Incidents.DEPLOY_ORDER.compare(r, revision) < 0);
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
                + "protoPayload.serviceName=\"run.googleapis.com\" AND resource.labels."
                + (failing.key().job() ? "job_name" : "service_name") + "=\""
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

    /** The reason line a reader sees, worded as a lead to check, not a conclusion; {@code unit} is "revision" or "execution". */
    static String describe(String unit, String lastWorking, List<ConfigChange> changes) {
        // worded as leads: a change that coincides with a failure is worth a look, not a proven cause
        if (changes.isEmpty()) {
            return "configuration unchanged since the last working " + unit + " " + lastWorking
                    + ": look at the code, the image contents or the dependencies";
        }
        List<String> related = changes.stream().filter(ConfigChange::related).map(ConfigChange::describe).toList();
        List<String> other = changes.stream().filter(c -> !c.related()).map(ConfigChange::describe).toList();
        StringBuilder sb = new StringBuilder("configuration changed since the last working ").append(unit).append(' ')
                .append(lastWorking).append(": ");
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
