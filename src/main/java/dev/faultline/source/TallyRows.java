package dev.faultline.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.entry.LogEntry;
import dev.faultline.entry.Origin;
import dev.faultline.entry.Resource;
import dev.faultline.entry.RevisionConfig;
import dev.faultline.entry.Severity;
import dev.faultline.entry.Tallies;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the rows of the catalog query ({@link CatalogSql}), whichever engine ran it, into the
 * sums the group stage adds ({@link Tallies}) and the entries faultline stitches and matches
 * itself. Every entry the query covered is accounted for: those summed up in revision rows plus
 * the entry rows.
 */
public final class TallyRows {

    /**
     * One result row, as the query's columns name it.
     *
     * @param firstUs microseconds since the epoch, or null
     * @param detail  JSON text (see {@link CatalogSql})
     */
    public record Row(String kind, String service, String revision, String signature, long n, Long firstUs, Long lastUs,
                      String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String sourceName;
    private final List<Tallies.RevisionTally> revisions = new ArrayList<>();
    private final List<Tallies.HitTally> hits = new ArrayList<>();
    private final List<LogEntry> configs = new ArrayList<>();
    private final List<LogEntry> entries = new ArrayList<>();
    private long rows;

    /** @param sourceName how entries name where they came from (the query's table) */
    public TallyRows(String sourceName) {
        this.sourceName = sourceName;
    }

    public void add(Row row) throws IOException {
        rows++;
        JsonNode detail = JSON.readTree(row.detail());
        switch (row.kind()) {
            case "revision" -> revisions.add(revision(row, detail));
            case "hit" -> hits.add(hit(row, detail));
            case "config" -> configs.add(entry(detail));
            case "entry" -> entries.add(entry(detail));
            default -> throw new IOException("unexpected row kind '" + row.kind() + "' in the query result");
        }
    }

    /** The rows read so far. */
    public long rows() {
        return rows;
    }

    public Tallies tallies() {
        return new Tallies(revisions, hits, configs);
    }

    /** The entry rows, oldest first: the stitcher closes blocks best in time order. */
    public List<LogEntry> entries() {
        List<LogEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(LogEntry::timestamp));
        return sorted;
    }

    /** Every entry the query covered: summed up in the revision rows, or returned whole. */
    public long covered() {
        return tallies().entries() + entries.size();
    }

    /** Hands the entry rows to {@code downstream}, oldest first, and says what the source yielded. */
    public SourceStats stream(Consumer<LogEntry> downstream, String format, boolean complete) {
        entries().forEach(downstream);
        long covered = covered();
        return new SourceStats(sourceName, format, covered, covered, 0, complete, null);
    }

    private static Tallies.RevisionTally revision(Row row, JsonNode d) {
        JsonNode r = d.path("requests");
        return new Tallies.RevisionTally(row.service(), row.revision(), text(d.path("project")), text(d.path("location")), row.n(),
                d.path("own").asLong(), d.path("matched").asLong(), micros(row.firstUs()), micros(row.lastUs()),
                strings(d.path("instances")), r.path(0).asLong(), r.path(1).asLong(), r.path(2).asLong(), r.path(3).asLong(),
                r.path(4).asLong(), micros(d.path("last_ok")));
    }

    private Tallies.HitTally hit(Row row, JsonNode d) throws IOException {
        Map<String, Map<String, Instant>> fields = new LinkedHashMap<>();
        for (JsonNode f : d.path("fields")) {
            fields.computeIfAbsent(f.path("name").asText(), k -> new LinkedHashMap<>())
                    .merge(f.path("value").asText(), micros(f.path("first_us")), (a, b) -> a.isBefore(b) ? a : b);
        }
        List<LogEntry> evidence = new ArrayList<>();
        for (JsonNode e : d.path("evidence")) {
            evidence.add(entry(e));
        }
        return new Tallies.HitTally(row.service(), row.revision(), row.signature(), row.n(), micros(row.firstUs()),
                micros(row.lastUs()), strings(d.path("instances")), fields, evidence);
    }

    /** An entry of the query's rows; an audit entry with a request or response carries the spec it states. */
    private LogEntry entry(JsonNode e) throws IOException {
        RevisionConfig config = null;
        if (!e.path("request_json").isMissingNode() || !e.path("response_json").isMissingNode()) {
            ObjectNode proto = JSON.createObjectNode();
            proto.set("request", parsed(e.path("request_json")));
            proto.set("response", parsed(e.path("response_json")));
            config = RevisionSpecReader.read(proto);
        }
        Resource resource = new Resource(Resource.CLOUD_RUN_REVISION, text(e.path("project")), text(e.path("service")),
                text(e.path("revision")), text(e.path("configuration")), text(e.path("location")));
        long seq = configs.size() + entries.size() + 1;
        return new LogEntry(new Origin(sourceName, seq, 0), micros(e.path("t")), Severity.parse(text(e.path("severity"))),
                text(e.path("log_id")), resource, text(e.path("instance")), text(e.path("insert_id")), text(e.path("trace")),
                e.path("body").asText(""), e.path("http_status").asInt(0), -1, text(e.path("method")), config);
    }

    private static JsonNode parsed(JsonNode jsonText) throws IOException {
        return jsonText.isTextual() ? JSON.readTree(jsonText.asText()) : JSON.missingNode();
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Instant micros(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : micros(n.asLong());
    }

    private static Instant micros(Long us) {
        return us == null ? null : Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }
}
