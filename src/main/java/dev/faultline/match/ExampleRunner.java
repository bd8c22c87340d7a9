package dev.faultline.match;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.BenignLine;
import dev.faultline.catalog.Signature;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog's own tests ({@code faultline catalog test}): every example of every signature goes
 * through the real {@link Matcher}, prefilter included, as a one-entry event.
 *
 * <p>A {@code match} example must fire its own signature and no other, unless one of the two
 * declares the overlap ({@link Signature#overlapsWith}); a {@code no_match} example
 * must not fire its own signature (it may fire another: a TCP database error is a fine negative
 * for the Cloud SQL socket signature and a positive for the TCP one). The event is on
 * {@code run.googleapis.com/stderr}, or on the signature's first {@code log_name} when it has any,
 * so that examples test the regex rather than the log restriction.
 */
public final class ExampleRunner {

    /** Why an example failed. */
    public enum Problem {
        /** a match example did not fire its signature */
        MISSED,
        /** a match example fired its signature, and also others without a declared overlap */
        ALSO_FIRED,
        /** a no_match example fired its signature */
        FALSE_POSITIVE,
        /** a line of the catalog's benign corpus fired the signature */
        BENIGN_MATCHED
    }

    /**
     * One failing example.
     *
     * @param fired every signature id the example fired, in catalog order (what fired instead)
     */
    public record Failure(String signature, String example, Problem problem, List<String> fired) {
        public Failure {
            fired = List.copyOf(fired);
        }

        /** One line for the terminal, e.g. {@code cloudrun.container-exit: match example not matched: "..." (fired: none)}. */
        public String describe() {
            String what = switch (problem) {
                case MISSED -> "match example not matched";
                case ALSO_FIRED -> "match example also fired other signatures";
                case FALSE_POSITIVE -> "no_match example matched";
                case BENIGN_MATCHED -> "benign line matched";
            };
            return signature + ": " + what + ": \"" + example + "\" (fired: " + (fired.isEmpty() ? "none" : String.join(", ", fired)) + ")";
        }
    }

    private ExampleRunner() {
    }

    /** Runs every example of {@code active} through a matcher built from {@code active}. */
    public static List<Failure> run(List<Signature> active) {
        return run(new Matcher(active));
    }

    /** Runs every example of the matcher's signatures; an empty list means all pass. */
    public static List<Failure> run(Matcher matcher) {
        List<Failure> failures = new ArrayList<>();
        Map<String, Signature> byId = new HashMap<>();
        matcher.signatures().forEach(s -> byId.put(s.id(), s));
        for (Signature s : matcher.signatures()) {
            String log = s.logNames().isEmpty() ? LogEntry.STDERR : s.logNames().get(0);
            for (String example : s.examplesMatch()) {
                List<String> fired = fired(matcher, example, log);
                if (!fired.contains(s.id())) {
                    failures.add(new Failure(s.id(), example, Problem.MISSED, fired));
                } else if (!undeclared(s, fired, byId).isEmpty()) {
                    failures.add(new Failure(s.id(), example, Problem.ALSO_FIRED, fired));
                }
            }
            for (String example : s.examplesNoMatch()) {
                List<String> fired = fired(matcher, example, log);
                if (fired.contains(s.id())) {
                    failures.add(new Failure(s.id(), example, Problem.FALSE_POSITIVE, fired));
                }
            }
        }
        return failures;
    }

    /**
     * Runs every benign line through the matcher, each on its own log: one failure per signature a
     * line fires (the precision rule every signature shares, where no_match examples guard one).
     */
    public static List<Failure> runBenign(Matcher matcher, List<BenignLine> benign) {
        List<Failure> failures = new ArrayList<>();
        for (BenignLine line : benign) {
            for (String id : fired(matcher, line.text(), line.logName())) {
                failures.add(new Failure(id, line.text(), Problem.BENIGN_MATCHED, List.of(id)));
            }
        }
        return failures;
    }

    /**
     * The ids in {@code fired}, other than {@code own}, that fire with it although neither of the
     * two declares the overlap: what the precision rule forbids.
     */
    public static List<String> undeclared(Signature own, List<String> fired, Map<String, Signature> byId) {
        return fired.stream()
                .filter(id -> !id.equals(own.id()))
                .filter(id -> byId.get(id) == null || !own.overlapsWith(byId.get(id)))
                .toList();
    }

    /** A one-entry event carrying {@code text}, as the matcher would see a plain log line. */
    public static Event event(String text, String logName) {
        LogEntry entry = new LogEntry(new Origin("example", 1, 0), Instant.EPOCH, Severity.DEFAULT, logName,
                Resource.NONE, null, null, null, text, 0, -1, null);
        return Event.of(entry);
    }

    private static List<String> fired(Matcher matcher, String text, String logName) {
        return matcher.match(event(text, logName)).stream().map(h -> h.signature().id()).toList();
    }
}
