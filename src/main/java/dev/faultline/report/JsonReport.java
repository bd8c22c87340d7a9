package dev.faultline.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.TriageResult;
import dev.faultline.assemble.Event;
import dev.faultline.catalog.Catalog;
import dev.faultline.entry.LogEntry;
import dev.faultline.incident.ConfigChange;
import dev.faultline.incident.FailureIdentity;
import dev.faultline.incident.IncidentReport;
import dev.faultline.incident.Regression;
import dev.faultline.incident.Incident;
import dev.faultline.incident.RevisionHits;
import dev.faultline.incident.RevisionReport;
import dev.faultline.incident.SignatureHits;
import dev.faultline.incident.TaskRun;
import dev.faultline.incident.Trend;
import dev.faultline.incident.Verdict;
import dev.faultline.mine.Example;
import dev.faultline.mine.Mined;
import dev.faultline.mine.ProbableCause;
import dev.faultline.mine.RevisionTemplate;
import dev.faultline.mine.Template;
import dev.faultline.source.InputProblem;
import dev.faultline.source.SourceStats;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON contract other tools rely on (DESIGN.md). Bump {@link #SCHEMA_VERSION} on any
 * incompatible change; adding fields is compatible. Field names are camelCase, timestamps
 * RFC 3339 UTC.
 */
public final class JsonReport implements Report {

    public static final int SCHEMA_VERSION = 1;
    /** Templates listed in {@code unclassified[]}, most frequent first; {@code mining.templatesOmitted} counts the rest. */
    public static final int TEMPLATES_SHOWN = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // the caller owns the writer
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    @Override
    public void render(TriageResult result, Writer out) throws IOException {
        ObjectNode root = toJson(result);
        MAPPER.writeValue(out, root);
        out.write('\n');
    }

    /** The catalog object of the JSON reports: the composite version and every layer it was loaded from. */
    public static ObjectNode catalogJson(ObjectNode catalog, String version, List<Catalog.Layer> layers) {
        catalog.put("version", version);
        ArrayNode array = catalog.putArray("layers");
        for (Catalog.Layer l : layers) {
            array.addObject().put("name", l.name()).put("version", l.version())
                    .put("via", l.origin().name().toLowerCase(Locale.ROOT)).put("path", l.path())
                    .put("signatures", l.signatures()).put("knownIssues", l.knownIssues());
        }
        return catalog;
    }

    public ObjectNode toJson(TriageResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.putObject("faultline").put("version", result.faultlineVersion());
        catalogJson(root.putObject("catalog"), result.catalogVersion(), result.catalogLayers());
        root.set("input", input(result));
        ObjectNode summary = root.putObject("summary");
        summary.put("revisions", result.revisions().size());
        summary.put("failing", result.failing().size());
        for (Verdict v : Verdict.values()) {
            summary.put(v.label(), result.revisions().stream().filter(r -> r.incident().verdict() == v).count());
        }
        List<IncidentReport> incidents = result.incidents();
        summary.put("incidents", incidents.size());
        summary.put("exitCode", result.exitCode());
        // revisions past those kept in full detail: counted, not judged (Grouper.MAX_REVISIONS)
        var summarised = result.summarised();
        ObjectNode counted = root.putObject("summarised");
        counted.put("revisions", summarised.revisions());
        counted.put("estimated", summarised.estimated());
        counted.put("entries", summarised.entries());
        summarised.failureHits().forEach(counted.putObject("failureHits")::put);
        counted.put("keptInDetail", summarised.keptInDetail());
        ArrayNode incidentNodes = root.putArray("incidents");
        incidents.forEach(i -> incidentNodes.add(incident(i)));
        ArrayNode revisions = root.putArray("revisions");
        result.revisions().forEach(r -> revisions.add(revision(r)));
        root.set("mining", mining(result.mined()));
        ArrayNode unclassified = root.putArray("unclassified");
        result.mined().templates().stream().limit(TEMPLATES_SHOWN).forEach(t -> unclassified.add(template(t)));
        ObjectNode redaction = root.putObject("redaction");
        redaction.put("enabled", result.redaction().enabled());
        redaction.put("valuesRedacted", result.redaction().valuesRedacted());
        return root;
    }

    private ObjectNode input(TriageResult result) {
        var in = result.input();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("entriesRead", in.read());
        node.put("parsed", in.parsed());
        node.put("malformed", in.malformed());
        node.put("matched", in.matched());
        node.put("unmatched", in.unmatched());
        node.put("excluded", in.excluded());
        if (!result.selection().selectsAll()) {
            ObjectNode selection = node.putObject("selection");
            putIfSet(selection, "service", result.selection().service());
            putIfSet(selection, "revision", result.selection().revision());
            putIfSet(selection, "from", time(result.selection().from()));
            putIfSet(selection, "until", time(result.selection().until()));
        }
        node.put("events", in.events());
        node.put("unattributed", in.unattributed());
        node.put("complete", !result.partial());
        ArrayNode sources = node.putArray("sources");
        for (SourceStats s : result.sources()) {
            ObjectNode src = sources.addObject();
            src.put("source", s.source());
            src.put("format", s.format());
            src.put("entriesRead", s.read());
            src.put("parsed", s.parsed());
            src.put("malformed", s.malformed());
            src.put("complete", s.complete());
            src.put("skipped", !s.isLogExport()); // not a log export at all: left out, not incomplete
            src.put("sha256", s.sha256());
        }
        node.put("problems", in.problems());
        ArrayNode problems = node.putArray("problemsShown");
        for (InputProblem p : result.problems()) {
            ObjectNode problem = problems.addObject();
            problem.put("source", p.source());
            problem.put("entry", p.entry());
            problem.put("line", p.line());
            problem.put("message", p.message());
        }
        return node;
    }

    private ObjectNode revision(RevisionReport report) {
        RevisionHits r = report.revision();
        ObjectNode node = MAPPER.createObjectNode();
        String name = r.key().isRevision() ? r.key().revision() : null;
        if (r.key().job()) {
            // a Cloud Run Job's execution, grouped like a revision: its job and its own name instead of service and revision
            node.put("kind", "job");
            node.putNull("service");
            node.putNull("revision");
            node.put("job", r.key().service());
            node.put("execution", name);
        } else {
            node.put("kind", "service");
            node.put("service", r.key().service());
            node.put("revision", name); // a service's entries that name no revision are a group of their own, with no name
        }
        node.put("noRevision", !r.key().isRevision());
        node.put("project", r.project());
        node.put("location", r.location());
        node.put("status", r.health().label());
        r.healthEvidence().forEach(node.putArray("statusEvidence")::add);
        node.put("created", time(r.created()));
        node.put("firstSeen", time(r.firstSeen()));
        node.put("firstFailure", time(r.firstFailure()));
        node.put("lastServedOk", time(r.lastServedOk()));
        node.put("lastSeen", time(r.lastSeen()));
        node.put("entries", r.entries());
        node.put("instances", r.instances().size());
        ObjectNode requests = node.putObject("requests");
        requests.put("total", r.requests().total());
        requests.put("status2xx", r.requests().ok2xx());
        requests.put("status3xx", r.requests().redirect3xx());
        requests.put("status4xx", r.requests().client4xx());
        requests.put("status5xx", r.requests().server5xx());
        // a live read samples request entries below 400: which counts are then estimates
        requests.put("sampled", r.requests().sampled());
        if (r.requests().sampled()) {
            requests.put("sampleFraction", r.requests().sampleFraction());
        }
        r.requests().estimated().forEach(requests.putArray("estimated")::add);
        if (r.config() != null) {
            ObjectNode config = node.putObject("config");
            r.config().settings().forEach((k, v) -> config.put(k, v));
        } else {
            node.putNull("config");
        }
        if (r.key().job()) {
            if (r.outcome() == null) {
                node.putNull("outcome");
            } else {
                ObjectNode outcome = node.putObject("outcome");
                outcome.put("completed", r.outcome().completed());
                outcome.put("taskCount", r.outcome().taskCount());
                outcome.put("succeeded", r.outcome().succeeded());
                outcome.put("failed", r.outcome().failed());
                outcome.put("retried", r.outcome().retried());
                outcome.put("cancelled", r.outcome().cancelled());
                outcome.put("message", r.outcome().message()); // redacted by Triage
            }
            ArrayNode tasks = node.putArray("tasks");
            for (TaskRun t : r.tasks()) {
                ObjectNode task = tasks.addObject();
                task.put("index", t.index());
                task.put("attempts", t.attempts());
                t.exitCodes().forEach(task.putArray("exitCodes")::add);
                task.put("lastExitCode", t.lastExitCode());
                task.put("retriesExhausted", t.retriesExhausted(r.maxRetries()));
            }
        }
        ArrayNode hits = node.putArray("hits");
        r.hits().forEach(h -> hits.add(hit(h)));
        ArrayNode unclassified = node.putArray("unclassified");
        for (RevisionTemplate t : r.mined().unclassified()) {
            ObjectNode u = unclassified.addObject();
            u.put("template", t.template().id());
            u.put("text", t.template().text());
            u.put("kind", t.template().kind().label());
            u.put("count", t.count());
            u.put("firstSeen", time(t.firstSeen()));
            u.put("lastSeen", time(t.lastSeen()));
            u.set("example", example(t.example()));
        }
        ArrayNode probable = node.putArray("probableCauses");
        r.mined().probableCauses().forEach(p -> probable.add(probableCause(p)));
        ObjectNode noise = node.putObject("noise");
        r.mined().noise().forEach(noise::put);
        node.set("incident", incident(report.incident()));
        if (!report.incident().causeFound() && !r.mined().probableCauses().isEmpty()) {
            ((ObjectNode) node.get("incident")).put("probableCause", r.mined().probableCauses().get(0).template().id());
        }
        return node;
    }

    private ObjectNode mining(Mined mined) {
        ObjectNode node = MAPPER.createObjectNode();
        Mined.Stats s = mined.stats();
        node.put("errorEvents", s.errorEvents());
        node.put("noiseEvents", s.noiseEvents());
        node.put("templates", mined.templates().size());
        node.put("templatesOmitted", Math.max(0, mined.templates().size() - TEMPLATES_SHOWN));
        node.put("eventsDropped", s.dropped());
        node.put("templatesUnsplit", s.unsplit());
        node.put("countsDropped", s.cellsDropped());
        node.put("examplesDropped", s.examplesDropped());
        return node;
    }

    private ObjectNode template(Template t) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", t.id());
        node.put("template", t.text());
        node.put("frame", t.frame());
        node.put("kind", t.kind().label());
        node.put("count", t.count());
        t.revisions().forEach(node.putArray("revisions")::add);
        node.put("revisionCount", t.revisionCount());
        node.put("instances", t.instanceCount());
        node.put("firstSeen", time(t.firstSeen()));
        node.put("lastSeen", time(t.lastSeen()));
        ArrayNode examples = node.putArray("examples");
        t.examples().forEach(e -> examples.add(example(e)));
        return node;
    }

    private ObjectNode probableCause(ProbableCause p) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("rank", p.rank());
        node.put("template", p.template().id());
        node.put("text", p.template().text());
        node.put("frame", p.template().frame());
        node.put("kind", p.template().kind().label());
        node.put("count", p.count());
        node.put("instances", p.instances());
        node.put("firstSeen", time(p.firstSeen()));
        node.put("lastBefore", time(p.lastBefore()));
        node.put("secondsBefore", p.before().toMillis() / 1000.0);
        node.put("onFailingInstance", p.onFailingInstance());
        node.put("reference", p.reference());
        node.put("referenceAt", time(p.referenceAt()));
        node.put("certain", false);
        node.put("reason", p.reason());
        node.set("evidence", example(p.evidence()));
        return node;
    }

    private ObjectNode example(Example e) {
        if (e == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("timestamp", time(e.timestamp()));
        node.put("revision", e.revision());
        node.put("instanceId", e.instanceId());
        node.put("insertId", e.insertId());
        node.put("logName", e.logName());
        node.put("severity", e.severity());
        node.put("line", e.line());
        node.put("text", e.text());
        return node;
    }

    private ObjectNode hit(SignatureHits h) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("signature", h.signature().id());
        node.put("version", h.signature().version());
        node.put("ref", h.signature().ref());
        node.put("title", h.signature().title());
        node.put("layer", lower(h.signature().layer()));
        node.put("role", lower(h.signature().role()));
        node.put("severity", lower(h.signature().severity()));
        node.put("count", h.count());
        node.put("entries", h.entries());
        node.put("firstSeen", time(h.firstSeen()));
        node.put("lastSeen", time(h.lastSeen()));
        node.put("instances", h.instances().size());
        ObjectNode fields = node.putObject("fields");
        h.fieldValues().keySet().forEach(f -> fields.put(f, h.latest(f)));
        ObjectNode fieldValues = node.putObject("fieldValues");
        h.fieldValues().forEach((f, values) -> values.forEach(v -> fieldValues.withArray(f).add(v)));
        node.put("remediation", Facts.remediation(h));
        ArrayNode evidence = node.putArray("evidence");
        h.evidence().forEach(e -> evidence.add(event(e)));
        return node;
    }

    private ObjectNode event(Event e) {
        LogEntry head = e.head();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("timestamp", time(head.timestamp()));
        node.put("severity", head.severity().name());
        node.put("logName", head.logName());
        node.put("instanceId", head.instanceId());
        node.put("insertId", head.insertId());
        node.put("origin", head.origin().toString());
        node.put("entries", e.size());
        // how the text was put together: fragments of a cut line joined, colour codes and markup removed
        node.put("fragmentsJoined", e.fragmentsJoined());
        node.put("cleaned", e.cleaned());
        node.put("text", e.text());
        return node;
    }

    /** One incident: its identity, verdict, the revisions it spans, whether it came back after a fix, the value trends. */
    private ObjectNode incident(IncidentReport incident) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", incident.id());
        node.put("kind", incident.job() ? "job" : "service");
        node.put(incident.job() ? "job" : "service", incident.service());
        node.set("identity", identity(incident.identity()));
        node.put("verdict", incident.verdict().label());
        node.put("knownIssue", incident.knownIssue());
        node.put("knownIssueTitle", incident.knownIssueTitle());
        node.put("nearMiss", !incident.missing().isEmpty());
        incident.missing().forEach(node.putArray("missing")::add);
        ArrayNode revisions = node.putArray("revisions");
        for (RevisionReport r : incident.revisions()) {
            ObjectNode rev = revisions.addObject();
            rev.put(incident.job() ? "execution" : "revision", r.key().isRevision() ? r.key().revision() : null);
            rev.put("verdict", r.incident().verdict().label());
            rev.put("firstFailure", time(r.revision().firstFailure()));
            rev.put("lastSeen", time(r.revision().lastSeen()));
        }
        node.put("firstSeen", time(incident.firstSeen()));
        node.put("lastSeen", time(incident.lastSeen()));
        node.put("hits", incident.hits());
        node.put("healthyBetween", incident.healthyBetween());
        ArrayNode regressions = node.putArray("regressions");
        incident.regressions().forEach(g -> regressions.add(regression(g)));
        node.set("trends", trends(incident.trends()));
        // the newest revision's reasons tell the incident's story (redacted before the judge saw the values they quote)
        incident.newest().incident().reasons().forEach(node.putArray("reasons")::add);
        return node;
    }

    private static ObjectNode identity(FailureIdentity identity) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("basis", identity.basis().label());
        identity.parts().forEach(node.putArray("parts")::add);
        return node;
    }

    private static ObjectNode regression(Regression g) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("healthyRevision", g.healthyRevision());
        node.put("status2xx", g.status2xx());
        node.put("lastServedOk", time(g.lastServedOk()));
        node.put("failedBefore", g.failedBefore());
        node.put("failingAgainSince", g.failingAgainSince());
        node.put("text", g.describe());
        return node;
    }

    private ObjectNode incident(Incident incident) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("verdict", incident.verdict().label());
        node.put("incidentId", incident.incidentId());
        node.put("knownIssue", incident.knownIssue());
        node.put("knownIssueTitle", incident.knownIssueTitle());
        incident.alsoTrackedAs().forEach(node.putArray("alsoTrackedAs")::add);
        incident.fingerprint().forEach(node.putArray("fingerprint")::add);
        node.put("causeFound", incident.causeFound());
        node.put("nearMiss", incident.nearMiss());
        incident.missing().forEach(node.putArray("missing")::add);
        if (incident.regression() == null) {
            node.putNull("regression");
        } else {
            node.set("regression", regression(incident.regression()));
        }
        // reasons quote extracted values: these were redacted before the judge saw them
        incident.reasons().forEach(node.putArray("reasons")::add);
        node.put("lastWorkingRevision", incident.lastWorkingRevision());
        node.put("firstFailingRevision", incident.firstFailingRevision());
        node.put("configDiffAvailable", incident.configDiffAvailable());
        ArrayNode changes = node.putArray("configChanges");
        for (ConfigChange c : incident.configChanges()) {
            ObjectNode change = changes.addObject();
            change.put("field", c.field());
            change.put("before", c.before());
            change.put("after", c.after());
            change.put("related", c.related());
        }
        node.set("trends", trends(incident.trends()));
        return node;
    }

    private static ArrayNode trends(List<Trend> list) {
        ArrayNode trends = MAPPER.createArrayNode();
        for (Trend t : list) {
            ObjectNode trend = trends.addObject();
            trend.put("signature", t.signature());
            trend.put("field", t.field());
            trend.put("direction", t.direction());
            if (t.stepsLeftOut() > 0) {
                trend.put("stepsLeftOut", t.stepsLeftOut()); // after the first step (a trend keeps the first and latest)
            }
            ArrayNode steps = trend.putArray("steps");
            for (Trend.Step s : t.steps()) {
                ObjectNode step = steps.addObject();
                step.put("value", s.value());
                s.revisions().forEach(step.putArray("revisions")::add);
                if (s.revisionsLeftOut() > 0) {
                    step.put("revisionsLeftOut", s.revisionsLeftOut()); // before the last one listed
                }
            }
            trend.set("values", MAPPER.valueToTree(t.steps().stream().map(Trend.Step::value).toList()));
        }
        return trends;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
