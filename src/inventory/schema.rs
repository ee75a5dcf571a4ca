//! The inventory's schema and its migrations, keyed on `PRAGMA user_version`.

use crate::error::Result;
use rusqlite::Transaction;

/// The schema version this pgacct writes. Version 2 is the audit chain's anchor and the
/// audit list indexes; version 3 adds the targets' `hostaddr` and `sslmode_explicit`;
/// version 4 adds nothing: it makes inventories that reached 3 without version 2 (builds
/// from before the audit branch was merged) run the steps again, which are idempotent;
/// version 5 adds `expiry_reminders` (what `report --notify` has sent); version 6 adds the
/// targets' `require_auth` (libpq's, which methods may get the admin password).
pub const VERSION: i64 = 6;

const V1: &str = r#"
CREATE TABLE IF NOT EXISTS targets (
    id               INTEGER PRIMARY KEY,
    env              TEXT NOT NULL,
    db_name          TEXT NOT NULL,
    host             TEXT NOT NULL,
    port             INTEGER NOT NULL DEFAULT 5432,
    active           INTEGER NOT NULL DEFAULT 1,
    notes            TEXT,
    admin_user       TEXT,
    sslmode          TEXT NOT NULL DEFAULT 'prefer',
    sslrootcert      TEXT,
    sslcert          TEXT,
    sslkey           TEXT,
    password_command TEXT,
    protected        INTEGER NOT NULL DEFAULT 0,
    server_identity  TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (env, db_name)
);

