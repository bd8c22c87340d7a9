package dev.faultline.report;

import dev.faultline.catalog.Catalog;
import dev.faultline.history.Digest;

import java.io.IOException;
import java.io.Writer;

/** One output format of the scheduled report's digest. */
public interface DigestRenderer {

    void render(Digest digest, Writer out) throws IOException;

    /** Headings of the digest sections, in the order every format shows them. */
    static String heading(Digest.Section section) {
        return switch (section) {
            case NEW -> "New incidents";
            case RECURRENCE -> "Recurrences";
            case ONGOING -> "Ongoing";
        };
    }

    /** One line of counts for an item: what this run saw and what the state holds in all. */
    static String counts(Digest.Item item) {
        return item.hitsThisRun() + " hits this run on " + String.join(", ", item.revisions()) + "; " + item.hitsTotal()
                + " in all over " + item.runsSeen() + (item.runsSeen() == 1 ? " run" : " runs") + "; first seen "
                + Facts.time(item.firstSeen()) + ", last seen " + Facts.time(item.lastSeen());
    }

    static String runLine(Digest digest) {
        var run = digest.run();
        return "run #" + run.id() + " (" + run.status().label() + "): " + Facts.time(run.window().start()) + " .. "
                + Facts.time(run.window().end()) + "; " + run.inWindow() + " entries in the window of " + run.entriesRead()
                + " read, " + run.malformed() + " malformed; " + Catalog.describe(run.catalogVersion(), digest.catalogLayers());
    }

    /** The heading of the digest's templates section: errors nothing in the catalog matched, new to this job. */
    static String newTemplatesHeading(Digest digest) {
        return "New error templates, not in the catalog (" + digest.newTemplates().size() + ")";
    }

    /** One line for a new template: where, how often, when; the template and an example follow it. */
    static String templateCounts(Digest.NewTemplate t) {
        return t.service() + ": " + t.events() + " " + t.kind() + " event" + (t.events() == 1 ? "" : "s") + " on "
                + String.join(", ", t.revisions()) + "; " + Facts.time(t.firstSeen()) + " .. " + Facts.time(t.lastSeen());
    }

    static String recoveryLine(Digest.Recovery r) {
        // a job's scope reads job/NAME: its recovery is an execution whose tasks all succeeded, not served requests
        return r.service() + " is back on " + r.revision() + (r.service().startsWith("job/") ? " (every task succeeded)"
                : " (" + r.requestsOk() + " successful requests)") + " after " + String.join(", ", r.afterRevisions()) + " failed";
    }

    static String partialWarning() {
        return "INPUT INCOMPLETE: this run is recorded as partial; what it found is not remembered and its window is covered again next run";
    }
}
