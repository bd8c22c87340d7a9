package dev.faultline.cli;

import dev.faultline.catalog.Catalog;
import dev.faultline.catalog.CatalogException;
import dev.faultline.catalog.KnownIssue;
import dev.faultline.history.IncidentRecord;
import dev.faultline.history.Overrides;
import dev.faultline.history.StateException;
import dev.faultline.history.StateStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code faultline issues link|resolve}: the team's edits of the known-issue registry, kept in the
 * state file and applied on top of the catalog's {@code known-issues.yaml} by every report run.
 */
@Command(name = "issues", mixinStandardHelpOptions = true,
        description = "Attach incidents to tickets and mark tickets resolved, in the state file (on top of known-issues.yaml).",
        subcommands = {IssuesCommand.Link.class, IssuesCommand.Resolve.class},
        footerHeading = "%nExamples:%n",
        footer = {"  faultline issues link 3f2a PROJ-812 --state state.db        # the incident is PROJ-812 from now on",
                "  faultline issues resolve PROJ-812 --at 2025-09-15T21:10:00Z --state state.db"})
final class IssuesCommand {

    @Command(name = "link", mixinStandardHelpOptions = true,
            description = "Attach a remembered incident to a ticket: from the next run it is judged as that ticket (ongoing while open).")
    static final class Link implements Callable<Integer> {
        @Mixin
        StateOptions state;

        @Parameters(index = "0", paramLabel = "FINGERPRINT", description = "The incident (fingerprint or a unique prefix).")
        String fingerprint;

        @Parameters(index = "1", paramLabel = "ISSUE", description = "The ticket id, e.g. \"#1263\".")
        String issue;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws StateException {
            if (issue.isBlank()) {
                throw new StateException("the ticket id is empty");
            }
            try (StateStore store = state.open(false)) {
                IncidentRecord i = store.requireIncident(fingerprint);
                try (StateStore.Transaction tx = store.begin()) {
                    store.link(new Overrides.Link(i.fingerprint(), issue, i.signatures(), Instant.now(), i.service()));
                    tx.commit();
                }
                spec.commandLine().getOut().println("linked incident " + i.fingerprint() + " (" + String.join(", ", i.signatures())
                        + ") to " + issue + ": from the next run it is judged as " + issue + " on " + i.service());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = "Mark a ticket resolved at a time: its fingerprint seen after that time is a recurrence.")
    static final class Resolve implements Callable<Integer> {
        @Mixin
        StateOptions state;

        @Parameters(paramLabel = "FINGERPRINT|ISSUE", description = "A ticket id (\"#1263\"), or an incident linked to one.")
        String target;

        @Option(names = "--at", paramLabel = "TIME", converter = TimeConverters.Time.class,
                description = "When it was resolved (RFC 3339; default: now).")
        Instant at;

        @Mixin
        CatalogOptions catalogOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws StateException, CatalogException {
            try (StateStore store = state.open(false)) {
                Overrides overrides = store.overrides();
                Catalog registry = overrides.applyTo(catalogOptions.load(), state.file.toString());
                String issue = issueOf(store, overrides, registry);
                KnownIssue known = registry.knownIssue(issue)
                        .orElseThrow(() -> new StateException("no known issue " + issue + " in the catalog or linked in " + state.file));
                if (known.status() == KnownIssue.Status.DUPLICATE) {
                    throw new StateException(issue + " is a duplicate of " + known.duplicateOf() + ": resolve " + known.duplicateOf());
                }
                Instant when = at == null ? Instant.now() : at;
                try (StateStore.Transaction tx = store.begin()) {
                    store.resolve(issue, when, Instant.now());
                    tx.commit();
                }
                spec.commandLine().getOut().println("resolved " + issue + " at " + when + ": its fingerprint seen after that is a recurrence");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }

        /** The ticket named, or the one the named incident is linked to or was judged as. */
        private String issueOf(StateStore store, Overrides overrides, Catalog registry) throws StateException {
            if (registry.knownIssue(target).isPresent()) {
                return target;
            }
            Optional<IncidentRecord> incident = target.startsWith("#") ? Optional.empty() : store.incident(target);
            if (incident.isEmpty()) {
                throw new StateException("no known issue or incident " + target + " (in the catalog or " + state.file + ")");
            }
            IncidentRecord i = incident.get();
            return overrides.links().stream().filter(l -> l.fingerprint().equals(i.fingerprint())).map(Overrides.Link::issue).findFirst()
                    .or(() -> Optional.ofNullable(i.knownIssue()))
                    .orElseThrow(() -> new StateException("incident " + i.fingerprint() + " is not linked to a ticket: run faultline issues link "
                            + i.fingerprint() + " '#ID' first"));
        }
    }
}
