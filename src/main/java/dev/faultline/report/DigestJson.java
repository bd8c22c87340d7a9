package dev.faultline.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.history.Digest;
import dev.faultline.history.RunRecord;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * The digest as JSON (schema version 1, camelCase, RFC 3339 UTC times): {@code run},
 * {@code summary}, then {@code new}, {@code recurrences}, {@code ongoing}, {@code recovered} and
 * {@code newTemplates} (unclassified error templates this job had not seen on their service).
 */
public final class DigestJson implements DigestRenderer {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void render(Digest digest, Writer out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", "digest");
        RunRecord run = digest.run();
        root.putObject("faultline").put("version", run.faultlineVersion());
        ObjectNode catalog = JsonReport.catalogJson(root.putObject("catalog"), run.catalogVersion(), digest.catalogLayers());
        catalog.put("previousVersion", digest.previousCatalog());
        strings(catalog.putArray("changes"), digest.catalogChanges());
        ObjectNode r = root.putObject("run");
        r.put("id", run.id());
        r.put("status", run.status().label());
        r.putObject("window").put("start", time(run.window().start())).put("end", time(run.window().end()));
        strings(r.putArray("inputs"), run.inputs());
        r.put("entriesRead", run.entriesRead());
        r.put("inWindow", run.inWindow());
        r.put("malformed", run.malformed());
        r.put("problems", run.problems());
        r.put("state", digest.statePath());
        ObjectNode summary = root.putObject("summary");
        summary.put("new", digest.section(Digest.Section.NEW).size());
        summary.put("recurrence", digest.section(Digest.Section.RECURRENCE).size());
        summary.put("ongoing", digest.section(Digest.Section.ONGOING).size());
        summary.put("recovered", digest.recovered().size());
        summary.put("newTemplates", digest.newTemplates().size());
        summary.put("exitCode", digest.exitCode());
        items(root.putArray("new"), digest, Digest.Section.NEW);
        items(root.putArray("recurrences"), digest, Digest.Section.RECURRENCE);
        items(root.putArray("ongoing"), digest, Digest.Section.ONGOING);
        ArrayNode recovered = root.putArray("recovered");
        for (Digest.Recovery rec : digest.recovered()) {
            ObjectNode n = recovered.addObject();
            n.put("service", rec.service());
            n.put("revision", rec.revision());
            n.put("requestsOk", rec.requestsOk());
            strings(n.putArray("after"), rec.afterRevisions());
            strings(n.putArray("fingerprints"), rec.fingerprints());
        }
        ArrayNode templates = root.putArray("newTemplates");
        for (Digest.NewTemplate t : digest.newTemplates()) {
            ObjectNode n = templates.addObject();
            n.put("service", t.service());
            n.put("id", t.id());
            n.put("template", t.template());
            n.put("kind", t.kind());
            n.put("events", t.events());
            strings(n.putArray("revisions"), t.revisions());
            n.put("firstSeen", time(t.firstSeen()));
            n.put("lastSeen", time(t.lastSeen()));
            n.put("example", t.example());
            n.put("draft", digest.draftCommand(t));
        }
        MAPPER.writeValue(out, root);
    }

    private static void items(ArrayNode array, Digest digest, Digest.Section section) {
        for (Digest.Item item : digest.section(section)) {
            ObjectNode n = array.addObject();
            n.put("fingerprint", item.fingerprint());
            n.put("service", item.service());
            n.put("newToDigest", item.newToDigest());
            n.put("verdict", item.verdict().label());
            n.put("knownIssue", item.knownIssue());
            n.put("knownIssueTitle", item.knownIssueTitle());
            strings(n.putArray("revisions"), item.revisions());
            strings(n.putArray("signatures"), item.signatures());
            n.put("hitsThisRun", item.hitsThisRun());
            n.put("hitsTotal", item.hitsTotal());
            n.put("runsSeen", item.runsSeen());
            n.put("firstSeen", time(item.firstSeen()));
            n.put("lastSeen", time(item.lastSeen()));
            n.put("why", item.why());
            n.put("judgedWithCatalog", item.judgedWithCatalog());
            strings(n.putArray("reasons"), item.reasons());
            strings(n.putArray("evidence"), digest.evidenceCommands(item));
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