-- Append-only, hash-chained. A change writes a `started` row before touching the server
-- and a second row (entry_id = the started row's id) with the outcome after; a crash in
-- between leaves the `started` row without a completion. Local one-shot actions (registry
-- changes) write one row. Rows are never updated.
CREATE TABLE IF NOT EXISTS audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id     INTEGER,
    time         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    os_user      TEXT NOT NULL,
    machine      TEXT,
    version      TEXT NOT NULL,
    action       TEXT NOT NULL,
    env          TEXT,
    db_name      TEXT,
    server       TEXT,
    role         TEXT,
    kind         TEXT,
    outcome      TEXT NOT NULL,
    is_read      INTEGER NOT NULL DEFAULT 0,
    steps        TEXT,
    error        TEXT,
    reason       TEXT,
    ticket       TEXT,
    duration_ms  INTEGER,
    undo         TEXT,
    undo_of      INTEGER,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_time   ON audit_log (time);
CREATE INDEX IF NOT EXISTS audit_entry  ON audit_log (entry_id);
CREATE INDEX IF NOT EXISTS audit_env_db ON audit_log (env, db_name, time);
CREATE INDEX IF NOT EXISTS audit_role   ON audit_log (role, time);
CREATE INDEX IF NOT EXISTS audit_actor  ON audit_log (actor, time);

-- Per-organization overrides and additions to the built-in user kinds (JSON settings).
CREATE TABLE IF NOT EXISTS kinds (
    name       TEXT PRIMARY KEY,
    settings   TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Notification channels (JSON config).
CREATE TABLE IF NOT EXISTS notify_channels (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    config     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Small key/value settings.
CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#;

/// Version 2 (audit helper): the audit chain's anchor and the indexes `audit list` needs.
///
/// `audit_head` is a single row holding the number of entries, the last id and the last
/// hash; `append` updates it in the same transaction as the row it adds and chains new
/// rows to it (not to whatever row happens to be last), so deleting the newest rows
/// (truncation) shows up in `audit verify`. The partial indexes cover the "attempt" rows
/// (`entry_id IS NULL`: started rows and one-shot rows) that `audit list` walks newest
/// first: an index on one column is ordered by rowid within equal values, so a filter on
/// it plus `ORDER BY id DESC LIMIT n` needs no sort.
const V2: &str = r#"
CREATE TABLE IF NOT EXISTS audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    entries    INTEGER NOT NULL,
    last_id    INTEGER NOT NULL,
    last_hash  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT OR IGNORE INTO audit_head (id, entries, last_id, last_hash, updated_at)
SELECT 1, count(*), coalesce(max(id), 0),
       coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM audit_log;
-- Started rows without a completion yet (in flight, or pgacct stopped): derived data that
-- `append` keeps up to date so `audit list --outcome started` needs no scan. Not part of
-- the chain; `audit::rebuild_open` recomputes it.
CREATE TABLE IF NOT EXISTS audit_open (id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO audit_open (id)
SELECT s.id FROM audit_log s
WHERE s.entry_id IS NULL AND s.outcome = 'started'
  AND NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.entry_id = s.id AND x.action <> 'notify');
CREATE INDEX IF NOT EXISTS audit_a_env     ON audit_log (env)     WHERE entry_id IS NULL;
CREATE INDEX IF NOT EXISTS audit_a_db      ON audit_log (db_name) WHERE entry_id IS NULL;
CREATE INDEX IF NOT EXISTS audit_a_role    ON audit_log (role)    WHERE entry_id IS NULL;
CREATE INDEX IF NOT EXISTS audit_a_actor   ON audit_log (actor)   WHERE entry_id IS NULL;
CREATE INDEX IF NOT EXISTS audit_a_os_user ON audit_log (os_user) WHERE entry_id IS NULL;
CREATE INDEX IF NOT EXISTS audit_a_action  ON audit_log (action)  WHERE entry_id IS NULL;
CREATE INDEX IF NOT EXISTS audit_outcome   ON audit_log (outcome, entry_id, action);
"#;
/// V5 (report, issue 17): the expiry reminders `report --notify` sent, one row per
/// channel, account (server and role), VALID UNTIL and window, so each is sent once.
const V5: &str = r#"
CREATE TABLE IF NOT EXISTS expiry_reminders (
    channel_id  INTEGER NOT NULL,
    server      TEXT NOT NULL,
    role        TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    window_secs INTEGER NOT NULL,
    sent_at     TEXT NOT NULL,
    audit_id    INTEGER,
    PRIMARY KEY (channel_id, server, role, valid_until, window_secs)
);
"#;
/// V3 (connecting, issue 3): `hostaddr` (connect to this IP while TLS verifies `host`,
/// like libpq's hostaddr) and `sslmode_explicit` (0 = no sslmode was given, so
/// `PGSSLMODE` or libpq's default `prefer` applies). Rows from before that say `prefer`
/// are taken as "not given": `prefer` is the default either way. Each column is added
/// only when missing, so the step does not depend on the order branches were merged in.
fn v3_target_columns(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut have = vec![];
    {
        let mut st = tx.prepare("SELECT name FROM pragma_table_info('targets')")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            have.push(r?);
        }
    }
    if !have.iter().any(|c| c == "hostaddr") {
        tx.execute_batch("ALTER TABLE targets ADD COLUMN hostaddr TEXT;")?;
    }
    if !have.iter().any(|c| c == "sslmode_explicit") {
        tx.execute_batch(
            "ALTER TABLE targets ADD COLUMN sslmode_explicit INTEGER NOT NULL DEFAULT 1;
             UPDATE targets SET sslmode_explicit = 0 WHERE sslmode = 'prefer';",
        )?;
    }
    Ok(())
}

/// V5 (hardening, issue 14): the targets' `require_auth` (libpq's, which authentication
/// methods the admin password may be answered with). Added only when missing.
fn v6_require_auth(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let have: i64 = tx.query_row(
        "SELECT count(*) FROM pragma_table_info('targets') WHERE name = 'require_auth'",
        [],
        |r| r.get(0),
    )?;
    if have == 0 {
        tx.execute_batch("ALTER TABLE targets ADD COLUMN require_auth TEXT;")?;
    }
    Ok(())
}

/// Bring the schema from its current version to [`VERSION`]. Runs inside the caller's
/// IMMEDIATE transaction, so concurrent first opens serialize here and the losers find
/// the work done.
pub fn migrate(tx: &Transaction<'_>) -> Result<()> {
    let current: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| {
            crate::error::Error::failed(format!("reading the inventory schema version: {e}"))
        })?;
    if current < 1 {
        tx.execute_batch(V1).map_err(|e| {
            crate::error::Error::failed(format!("creating the inventory schema: {e}"))
        })?;
    }
    // Version 2: the audit chain's anchor. Also run when a build without it already
    // took the inventory to a later version (every statement is IF NOT EXISTS / OR IGNORE).
    let has_anchor: bool = tx
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_head'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| crate::error::Error::failed(format!("reading the inventory schema: {e}")))?;
    if current < 2 || !has_anchor {
        tx.execute_batch(V2).map_err(|e| {
            crate::error::Error::failed(format!(
                "adding the audit anchor to the inventory schema: {e}"
            ))
        })?;
    }
    if current < 3 {
        v3_target_columns(tx).map_err(|e| {
            crate::error::Error::failed(format!(
                "adding hostaddr and sslmode_explicit to the inventory's targets: {e}"
            ))
        })?;
    }
    if current < 5 {
        tx.execute_batch(V5).map_err(|e| {
            crate::error::Error::failed(format!(
                "adding expiry_reminders to the inventory schema: {e}"
            ))
        })?;
    }
    if current < 6 {
        v6_require_auth(tx).map_err(|e| {
            crate::error::Error::failed(format!(
                "adding require_auth to the inventory's targets: {e}"
            ))
        })?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {VERSION}"))
        .map_err(|e| {
            crate::error::Error::failed(format!("setting the inventory schema version: {e}"))
        })?;
    Ok(())
}
