package dev.faultline.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.incident.Verdict;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report job's memory: one SQLite file. Opening checks that the file is a faultline state
 * file of a schema this build understands (older ones are migrated, newer ones refused), and that
 * SQLite finds it intact; nothing is ever recreated over a file that fails these checks.
 * <p>
 * Concurrency and crashes are SQLite's job: every change is one transaction in the default
 * rollback-journal mode (WAL needs shared memory, which network file systems such as Cloud
 * Storage FUSE do not give), so a killed run leaves the previous state; a writer waits up to the
 * lock wait for another one to finish, then fails with a message saying so. Not thread-safe:
 * one store, one connection, one thread.
 */
public final class StateStore implements AutoCloseable {

    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Path file;
    private final Duration lockWait;
    private final Connection db;

    private StateStore(Path file, Duration lockWait, Connection db) {
        this.file = file;
        this.lockWait = lockWait;
        this.db = db;
    }

    /**
     * Opens the state file.
     *
     * @param create create the file when it does not exist (report runs); otherwise a missing file is an error
     */
    public static StateStore open(Path file, boolean create, Duration lockWait) throws StateException {
        boolean exists = Files.exists(file);
        if (!exists && !create) {
            throw new StateException("no state file " + file + " (a faultline report run creates it)");
        }
        if (exists && !Files.isRegularFile(file)) {
            throw new StateException("state file " + file + " is not a regular file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, lockWait.toMillis()));
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        // BEGIN IMMEDIATE: a run takes the write lock up front, so a second run waits instead of
        // computing the same window and failing at commit.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            StateStore store = new StateStore(file, lockWait, db);
            store.checkAndMigrate();
            return store;
        } catch (SQLException e) {
            closeQuietly(db);
            throw translate(file, lockWait, e);
        } catch (StateException | RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    private void checkAndMigrate() throws SQLException, StateException {
        int version = pragmaInt("user_version");
        if (version == Schema.current() && pragmaInt("application_id") == Schema.APPLICATION_ID) {
            checkIntegrity();
            return;
        }
        // Identity, version and migration are decided under the write lock: two first runs at
        // once must not both create the tables.
        try (Transaction tx = begin()) {
            version = pragmaInt("user_version");
            int applicationId = pragmaInt("application_id");
            boolean empty = count("SELECT count(*) FROM sqlite_master") == 0;
            if (!(empty && version == 0 && applicationId == 0) && applicationId != Schema.APPLICATION_ID) {
                throw new StateException("state file " + file + " is a SQLite database but not a faultline state file "
                        + "(application_id " + applicationId + "): refusing to change it");
            }
            if (version > Schema.current()) {
                throw new StateException("state file " + file + " was written by a newer faultline (schema version "
                        + version + ", this one understands up to " + Schema.current()
                        + "): refusing to change it; upgrade faultline");
            }
            if (version > 0) {
                checkIntegrity();
            }
            try (Statement s = db.createStatement()) {
                for (int v = version; v < Schema.current(); v++) {
                    for (String sql : Schema.MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
                s.execute("PRAGMA user_version = " + Schema.current());
            }
            tx.commit();
        }
    }

    private void checkIntegrity() throws SQLException, StateException {
        List<String> problems = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new StateException("state file " + file + " is corrupt (" + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + "): left as it is; restore a backup or move it aside to start afresh");
        }
    }

    /** Begins a write transaction; close it without {@link Transaction#commit()} to roll back. */
    public Transaction begin() throws StateException {
        try {
            db.setAutoCommit(false);
            return new Transaction();
        } catch (SQLException e) {
            throw translate(file, lockWait, e);
        }
    }

    /** One write transaction. Closing it without commit rolls every change back. */
    public final class Transaction implements AutoCloseable {
        private boolean done;

        public void commit() throws StateException {
            try {
                db.commit();
                done = true;
                db.setAutoCommit(true);
            } catch (SQLException e) {
                throw translate(file, lockWait, e);
            }
        }

        @Override
        public void close() throws StateException {
            if (done) {
                return;
            }
            done = true;
            try {
                db.rollback();
                db.setAutoCommit(true);
            } catch (SQLException e) {
                throw translate(file, lockWait, e);
            }
        }
    }

    // ---- runs

    public Optional<RunRecord> lastCompleteRun() throws StateException {
        List<RunRecord> runs = runs("WHERE status = 'complete' ORDER BY id DESC LIMIT 1");
        return runs.stream().findFirst();
    }

    /** Every run, oldest first. */
    public List<RunRecord> runs() throws StateException {
        return runs("ORDER BY id");
    }

    private List<RunRecord> runs(String tail) throws StateException {
        return query("SELECT * FROM runs " + tail, List.of(), rs -> new RunRecord(rs.getLong("id"), instant(rs, "started_at"),
                new RunWindow(instant(rs, "window_start"), instant(rs, "window_end")), RunRecord.Status.of(rs.getString("status")),
                rs.getString("catalog_version"), rs.getString("faultline_version"), strings(rs.getString("inputs")),
                rs.getLong("entries_read"), rs.getLong("in_window"), rs.getLong("malformed"), rs.getLong("problems"),
                rs.getInt("exit_code"), rs.getString("error")));
    }

    /** Records a run and returns its id. */
    public long insertRun(RunRecord run) throws StateException {
        return update("INSERT INTO runs (started_at, window_start, window_end, status, catalog_version, faultline_version, "
                        + "inputs, entries_read, in_window, malformed, problems, exit_code, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                List.of(run.startedAt().toString(), run.window().start().toString(), run.window().end().toString(),
                        run.status().label(), nullable(run.catalogVersion()), run.faultlineVersion(), json(run.inputs()),
                        run.entriesRead(), run.inWindow(), run.malformed(), run.problems(), run.exitCode(), nullable(run.error())),
                true);
    }

    // ---- incidents

    /** Every incident remembered, by fingerprint. */
    public Map<String, IncidentRecord> incidents() throws StateException {
        Map<String, IncidentRecord> out = new LinkedHashMap<>();
        for (IncidentRecord r : query("SELECT * FROM incidents ORDER BY last_seen DESC", List.of(), StateStore::incident)) {
            out.put(r.fingerprint(), r);
        }
        return out;
    }

    /**
     * The incident with this fingerprint, or the only one whose fingerprint starts with it.
     *
     * @throws StateException when the prefix names more than one incident
     */
    public Optional<IncidentRecord> incident(String fingerprintOrPrefix) throws StateException {
        List<IncidentRecord> found = query("SELECT * FROM incidents WHERE substr(fingerprint, 1, ?) = ? ORDER BY fingerprint",
                List.of(fingerprintOrPrefix.length(), fingerprintOrPrefix), StateStore::incident);
        if (found.size() > 1) {
            throw new StateException("fingerprint prefix " + fingerprintOrPrefix + " is ambiguous: "
                    + found.stream().map(IncidentRecord::fingerprint).toList());
        }
        return found.stream().findFirst();
    }

    /** Like {@link #incident(String)}, but a missing incident is an error naming the state file. */
    public IncidentRecord requireIncident(String fingerprintOrPrefix) throws StateException {
        return incident(fingerprintOrPrefix)
                .orElseThrow(() -> new StateException("no incident " + fingerprintOrPrefix + " in " + file));
    }

    public void saveIncident(IncidentRecord r) throws StateException {
        update("INSERT OR REPLACE INTO incidents (fingerprint, service, signatures, basis, known_issue, verdict, first_seen, last_seen, "
                        + "hits, runs_seen, revisions, first_run, last_run, last_section, recovered_by, catalog_version, healthy_between) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                List.of(r.fingerprint(), r.service(), json(r.signatures()), nullable(r.basis()), nullable(r.knownIssue()),
                        r.verdict().label(), r.firstSeen().toString(), r.lastSeen().toString(), r.hits(), r.runsSeen(),
                        json(r.revisions()), r.firstRun(), r.lastRun(), r.lastSection().label(), nullable(r.recoveredBy()),
                        nullable(r.catalogVersion()), json(r.healthyBetween())), false);
    }

    /** Forgets an incident, its sightings and its link; returns false when there was none. */
    public boolean forget(String fingerprint) throws StateException {
        update("DELETE FROM issue_links WHERE fingerprint = ?", List.of(fingerprint), false);
        return update("DELETE FROM incidents WHERE fingerprint = ?", List.of(fingerprint), false) > 0;
    }

    public void insertSighting(Sighting s) throws StateException {
        update("INSERT INTO sightings (run_id, fingerprint, revision, first_seen, last_seen, hits, verdict, known_issue, reasons) "
                        + "VALUES (?,?,?,?,?,?,?,?,?)",
                List.of(s.runId(), s.fingerprint(), s.revision(), s.firstSeen().toString(), s.lastSeen().toString(), s.hits(),
                        s.verdict().label(), nullable(s.knownIssue()), json(s.reasons())), false);
    }

    public List<Sighting> sightings(String fingerprint) throws StateException {
        return query("SELECT * FROM sightings WHERE fingerprint = ? ORDER BY run_id, first_seen", List.of(fingerprint),
                rs -> new Sighting(rs.getLong("run_id"), rs.getString("fingerprint"), rs.getString("revision"),
                        instant(rs, "first_seen"), instant(rs, "last_seen"), rs.getLong("hits"), verdict(rs.getString("verdict")),
                        rs.getString("known_issue"), strings(rs.getString("reasons"))));
    }

    // ---- unclassified error templates

    /** Every template remembered for {@code service}, oldest first. */
    public List<TemplateRecord> templates(String service) throws StateException {
        return query("SELECT * FROM templates WHERE service = ? ORDER BY first_seen, id", List.of(service),
                rs -> new TemplateRecord(rs.getString("service"), rs.getString("id"), rs.getString("template"), rs.getString("kind"),
                        instant(rs, "first_seen"), instant(rs, "last_seen"), rs.getLong("events"), rs.getLong("runs_seen"),
                        rs.getLong("first_run"), rs.getLong("last_run")));
    }

    public void saveTemplate(TemplateRecord t) throws StateException {
        update("INSERT OR REPLACE INTO templates (service, id, template, kind, first_seen, last_seen, events, runs_seen, first_run, "
                        + "last_run) VALUES (?,?,?,?,?,?,?,?,?,?)",
                List.of(t.service(), t.id(), t.template(), t.kind(), t.firstSeen().toString(), t.lastSeen().toString(), t.events(),
                        t.runsSeen(), t.firstRun(), t.lastRun()), false);
    }

    // ---- overrides of the known-issue registry

    public Overrides overrides() throws StateException {
        List<Overrides.Link> links = query("SELECT * FROM issue_links ORDER BY linked_at, fingerprint", List.of(),
                rs -> new Overrides.Link(rs.getString("fingerprint"), rs.getString("issue"), strings(rs.getString("signatures")),
                        instant(rs, "linked_at"), rs.getString("service")));
        Map<String, Instant> resolutions = new HashMap<>();
        for (Map.Entry<String, Instant> e : query("SELECT issue, resolved_at FROM issue_resolutions", List.of(),
                rs -> Map.entry(rs.getString(1), instant(rs, "resolved_at")))) {
            resolutions.put(e.getKey(), e.getValue());
        }
        return new Overrides(links, resolutions);
    }

    public void link(Overrides.Link link) throws StateException {
        update("INSERT OR REPLACE INTO issue_links (fingerprint, issue, signatures, linked_at, service) VALUES (?,?,?,?,?)",
                List.of(link.fingerprint(), link.issue(), json(link.signatures()), link.linkedAt().toString(),
                        nullable(link.service())), false);
    }

    public void resolve(String issue, Instant at, Instant recordedAt) throws StateException {
        update("INSERT OR REPLACE INTO issue_resolutions (issue, resolved_at, recorded_at) VALUES (?,?,?)",
                List.of(issue, at.toString(), recordedAt.toString()), false);
    }

    @Override
    public void close() throws StateException {
        try {
            db.close();
        } catch (SQLException e) {
            throw translate(file, lockWait, e);
        }
    }

    // ---- plumbing

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> args, Row<T> row) throws StateException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw translate(file, lockWait, e);
        }
    }

    /** Runs an insert/update/delete; returns the new row id when {@code returnKey}, else the rows changed. */
    private long update(String sql, List<?> args, boolean returnKey) throws StateException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            int changed = ps.executeUpdate();
            if (!returnKey) {
                return changed;
            }
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw translate(file, lockWait, e);
        }
    }

    private static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            ps.setObject(i + 1, a == NULL ? null : a);
        }
    }

    /** List.of rejects null, so nullable columns travel as this marker. */
    private static final Object NULL = new Object();

    private static Object nullable(Object o) {
        return o == null ? NULL : o;
    }

    private int pragmaInt(String name) throws SQLException {
        return (int) count("PRAGMA " + name);
    }

    private long count(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static IncidentRecord incident(ResultSet rs) throws SQLException {
        return new IncidentRecord(rs.getString("fingerprint"), rs.getString("service"), strings(rs.getString("signatures")),
                rs.getString("basis"), rs.getString("known_issue"), verdict(rs.getString("verdict")), instant(rs, "first_seen"),
                instant(rs, "last_seen"), rs.getLong("hits"), rs.getLong("runs_seen"), strings(rs.getString("revisions")),
                rs.getLong("first_run"), rs.getLong("last_run"),
                Digest.Section.valueOf(rs.getString("last_section").toUpperCase(java.util.Locale.ROOT)), rs.getString("recovered_by"),
                rs.getString("catalog_version"), strings(rs.getString("healthy_between")));
    }

    private static Verdict verdict(String label) {
        return Verdict.valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.parse(rs.getString(column));
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static List<String> strings(String json) throws SQLException {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new SQLException("not a JSON list of strings: " + json, e);
        }
    }

    private static void closeQuietly(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // already failing with a better message
            }
        }
    }

    /** SQLite's error codes, told in the words of the state file. */
    static StateException translate(Path file, Duration lockWait, SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
        int primary = code == null ? e.getErrorCode() : code.code & 0xff;
        return switch (primary) {
            case 5, 6 -> new StateException("state file " + file + " is locked by another faultline run (waited "
                    + lockWait.toSeconds() + " s); try again when it has finished", e);
            case 26, 11 -> new StateException("state file " + file + " is corrupt or not a SQLite database ("
                    + firstLine(e.getMessage()) + "): left as it is; restore a backup or move it aside to start afresh", e);
            case 14 -> new StateException("cannot open state file " + file + ": " + firstLine(e.getMessage()), e);
            case 8 -> new StateException("state file " + file + " is read-only: " + firstLine(e.getMessage()), e);
            default -> new StateException("state file " + file + ": " + firstLine(e.getMessage()), e);
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
