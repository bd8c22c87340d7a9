package dev.faultline.history;

import dev.faultline.catalog.Catalog;
import dev.faultline.incident.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one report run tells the team: what is new since the last run, what came back, what is
 * still going on, and which services recovered.
 *
 * @param statePath where the state lives, for the evidence commands the renderers print
 * @param inputs    the files read (empty for a live source), for the same reason
 * @param catalogLayers   the bundled catalog, team overlays and state-file ticket edits this run judged with
 * @param previousCatalog the catalog version of the last complete run when it differs from this run's, else null
 * @param newTemplates    unclassified error templates this job had not seen on their service before
 */
public record Digest(RunRecord run, String statePath, List<String> inputs, List<Item> items, List<Recovery> recovered,
                     List<Catalog.Layer> catalogLayers, String previousCatalog, List<NewTemplate> newTemplates) {

    public Digest {
        inputs = List.copyOf(inputs);
        items = List.copyOf(items);
        recovered = List.copyOf(recovered);
        catalogLayers = List.copyOf(catalogLayers);
        newTemplates = List.copyOf(newTemplates);
    }

    public Digest(RunRecord run, String statePath, List<String> inputs, List<Item> items, List<Recovery> recovered,
                  List<Catalog.Layer> catalogLayers, String previousCatalog) {
        this(run, statePath, inputs, items, recovered, catalogLayers, previousCatalog, List.of());
    }

    public Digest(RunRecord run, String statePath, List<String> inputs, List<Item> items, List<Recovery> recovered) {
        this(run, statePath, inputs, items, recovered, List.of(), null);
    }

    /**
     * What the digest says, once, about a catalog change: that the catalog differs from the last
     * run's (an incident whose signatures changed may then show up as new), and per old version,
     * which remembered incidents in this digest were judged with it. Empty when nothing changed.
     */
    public List<String> catalogChanges() {
        List<String> lines = new ArrayList<>();
        if (previousCatalog != null) {
            lines.add("catalog changed since the last run: " + previousCatalog + " -> " + run.catalogVersion()
                    + "; a remembered incident whose signatures changed shows up under a new fingerprint");
        }
        Map<String, List<String>> byVersion = new TreeMap<>();
        items.stream().filter(i -> i.judgedWithCatalog() != null)
                .forEach(i -> byVersion.computeIfAbsent(i.judgedWithCatalog(), v -> new ArrayList<>()).add(i.fingerprint()));
        byVersion.forEach((version, fingerprints) -> lines.add("judged with " + version + ", now " + run.catalogVersion() + ": "
                + fingerprints.size() + (fingerprints.size() == 1 ? " remembered incident (" : " remembered incidents (")
                + String.join(", ", fingerprints) + "); their verdicts may differ from earlier digests"));
        return lines;
    }

    /**
     * An error template no signature matched, first seen on this service in this run: a failure the
     * catalog does not know may be starting (or a new kind of noise to add to the catalog).
     *
     * @param template  the template text, redacted
     * @param revisions the revisions it was logged on in this run
     * @param example   one event's line, redacted
     */
    public record NewTemplate(String service, String id, String template, String kind, long events, List<String> revisions,
                              Instant firstSeen, Instant lastSeen, String example) {
        public NewTemplate {
            revisions = List.copyOf(revisions);
        }
    }

    public enum Section {
        /** Failure no known issue explains, never seen by this job before. */
        NEW,
        /** A resolved known issue back after its resolution, or a fingerprint back after a quiet period. */
        RECURRENCE,
        /** Seen in an earlier run and still failing, or an open known issue. */
        ONGOING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One incident in the digest.
     *
     * @param newToDigest  true when no earlier run reported this fingerprint
     * @param hitsThisRun  failure hits in this run's window
     * @param hitsTotal    failure hits over every complete run, this one included
     * @param runsSeen     complete runs that saw it, this one included
     * @param why          the one-line reason for the section
     * @param reasons      the judge's reasons for the latest revision (redacted)
     * @param judgedWithCatalog the catalog version this remembered incident was last judged with, when it differs
     *                          from this run's (null otherwise, and for incidents new to the job)
     */
    public record Item(Section section, boolean newToDigest, String fingerprint, String service, List<String> revisions,
                       String knownIssue, String knownIssueTitle, Verdict verdict, List<String> signatures,
                       long hitsThisRun, long hitsTotal, long runsSeen, Instant firstSeen, Instant lastSeen,
                       String why, List<String> reasons, String judgedWithCatalog) {
        public Item {
            revisions = List.copyOf(revisions);
            signatures = List.copyOf(signatures);
            reasons = List.copyOf(reasons);
        }
    }

    /** A service back on a healthy revision that served requests after the failing ones. */
    public record Recovery(String service, String revision, long requestsOk, List<String> afterRevisions,
                           List<String> fingerprints) {
        public Recovery {
            afterRevisions = List.copyOf(afterRevisions);
            fingerprints = List.copyOf(fingerprints);
        }
    }

    /**
     * Commands that give an item's evidence: its memory in the state, and (when the input was
     * files) the full triage of the input as Markdown for a ticket.
     */
    public List<String> evidenceCommands(Item item) {
        List<String> commands = new ArrayList<>();
        commands.add("faultline history show " + item.fingerprint() + " --state " + shellWord(statePath));
        if (!inputs.isEmpty()) {
            // the team catalogs named on the command line or in the environment, so the triage judges with the same tickets
            String catalogs = catalogLayers.stream()
                    .filter(l -> l.origin() == Catalog.Origin.OPTION || l.origin() == Catalog.Origin.ENVIRONMENT)
                    .map(l -> " --catalog " + shellWord(java.nio.file.Path.of(l.path()).toAbsolutePath().normalize().toString()))
                    .reduce("", String::concat);
            commands.add("faultline triage " + String.join(" ", inputs.stream().map(Digest::shellWord).toList())
                    + catalogs + " --format markdown");
        }
        return commands;
    }

    /** The command that drafts a signature from a new template (the input's files, when the run read files). */
    public String draftCommand(NewTemplate template) {
        return "faultline catalog draft --template " + template.id() + " "
                + (inputs.isEmpty() ? "FILE... (an export of the window)" : String.join(" ", inputs.stream().map(Digest::shellWord).toList()));
    }

    /** A word the shell reads back as itself: single-quoted unless it is plainly safe. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./=:@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    public List<Item> section(Section section) {
        return items.stream().filter(i -> i.section() == section).toList();
    }

    public boolean partial() {
        return run.status() != RunRecord.Status.COMPLETE;
    }

    /** DESIGN.md's exit codes: 4 when anything is new or back, 3 when all is ongoing, 0 when nothing fails. */
    public int exitCode() {
        return exitCode(items);
    }

    static int exitCode(List<Item> items) {
        if (items.isEmpty()) {
            return 0;
        }
        return items.stream().allMatch(i -> i.section() == Section.ONGOING) ? 3 : 4;
    }
}
