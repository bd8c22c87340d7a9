package dev.faultline.cli;

import dev.faultline.history.IncidentRecord;
import dev.faultline.history.Overrides;
import dev.faultline.history.RunRecord;
import dev.faultline.history.Sighting;
import dev.faultline.history.StateException;
import dev.faultline.history.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code faultline history list|show|forget}: inspect and edit what the report job remembers. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Inspect and edit the report job's memory (the --state file).",
        subcommands = {HistoryCommand.ListIncidents.class, HistoryCommand.Show.class, HistoryCommand.Forget.class},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline history list --state state.db",
                "  faultline history list --runs --state state.db",
                "  faultline history show 3f2a --state state.db       # a fingerprint or a unique prefix",
                "  faultline history forget 3f2a --state state.db"})
final class HistoryCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List remembered incidents (or, with --runs, the runs and their windows).")
    static final class ListIncidents implements Callable<Integer> {
        @Mixin
        StateOptions state;

        @Option(names = "--runs", description = "List the runs: window, status, counts.")
        boolean runs;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws StateException {
            PrintWriter out = spec.commandLine().getOut();
            try (StateStore store = state.open(false)) {
                if (runs) {
                    var all = store.runs();
                    if (all.isEmpty()) {
                        out.println("no runs recorded in " + store.file() + " yet");
                    }
                    for (RunRecord r : all) {
                        out.printf("#%d %-8s %s .. %s  read %d, in window %d, malformed %d, exit %d%s%n", r.id(), r.status().label(),
                                r.window().start(), r.window().end(), r.entriesRead(), r.inWindow(), r.malformed(), r.exitCode(),
                                r.error() == null ? "" : "  (" + r.error() + ")");
                    }
                } else {
                    var incidents = store.incidents().values();
                    if (incidents.isEmpty()) {
                        out.println("no incidents remembered in " + store.file() + " (" + store.runs().size()
                                + " runs recorded; history list --runs shows them)");
                    }
                    Overrides overrides = store.overrides();
                    for (IncidentRecord i : incidents) {
                        // a ticket linked since the last run is the incident's ticket now, not the one it was judged with
                        String issue = overrides.links().stream().filter(l -> l.fingerprint().equals(i.fingerprint()))
                                .map(l -> l.issue() + " (linked)").findFirst()
                                .orElse(i.knownIssue() == null ? "-" : i.knownIssue());
                        out.printf("%s  %-10s %-10s %-8s %s  hits %d over %d runs  %s .. %s%s%n", i.fingerprint(), i.lastSection().label(),
                                i.verdict().label(), issue, i.service(), i.hits(), i.runsSeen(),
                                i.firstSeen(), i.lastSeen(), i.recoveredBy() == null ? "" : "  recovered by " + i.recoveredBy());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one incident: every run and revision that saw it, with the reasons.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "FINGERPRINT", description = "The fingerprint, or a unique prefix of it.")
        String fingerprint;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws StateException {
            PrintWriter out = spec.commandLine().getOut();
            try (StateStore store = state.open(false)) {
                IncidentRecord i = store.requireIncident(fingerprint);
                out.println("incident " + i.fingerprint() + " on " + i.service());
                out.println("  signatures:  " + String.join(", ", i.signatures()));
                out.println("  known issue: " + (i.knownIssue() == null ? "-" : i.knownIssue()) + linkOf(store.overrides(), i));
                out.println("  verdict:     " + i.verdict().label() + " (last reported as " + i.lastSection().label() + ")");
                out.println("  seen:        " + i.firstSeen() + " .. " + i.lastSeen() + ", " + i.hits() + " hits over " + i.runsSeen()
                        + " runs (first run #" + i.firstRun() + ", last #" + i.lastRun() + ")");
                out.println("  revisions:   " + String.join(", ", i.revisions()));
                if (i.catalogVersion() != null) {
                    out.println("  catalog:     last judged with " + i.catalogVersion());
                }
                if (i.recoveredBy() != null) {
                    out.println("  recovered:   by " + i.recoveredBy());
                }
                for (Sighting s : store.sightings(i.fingerprint())) {
                    out.println();
                    out.println("  run #" + s.runId() + "  " + s.revision() + "  " + s.verdict().label()
                            + (s.knownIssue() == null ? "" : " " + s.knownIssue()) + "  " + s.hits() + " hits  " + s.firstSeen() + " .. " + s.lastSeen());
                    s.reasons().forEach(reason -> out.println("    - " + reason.replaceAll("[\\p{Cntrl}&&[^\t]]", "?")));
                }
            }
            out.flush();
            return 0;
        }

        private static String linkOf(Overrides overrides, IncidentRecord i) {
            return overrides.links().stream().filter(l -> l.fingerprint().equals(i.fingerprint())).findFirst()
                    .map(l -> " (linked to " + l.issue() + " on " + l.linkedAt() + ")").orElse("");
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true,
            description = "Forget an incident, its sightings and its ticket link: its next appearance is new again.")
    static final class Forget implements Callable<Integer> {
        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "FINGERPRINT", description = "The fingerprint, or a unique prefix of it.")
        String fingerprint;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws StateException {
            try (StateStore store = state.open(false)) {
                IncidentRecord i = store.requireIncident(fingerprint);
                try (StateStore.Transaction tx = store.begin()) {
                    store.forget(i.fingerprint());
                    tx.commit();
                }
                spec.commandLine().getOut().println("forgot incident " + i.fingerprint() + " on " + i.service());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
