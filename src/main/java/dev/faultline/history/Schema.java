package dev.faultline.history;

import java.util.List;

/**
 * The state file's schema, as an ordered list of migrations: migration {@code i} takes a file
 * from schema version {@code i} to {@code i + 1}. The version lives in SQLite's
 * {@code user_version} header field, the file's identity in {@code application_id}. Never edit
 * a released migration; append a new one.
 */
final class Schema {

    /** "FLT1": tells a faultline state file from any other SQLite database. */
    static final int APPLICATION_ID = 0x464c5431;

    static final List<List<String>> MIGRATIONS = List.of(
            // 0 -> 1: runs, incidents, per-run sightings, and the team's overrides of the known-issue registry
            List.of("""
                    CREATE TABLE runs (
                      id                INTEGER PRIMARY KEY,
                      started_at        TEXT NOT NULL,
                      window_start      TEXT NOT NULL,
                      window_end        TEXT NOT NULL,
                      status            TEXT NOT NULL CHECK (status IN ('complete', 'partial', 'failed')),
                      catalog_version   TEXT,
                      faultline_version TEXT NOT NULL,
                      inputs            TEXT NOT NULL,
                      entries_read      INTEGER NOT NULL,
                      in_window         INTEGER NOT NULL,
                      malformed         INTEGER NOT NULL,
                      problems          INTEGER NOT NULL,
                      exit_code         INTEGER NOT NULL,
                      error             TEXT
                    )""", """
                    CREATE TABLE incidents (
                      fingerprint   TEXT PRIMARY KEY,
                      service       TEXT NOT NULL,
                      signatures    TEXT NOT NULL,
                      known_issue   TEXT,
                      verdict       TEXT NOT NULL,
                      first_seen    TEXT NOT NULL,
                      last_seen     TEXT NOT NULL,
                      hits          INTEGER NOT NULL,
                      runs_seen     INTEGER NOT NULL,
                      revisions     TEXT NOT NULL,
                      first_run     INTEGER NOT NULL REFERENCES runs (id),
                      last_run      INTEGER NOT NULL REFERENCES runs (id),
                      last_section  TEXT NOT NULL,
                      recovered_by  TEXT
                    )""", """
                    CREATE TABLE sightings (
                      run_id      INTEGER NOT NULL REFERENCES runs (id),
                      fingerprint TEXT NOT NULL REFERENCES incidents (fingerprint) ON DELETE CASCADE,
                      revision    TEXT NOT NULL,
                      first_seen  TEXT NOT NULL,
                      last_seen   TEXT NOT NULL,
                      hits        INTEGER NOT NULL,
                      verdict     TEXT NOT NULL,
                      known_issue TEXT,
                      reasons     TEXT NOT NULL,
                      PRIMARY KEY (run_id, fingerprint, revision)
                    )""", """
                    CREATE TABLE issue_links (
                      fingerprint TEXT PRIMARY KEY,
                      issue       TEXT NOT NULL,
                      signatures  TEXT NOT NULL,
                      linked_at   TEXT NOT NULL
                    )""", """
                    CREATE TABLE issue_resolutions (
                      issue       TEXT PRIMARY KEY,
                      resolved_at TEXT NOT NULL,
                      recorded_at TEXT NOT NULL
                    )"""),
            // 1 -> 2: the catalog version each incident was last judged with (so the digest can say when it
            // changed), taken for existing incidents from the run that last saw them; and the service a
            // ticket link belongs to (a link judges only the service of its incident), from the incident
            List.of("ALTER TABLE incidents ADD COLUMN catalog_version TEXT",
                    "UPDATE incidents SET catalog_version = (SELECT catalog_version FROM runs WHERE runs.id = incidents.last_run)",
                    "ALTER TABLE issue_links ADD COLUMN service TEXT",
                    "UPDATE issue_links SET service = (SELECT service FROM incidents WHERE incidents.fingerprint = issue_links.fingerprint)"),
            // 2 -> 3: the unclassified error templates seen per service, so a digest can say which are new
            List.of("""
                    CREATE TABLE templates (
                      service    TEXT NOT NULL,
                      id         TEXT NOT NULL,
                      template   TEXT NOT NULL,
                      kind       TEXT NOT NULL,
                      first_seen TEXT NOT NULL,
                      last_seen  TEXT NOT NULL,
                      events     INTEGER NOT NULL,
                      runs_seen  INTEGER NOT NULL,
                      first_run  INTEGER NOT NULL REFERENCES runs (id),
                      last_run   INTEGER NOT NULL REFERENCES runs (id),
                      PRIMARY KEY (service, id)
                    )"""),
            // 3 -> 4: incidents are the triage's incidents (FailureIdentity): what their id is made of (causes,
            // symptoms, a probable-cause template, or failing requests; NULL for rows written before it was
            // stored, whose ids were made the same way), and the revisions that worked between two failing
            // ones (a failure fixed and back). Ids are unchanged, so remembered incidents keep matching.
            List.of("ALTER TABLE incidents ADD COLUMN basis TEXT",
                    "ALTER TABLE incidents ADD COLUMN healthy_between TEXT NOT NULL DEFAULT '[]'"));

    /** The schema version this build writes. */
    static int current() {
        return MIGRATIONS.size();
    }

    private Schema() {
    }
}
