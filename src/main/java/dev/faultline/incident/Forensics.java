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
     * The most recent earlier revision of the same service that was not failing. One that served
     * successful requests is preferred; without request logs, the absence of failures has to do.
     */
    static Optional<RevisionHits> lastWorking(RevisionHits failing, List<RevisionHits> all) {
        List<RevisionHits> earlier = all.stream()
                .filter(r -> Objects.equals(r.key().service(), failing.key().service()))
                .filter(r -> r.key().compareTo(failing.key()) < 0)
                .filter(r -> !r.failing())
                .sorted(Comparator.comparing(RevisionHits::key).reversed())
                .toList();
        return earlier.stream().filter(r -> r.requests().servedSuccessfully()).findFirst()
                .or(() -> earlier.stream().findFirst());
    }

    /** Settings that differ, those a matched signature relates to first, then in {@link RevisionConfig#SETTINGS} order. */
    static List<ConfigChange> diff(RevisionConfig before, RevisionConfig after, Set<String> related) {
        List<ConfigChange> changes = new ArrayList<>();
        for (String field : RevisionConfig.SETTINGS) {
            String a = before.settings().get(field);
            String b = after.settings().get(field);
            if (!Objects.equals(a, b)) {
                changes.add(new ConfigChange(field, a, b, related.contains(field)));
            }
        }
        changes.sort(Comparator.comparing((ConfigChange c) -> !c.related()));
        return changes;
    }

    /** The reason line a reader sees, worded as a lead to check, not a conclusion. */
    static String describe(String lastWorking, List<ConfigChange> changes) {
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
