//! The inventory's schema and its migrations, keyed on `PRAGMA user_version`.

use crate::error::Result;
use rusqlite::Transaction;

/// The schema version this pgacct writes. Version 2 is the audit chain's anchor (audit
/// helper's branch); version 3 adds the targets' `hostaddr` and `sslmode_explicit`.
pub const VERSION: i64 = 3;

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
    // Version 2 (the audit chain's anchor) comes with the audit helper's branch.
    if current < 3 {
        v3_target_columns(tx).map_err(|e| {
            crate::error::Error::failed(format!(
                "adding hostaddr and sslmode_explicit to the inventory's targets: {e}"
            ))
        })?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {VERSION}"))
        .map_err(|e| {
            crate::error::Error::failed(format!("setting the inventory schema version: {e}"))
        })?;
    Ok(())
}
