//! The audit log: append-only, hash-chained rows in the inventory.
//!
//! Every row carries a SHA-256 over its own content and the previous row's hash, so an
//! edited, deleted or inserted row breaks the chain (`pgacct audit verify`). Rows are
//! appended inside the caller's `BEGIN IMMEDIATE` transaction, which serializes the
//! chain across concurrent processes. No row may ever contain a password or verifier.

use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash that the first row chains to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Outcome of an attempt, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Written before the server is touched; completed by a later row.
    Started,
    Changed,
    Unchanged,
    Failed,
    Refused,
    DryRun,
    /// A read (list, find, check) that succeeded.
    Read,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Started => "started",
            Outcome::Changed => "changed",
            Outcome::Unchanged => "unchanged",
            Outcome::Failed => "failed",
            Outcome::Refused => "refused",
            Outcome::DryRun => "dry-run",
            Outcome::Read => "read",
        }
    }
}

/// Who is acting: the OS user (the sudo caller when run through sudo) and, for
/// pipelines, the `PGACCT_ACTOR` they name, recorded next to the OS user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub actor: String,
    pub os_user: String,
    pub machine: Option<String>,
}

impl Actor {
    pub fn current() -> Actor {
        let os_user = std::env::var("SUDO_USER")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(os_user_name);
        let actor = std::env::var("PGACCT_ACTOR")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| os_user.clone());
        Actor {
            actor,
            os_user,
            machine: machine_name(),
        }
    }
}

fn os_user_name() -> String {
    // SAFETY: getpwuid returns a pointer into static storage or NULL; we copy the name
    // out at once and pgacct calls this from one thread.
    unsafe {
        let pw = libc::getpwuid(libc::getuid());
        if !pw.is_null() && !(*pw).pw_name.is_null() {
            if let Ok(s) = std::ffi::CStr::from_ptr((*pw).pw_name).to_str() {
                return s.to_string();
            }
        }
    }
    std::env::var("USER").unwrap_or_else(|_| format!("uid:{}", unsafe { libc::getuid() }))
}

fn machine_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: buf is valid for its length; gethostname NUL-terminates on success.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8(buf[..end].to_vec()).ok()
}

/// One row to append. Free-form parts (`steps`, `undo`, `detail`) are JSON.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Record {
    /// For a completion row: the id of its `started` row.
    pub entry_id: Option<i64>,
    pub action: String,
    pub env: Option<String>,
    pub db_name: Option<String>,
    /// `host:port`.
    pub server: Option<String>,
    pub role: Option<String>,
    pub kind: Option<String>,
    pub outcome: Option<Outcome>,
    pub is_read: bool,
    /// The plan's step descriptions (never SQL with a verifier).
    pub steps: Vec<String>,
    /// Error text: SQLSTATE and message.
    pub error: Option<String>,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub duration_ms: Option<i64>,
    /// What `undo` needs to reverse this change.
    pub undo: Option<serde_json::Value>,
    /// The entry this one reverses.
    pub undo_of: Option<i64>,
    pub detail: Option<serde_json::Value>,
}

/// The fields that the hash covers, in a fixed order.
#[derive(Serialize)]
struct Hashed<'a> {
    id: i64,
    entry_id: Option<i64>,
    time: &'a str,
    actor: &'a str,
    os_user: &'a str,
    machine: Option<&'a str>,
    version: &'a str,
    action: &'a str,
    env: Option<&'a str>,
    db_name: Option<&'a str>,
    server: Option<&'a str>,
    role: Option<&'a str>,
    kind: Option<&'a str>,
    outcome: &'a str,
    is_read: bool,
    steps: Option<&'a str>,
    error: Option<&'a str>,
    reason: Option<&'a str>,
    ticket: Option<&'a str>,
    duration_ms: Option<i64>,
    undo: Option<&'a str>,
    undo_of: Option<i64>,
    detail: Option<&'a str>,
    prev_hash: &'a str,
}

/// A stored row, as read back for verification and listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredRow {
    pub id: i64,
    pub entry_id: Option<i64>,
    pub time: String,
    pub actor: String,
    pub os_user: String,
    pub machine: Option<String>,
    pub version: String,
    pub action: String,
    pub env: Option<String>,
    pub db_name: Option<String>,
    pub server: Option<String>,
    pub role: Option<String>,
    pub kind: Option<String>,
    pub outcome: String,
    pub is_read: bool,
    pub steps: Option<String>,
    pub error: Option<String>,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub duration_ms: Option<i64>,
    pub undo: Option<String>,
    pub undo_of: Option<i64>,
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredRow {
    /// The hashed fields of this row, with `id` and `prev_hash` as given.
    fn hashed<'a>(&'a self, id: i64, prev_hash: &'a str) -> Hashed<'a> {
        Hashed {
            id,
            entry_id: self.entry_id,
            time: &self.time,
            actor: &self.actor,
            os_user: &self.os_user,
            machine: self.machine.as_deref(),
            version: &self.version,
            action: &self.action,
            env: self.env.as_deref(),
            db_name: self.db_name.as_deref(),
            server: self.server.as_deref(),
            role: self.role.as_deref(),
            kind: self.kind.as_deref(),
            outcome: &self.outcome,
            is_read: self.is_read,
            steps: self.steps.as_deref(),
            error: self.error.as_deref(),
            reason: self.reason.as_deref(),
            ticket: self.ticket.as_deref(),
            duration_ms: self.duration_ms,
            undo: self.undo.as_deref(),
            undo_of: self.undo_of,
            detail: self.detail.as_deref(),
            prev_hash,
        }
    }

    /// The hash this row should carry, given its content and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        let h = self.hashed(self.id, &self.prev_hash);
        let bytes = serde_json::to_vec(&h).expect("serializing plain fields cannot fail");
        hex::encode(Sha256::digest(&bytes))
    }

    /// The hashed text of this row without its id and previous hash, which the chain's
    /// end decides: `MIDDLE` in `{"id":ID` + `MIDDLE` + `PREV_HASH"}`, the exact bytes
    /// [`StoredRow::compute_hash`] hashes. A PostgreSQL inventory appends a row in one
    /// statement that reads the chain's end under its row lock and hashes
    /// `'{"id":' || id || MIDDLE || prev_hash || '"}'` itself (`pg::PgStore::append_one`),
    /// so that the hash is the one `audit verify` computes.
    pub fn hash_middle(&self) -> String {
        let h = self.hashed(0, "");
        let json = serde_json::to_string(&h).expect("serializing plain fields cannot fail");
        const HEAD: &str = "{\"id\":0";
        const TAIL: &str = "\"}";
        debug_assert!(json.starts_with(HEAD) && json.ends_with("\"prev_hash\":\"\"}"));
        json[HEAD.len()..json.len() - TAIL.len()].to_string()
    }
}

/// The chain's anchor: the number of entries and the last id and hash, kept in
/// `audit_head` and updated in the same transaction as every append.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    pub entries: i64,
    pub last_id: i64,
    pub last_hash: String,
}

/// Read the anchor (None when its row is missing).
pub fn head(conn: &rusqlite::Connection) -> rusqlite::Result<Option<Head>> {
    conn.query_row(
        "SELECT entries, last_id, last_hash FROM audit_head WHERE id = 1",
        [],
        |r| {
            Ok(Head {
                entries: r.get(0)?,
                last_id: r.get(1)?,
                last_hash: r.get(2)?,
            })
        },
    )
    .optional()
}

/// Append `rec` to the chain inside `tx` (which must be IMMEDIATE). Returns the new id.
///
/// The new row chains to the anchor (`audit_head`), not to whatever row is last in the
/// table: if the newest rows were deleted, the next row still carries the id and
/// previous hash of the deleted ones, and `audit verify` reports the gap.
pub fn append(tx: &super::Tx<'_>, actor: &Actor, rec: &Record) -> Result<i64> {
    match tx {
        super::Tx::Sqlite(t) => append_sqlite(t, actor, rec),
        super::Tx::Pg(t) => {
            // The anchor row is locked (FOR UPDATE) until this transaction ends, so that
            // one-statement appends (`PgStore::append_one`) wait for it.
            let (last_id, prev_hash, entries) = t.chain_end()?;
            let row = build_row(actor, rec, last_id, prev_hash);
            let hash = row.compute_hash();
            t.append_row(&row, &hash, entries + 1)?;
            Ok(row.id)
        }
    }
}

fn append_sqlite(tx: &Transaction<'_>, actor: &Actor, rec: &Record) -> Result<i64> {
    let map = |e: rusqlite::Error| {
        let mut err = Error::failed(format!("writing the audit log: {e}"));
        err.hint = super::storage_hint(&e);
        err
    };
    let anchored = head(tx).map_err(map)?;
    let (last_id, prev_hash, entries) = match anchored {
        Some(h) => (h.last_id, h.last_hash, h.entries),
        None => {
            // The anchor row is missing (an inventory written by hand, or tampering that
            // `audit verify` reports). Chain to the last row and put the anchor back.
            let last: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(map)?;
            let count: i64 = tx
                .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
                .map_err(map)?;
            let (id, hash) = last.unwrap_or((0, GENESIS.to_string()));
            (id, hash, count)
        }
    };
    let row = build_row(actor, rec, last_id, prev_hash);
    let hash = row.compute_hash();
    insert_row(tx, &row, &hash).map_err(map)?;
    if row.entry_id.is_none() && row.outcome == Outcome::Started.as_str() {
        tx.execute(
            "INSERT OR IGNORE INTO audit_open (id) VALUES (?1)",
            params![row.id],
        )
        .map_err(map)?;
    } else if let (Some(started), false) = (row.entry_id, row.action == NOTIFY_ACTION) {
        tx.execute("DELETE FROM audit_open WHERE id = ?1", params![started])
            .map_err(map)?;
    }
    tx.execute(
        "INSERT INTO audit_head (id, entries, last_id, last_hash, updated_at) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET entries = excluded.entries, last_id = excluded.last_id,
             last_hash = excluded.last_hash, updated_at = excluded.updated_at",
        params![entries + 1, row.id, hash, row.time],
    )
    .map_err(map)?;
    Ok(row.id)
}

/// The next row of the chain: `rec` by `actor`, after row `last_id` with hash `prev_hash`.
pub(super) fn build_row(actor: &Actor, rec: &Record, last_id: i64, prev_hash: String) -> StoredRow {
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    StoredRow {
        id: last_id + 1,
        entry_id: rec.entry_id,
        time: super::now_rfc3339(),
        actor: actor.actor.clone(),
        os_user: actor.os_user.clone(),
        machine: actor.machine.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        action: rec.action.clone(),
        env: rec.env.clone(),
        db_name: rec.db_name.clone(),
        server: rec.server.clone(),
        role: rec.role.clone(),
        kind: rec.kind.clone(),
        outcome: rec.outcome.unwrap_or(Outcome::Started).as_str().to_string(),
        is_read: rec.is_read,
        steps: if rec.steps.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&rec.steps).expect("strings serialize"))
        },
        error: rec.error.clone(),
        reason: rec.reason.clone(),
        ticket: rec.ticket.clone(),
        duration_ms: rec.duration_ms,
        undo: json(&rec.undo),
        undo_of: rec.undo_of,
        detail: json(&rec.detail),
        prev_hash,
        hash: String::new(),
    }
}

/// Recompute `audit_open` (started rows without a completion) from the log.
pub fn rebuild_open(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DELETE FROM audit_open;
         INSERT INTO audit_open (id)
         SELECT s.id FROM audit_log s
         WHERE s.entry_id IS NULL AND s.outcome = 'started'
           AND NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.entry_id = s.id AND x.action <> 'notify');",
    )
}

/// Insert a fully built row with its hash. Only [`append`] (and benchmarks or tests that
/// build a chain themselves) call this; it does not touch the anchor.
pub fn insert_row(tx: &rusqlite::Connection, row: &StoredRow, hash: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO audit_log (id, entry_id, time, actor, os_user, machine, version, action, env, db_name, server, role, kind, outcome, is_read, steps, error, reason, ticket, duration_ms, undo, undo_of, detail, prev_hash, hash)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)",
        params![
            row.id, row.entry_id, row.time, row.actor, row.os_user, row.machine, row.version,
            row.action, row.env, row.db_name, row.server, row.role, row.kind, row.outcome,
            row.is_read, row.steps, row.error, row.reason, row.ticket, row.duration_ms,
            row.undo, row.undo_of, row.detail, row.prev_hash, hash
        ],
    )?;
    Ok(())
}

impl super::Inventory {
    /// Append one audit row in its own IMMEDIATE transaction: a record written before
    /// acting (a `started` row, a one-shot record), so a failure means nothing was done.
    pub fn record(&mut self, actor: &Actor, rec: &Record) -> Result<i64> {
        self.record_at(actor, rec, None)
    }

    /// [`Inventory::record`]; `after` is the outcome of a server change already made when
    /// this is its completion row, so that a failure says what happened to the server
    /// (from the engine's own knowledge), not "nothing was done".
    fn record_at(&mut self, actor: &Actor, rec: &Record, after: Option<Outcome>) -> Result<i64> {
        let appended = match &mut self.store {
            // One statement, one round trip (see `PgStore::append_one`).
            super::Store::Pg(p) => p.append_one(actor, rec),
            super::Store::Sqlite(_) => self.write(|tx| append(tx, actor, rec)),
        };
        appended.map_err(|e| {
            let what = match after {
                None => "nothing was done, because pgacct records every attempt before acting".to_string(),
                Some(Outcome::Changed) => format!(
                    "the change WAS made on the server{}, but its completion could not be recorded: the audit log shows the attempt as started and unfinished (`pgacct audit list --outcome started`)",
                    rec.role.as_deref().map(|r| format!(" (role {r})")).unwrap_or_default()
                ),
                Some(o) => format!(
                    "nothing was changed on the server (outcome: {}), but that could not be recorded: the audit log shows the attempt as started and unfinished",
                    o.as_str()
                ),
            };
            let storage = e.hint.clone();
            Error {
                message: format!("cannot write the audit record ({}); {what}", e.message),
                ..e
            }
            .hint(match storage {
                Some(h) => format!("{h}; then check the server's state (`pgacct user find`) before running the command again"),
                None => "fix the inventory (file and directory writable by you, disk space) and check the server's state (`pgacct user find`) before running the command again".to_string(),
            })
        })
    }
}

impl super::Inventory {
    /// Write the `started` row of an attempt before touching a server. Refuses (error)
    /// when the inventory can't be written: no change without a record.
    pub fn audit_begin(&mut self, actor: &Actor, rec: &Record) -> Result<i64> {
        let mut r = rec.clone();
        r.outcome = Some(Outcome::Started);
        r.entry_id = None;
        self.record(actor, &r)
    }

    /// Write the completion row of an attempt started with [`audit_begin`].
    pub fn audit_finish(&mut self, actor: &Actor, started: i64, rec: &Record) -> Result<i64> {
        let mut r = rec.clone();
        r.entry_id = Some(started);
        let outcome = r.outcome;
        self.record_at(actor, &r, Some(outcome.unwrap_or(Outcome::Failed)))
    }
}

/// The settings key that turns read-logging off (`pgacct audit reads off`).
pub const READS_SETTING: &str = "audit.reads";

/// Whether reads (`list`, `find`, `check`) are recorded. `PGACCT_AUDIT_READS=on|off`
/// overrides the inventory setting (`pgacct audit reads on|off`); the default is on.
pub fn reads_enabled(inv: &super::Inventory) -> bool {
    if let Ok(v) = std::env::var("PGACCT_AUDIT_READS") {
        if let Some(b) = parse_switch(&v) {
            return b;
        }
    }
    match inv.setting(READS_SETTING) {
        Ok(Some(v)) => parse_switch(&v).unwrap_or(true),
        _ => true,
    }
}

/// `on/off`, `true/false`, `yes/no`, `1/0` (case-insensitive); None for anything else.
pub fn parse_switch(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Some(true),
        "off" | "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

impl super::Inventory {
    /// Record a read (`is_read`, outcome `read` unless the caller set one) when
    /// read-logging is on. Returns the new id, or None when read-logging is off.
    pub fn record_read(&mut self, actor: &Actor, rec: &Record) -> Result<Option<i64>> {
        if !reads_enabled(self) {
            return Ok(None);
        }
        let mut r = rec.clone();
        r.is_read = true;
        if r.outcome.is_none() {
            r.outcome = Some(Outcome::Read);
        }
        self.record(actor, &r).map(Some)
    }
}

/// The columns of a stored row, in [`StoredRow`] order.
pub const ROW_COLUMNS: &str = "id, entry_id, time, actor, os_user, machine, version, action, env, db_name, server, role, kind, outcome, is_read, steps, error, reason, ticket, duration_ms, undo, undo_of, detail, prev_hash, hash";

/// Map a row selected with [`ROW_COLUMNS`].
pub fn row_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRow> {
    Ok(StoredRow {
        id: r.get(0)?,
        entry_id: r.get(1)?,
        time: r.get(2)?,
        actor: r.get(3)?,
        os_user: r.get(4)?,
        machine: r.get(5)?,
        version: r.get(6)?,
        action: r.get(7)?,
        env: r.get(8)?,
        db_name: r.get(9)?,
        server: r.get(10)?,
        role: r.get(11)?,
        kind: r.get(12)?,
        outcome: r.get(13)?,
        is_read: r.get(14)?,
        steps: r.get(15)?,
        error: r.get(16)?,
        reason: r.get(17)?,
        ticket: r.get(18)?,
        duration_ms: r.get(19)?,
        undo: r.get(20)?,
        undo_of: r.get(21)?,
        detail: r.get(22)?,
        prev_hash: r.get(23)?,
        hash: r.get(24)?,
    })
}

/// One stored row by id.
pub fn get(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<StoredRow>> {
    conn.query_row(
        &format!("SELECT {ROW_COLUMNS} FROM audit_log WHERE id = ?1"),
        params![id],
        row_from,
    )
    .optional()
}

/// A local tamper check of one row, cheap enough to run before acting on it (`undo`):
/// its hash matches its content, and the next row (or, for the newest row, the anchor)
/// carries that hash. An edit of the row, or of the row and its hash, fails it. `false`
/// also when the row does not exist.
pub fn row_intact(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<bool> {
    let Some(row) = get(conn, id)? else {
        return Ok(false);
    };
    if row.compute_hash() != row.hash {
        return Ok(false);
    }
    let next: Option<String> = conn
        .query_row(
            "SELECT prev_hash FROM audit_log WHERE id > ?1 ORDER BY id LIMIT 1",
            params![id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match next {
        Some(prev) => prev == row.hash,
        None => head(conn)?.is_some_and(|h| h.last_id == id && h.last_hash == row.hash),
    })
}

/// The rows that point at `id` (its completion and notify-delivery rows), oldest first.
pub fn followers(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Vec<StoredRow>> {
    let mut st = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM audit_log WHERE entry_id = ?1 ORDER BY id"
    ))?;
    let rows = st.query_map(params![id], row_from)?;
    rows.collect()
}

/// The action of the rows that record a failed notification delivery.
pub const NOTIFY_ACTION: &str = "notify";

// ---------------------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------------------

/// What kind of tampering `audit verify` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tamper {
    /// A row's content no longer matches its hash, or a row was changed and re-hashed.
    Edited,
    /// Rows are missing from the middle of the chain.
    Deleted,
    /// The newest rows are missing (the anchor remembers more than the table holds).
    Truncated,
    /// A row was added that pgacct did not write.
    Inserted,
    /// The anchor row itself is missing or disagrees with the chain.
    Anchor,
    /// The chain does not contain the head hash the caller exported earlier.
    Rewritten,
    /// `audit_open` (the index of attempts that started and never completed, which
    /// `audit list --outcome started` reads) disagrees with the chained log: rows were
    /// deleted from it (hiding unfinished attempts) or added to it.
    OpenIndex,
}

/// The result of `audit verify`.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub ok: bool,
    /// Rows in the table.
    pub entries: i64,
    /// The id and hash of the last row (store the hash off-machine; see docs/AUDIT.md).
    pub head_id: i64,
    pub head_hash: String,
    /// The anchor as stored.
    pub anchor: Option<Head>,
    pub first_bad_id: Option<i64>,
    pub tamper: Option<Tamper>,
    pub problem: Option<String>,
    /// With `--expect-head`: the id of the row carrying that hash.
    pub expected_head_id: Option<i64>,
}

/// Record the first problem found (later ones are consequences of it).
fn fail(v: &mut Verification, id: Option<i64>, t: Tamper, msg: String) {
    if v.ok {
        v.ok = false;
        v.first_bad_id = id;
        v.tamper = Some(t);
        v.problem = Some(msg);
    }
}

fn with_id(row: &StoredRow, id: i64) -> String {
    let mut r = row.clone();
    r.id = id;
    r.compute_hash()
}

/// Re-walk the whole chain and check it against the anchor (and, when given, a head hash
/// exported earlier). Stops at the first problem.
pub fn verify(
    conn: &rusqlite::Connection,
    expect_head: Option<&str>,
) -> rusqlite::Result<Verification> {
    let anchor = head(conn)?;
    // audit_open is derived from chained rows (started rows without a completion), so the
    // chain vouches for it: any difference is tampering with the index.
    let has_open: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_open'",
        [],
        |r| r.get(0),
    )?;
    let open = if has_open > 0 {
        let ids = |sql: &str| -> rusqlite::Result<Vec<i64>> {
            let mut st = conn.prepare(sql)?;
            st.query_map([], |r| r.get(0))?.collect()
        };
        let missing = ids(
            "SELECT s.id FROM audit_log s
             WHERE s.entry_id IS NULL AND s.outcome = 'started'
               AND NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.entry_id = s.id AND x.action <> 'notify')
               AND s.id NOT IN (SELECT id FROM audit_open)
             ORDER BY s.id",
        )?;
        let extra = ids(
            "SELECT o.id FROM audit_open o
             WHERE NOT EXISTS (
               SELECT 1 FROM audit_log s
               WHERE s.id = o.id AND s.entry_id IS NULL AND s.outcome = 'started'
                 AND NOT EXISTS (SELECT 1 FROM audit_log x WHERE x.entry_id = s.id AND x.action <> 'notify'))
             ORDER BY o.id",
        )?;
        Some((missing, extra))
    } else {
        None
    };
    let mut st = conn.prepare(&format!("SELECT {ROW_COLUMNS} FROM audit_log ORDER BY id"))?;
    let mut rows = st.query([])?;
    let iter = std::iter::from_fn(|| match rows.next() {
        Ok(Some(r)) => Some(row_from(r)),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    });
    verify_rows(anchor, iter, open, expect_head)
}

/// The walk of [`verify`] over `rows` (the whole log by id), given the anchor and, where
/// the store keeps `audit_open`, the started rows missing from it and the ids it lists
/// that are not unfinished attempts. Shared by the SQLite and PostgreSQL inventories.
pub fn verify_rows<E>(
    anchor: Option<Head>,
    rows: impl Iterator<Item = std::result::Result<StoredRow, E>>,
    open: Option<(Vec<i64>, Vec<i64>)>,
    expect_head: Option<&str>,
) -> std::result::Result<Verification, E> {
    let mut v = Verification {
        ok: true,
        entries: 0,
        head_id: 0,
        head_hash: GENESIS.to_string(),
        anchor: anchor.clone(),
        first_bad_id: None,
        tamper: None,
        problem: None,
        expected_head_id: None,
    };
    let expect = expect_head.map(|h| h.trim().to_ascii_lowercase());
    if expect.as_deref() == Some(GENESIS) {
        v.expected_head_id = Some(0);
    }
    let mut expected_id = 1i64;
    let mut prev = GENESIS.to_string();
    let mut prev_prev: Option<String> = None;
    let mut prev_id = 0i64;
    for row in rows {
        let row = row?;
        v.entries += 1;
        v.head_id = row.id;
        v.head_hash = row.hash.clone();
        if expect.as_deref() == Some(row.hash.as_str()) {
            v.expected_head_id = Some(row.id);
        }
        if !v.ok {
            continue; // keep counting and looking for the expected head
        }
        if let Some(a) = &anchor {
            if row.id > a.last_id {
                fail(
                    &mut v,
                    Some(row.id),
                    Tamper::Inserted,
                    format!(
                        "entry {} is newer than the anchor (last entry {}): it was inserted by something other than pgacct",
                        row.id, a.last_id
                    ),
                );
                continue;
            }
        }
        if row.id != expected_id {
            let msg = if row.id - 1 == expected_id {
                format!("entry {expected_id} is missing: it was deleted")
            } else {
                format!(
                    "entries {expected_id} to {} are missing: they were deleted",
                    row.id - 1
                )
            };
            fail(&mut v, Some(expected_id), Tamper::Deleted, msg);
            continue;
        }
        if row.compute_hash() != row.hash {
            if row.id > 1 && with_id(&row, row.id - 1) == row.hash {
                fail(
                    &mut v,
                    Some(row.id - 1),
                    Tamper::Inserted,
                    format!(
                        "entry {} was inserted: the entries after it were renumbered (entry {} hashes as entry {})",
                        row.id - 1,
                        row.id,
                        row.id - 1
                    ),
                );
            } else if with_id(&row, row.id + 1) == row.hash {
                fail(
                    &mut v,
                    Some(row.id),
                    Tamper::Deleted,
                    format!(
                        "an entry before {} was deleted and the later entries renumbered (entry {} hashes as entry {})",
                        row.id,
                        row.id,
                        row.id + 1
                    ),
                );
            } else {
                fail(
                    &mut v,
                    Some(row.id),
                    Tamper::Edited,
                    format!(
                        "entry {} was edited: its content does not match its hash",
                        row.id
                    ),
                );
            }
            continue;
        }
        if row.prev_hash != prev {
            if prev_prev.as_deref() == Some(row.prev_hash.as_str()) {
                fail(
                    &mut v,
                    Some(prev_id),
                    Tamper::Inserted,
                    format!(
                        "entry {prev_id} was inserted: entry {} chains to the entry before it",
                        row.id
                    ),
                );
            } else if row.id == 1 {
                fail(
                    &mut v,
                    Some(1),
                    Tamper::Edited,
                    "entry 1 does not start the chain: it was replaced".to_string(),
                );
            } else {
                fail(
                    &mut v,
                    Some(prev_id),
                    Tamper::Edited,
                    format!(
                        "entry {prev_id} was edited and re-hashed (or replaced): entry {} chains to a different hash",
                        row.id
                    ),
                );
            }
            continue;
        }
        prev_prev = Some(std::mem::replace(&mut prev, row.hash.clone()));
        prev_id = row.id;
        expected_id = row.id + 1;
    }
    let (head_id, head_hash, entries) = (v.head_id, v.head_hash.clone(), v.entries);
    if v.ok {
        match &anchor {
            None => fail(
                &mut v,
                None,
                Tamper::Anchor,
                "the audit anchor (table audit_head) is missing: the log may have been truncated or replaced".to_string(),
            ),
            Some(a) if a.last_id > head_id => {
                let first = head_id + 1;
                let msg = if first == a.last_id {
                    format!("entry {first} is missing: the newest entry was deleted (the anchor says the log ends at {})", a.last_id)
                } else {
                    format!(
                        "entries {first} to {} are missing: the newest entries were deleted (truncated)",
                        a.last_id
                    )
                };
                fail(&mut v, Some(first), Tamper::Truncated, msg);
            }
            Some(a) if a.last_hash != head_hash => fail(
                &mut v,
                Some(head_id),
                Tamper::Edited,
                format!(
                    "entry {head_id} does not carry the hash the anchor recorded: it was edited and re-hashed"
                ),
            ),
            Some(a) if a.entries != entries => fail(
                &mut v,
                None,
                Tamper::Anchor,
                format!(
                    "the anchor counts {} entries but the log holds {entries}",
                    a.entries
                ),
            ),
            Some(_) => {}
        }
    }
    if let Some((missing, extra)) = open {
        let list = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        if !missing.is_empty() {
            fail(
                &mut v,
                missing.first().copied(),
                Tamper::OpenIndex,
                format!(
                    "audit_open lacks the unfinished attempts {} (started, never completed): rows were deleted from it, which hides them from `audit list --outcome started`",
                    list(&missing)
                ),
            );
        } else if !extra.is_empty() {
            fail(
                &mut v,
                extra.first().copied(),
                Tamper::OpenIndex,
                format!(
                    "audit_open lists {} as unfinished attempts, which the log does not: rows were added to it",
                    list(&extra)
                ),
            );
        }
    }
    if let Some(h) = &expect {
        if v.expected_head_id.is_none() {
            fail(
                &mut v,
                None,
                Tamper::Rewritten,
                format!(
                    "no entry carries the expected head hash {h}: the log was rewritten or truncated since that hash was taken"
                ),
            );
        }
    }
    Ok(v)
}

// ---------------------------------------------------------------------------------------
// Listing: one line per attempt
// ---------------------------------------------------------------------------------------

/// Filters of `audit list`. Times are normalized RFC 3339 UTC (see [`parse_when`]).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub env: Option<String>,
    pub db: Option<String>,
    pub role: Option<String>,
    /// Matches the recorded actor or the OS user.
    pub actor: Option<String>,
    pub action: Option<String>,
    /// The ticket recorded with the attempt (`--ticket`).
    pub ticket: Option<String>,
    /// The final outcome of the attempt (`started` = no completion row).
    pub outcome: Option<String>,
    /// Inclusive lower bound on the attempt's start time.
    pub since: Option<String>,
    /// Exclusive upper bound on the attempt's start time.
    pub until: Option<String>,
    /// At most this many attempts; 0 = all.
    pub limit: u32,
}

/// One attempt: a `started` row merged with its completion row, or a one-shot row.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub id: i64,
    /// The completion row, when the attempt has one.
    pub completion_id: Option<i64>,
    pub time: String,
    pub actor: String,
    pub os_user: String,
    pub machine: Option<String>,
    pub version: String,
    pub action: String,
    pub env: Option<String>,
    pub database: Option<String>,
    pub server: Option<String>,
    pub role: Option<String>,
    pub kind: Option<String>,
    /// From the completion row; `started` when there is none (crash: outcome unknown).
    pub outcome: String,
    pub is_read: bool,
    pub steps: Vec<String>,
    pub error: Option<String>,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub duration_ms: Option<i64>,
    pub finished: Option<String>,
}

/// How far back the clock may step without `audit list --since/--until` missing a row.
pub const CLOCK_SLACK: std::time::Duration = std::time::Duration::from_secs(3600);

/// Above this many rows with the asked-for outcome, `audit list --outcome` walks the log
/// newest first (matches are dense) instead of collecting every match from the index.
pub const DENSE_OUTCOME: i64 = 20_000;

/// The SQL and parameters `audit list` runs for `filter` on `conn` (public so the
/// benchmark can print its query plan).
pub fn list_query(
    conn: &rusqlite::Connection,
    filter: &ListFilter,
) -> rusqlite::Result<(String, Vec<rusqlite::types::Value>)> {
    let dense = match filter.outcome.as_deref() {
        None | Some("started") => false,
        Some(o) => {
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE outcome = ?1 LIMIT ?2)",
                params![o, DENSE_OUTCOME],
                |r| r.get(0),
            )?;
            n >= DENSE_OUTCOME
        }
    };
    Ok(list_sql(filter, dense))
}

/// How `audit list` finds an attempt's completion row `c` (a PostgreSQL inventory puts a
/// LATERAL subquery in its place: see `pg::list_query`).
pub const COMPLETION_JOIN: &str =
    "LEFT JOIN audit_log c ON c.id = (SELECT min(x.id) FROM audit_log x
                                          WHERE x.entry_id = s.id AND x.action <> 'notify')";

/// The SQL and parameters for `filter`, newest first. `dense_outcome`: the outcome asked
/// for is common, so filter while walking rather than collecting its matches first.
pub fn list_sql(filter: &ListFilter, dense_outcome: bool) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut sql = String::from(
        "SELECT s.id, c.id, s.time, s.actor, s.os_user, s.machine, s.version, s.action,
                coalesce(c.env, s.env), coalesce(c.db_name, s.db_name), coalesce(c.server, s.server),
                coalesce(c.role, s.role), coalesce(c.kind, s.kind),
                CASE WHEN s.outcome = 'started' THEN coalesce(c.outcome, 'started') ELSE s.outcome END,
                s.is_read, coalesce(c.steps, s.steps), coalesce(c.error, s.error),
                coalesce(c.reason, s.reason), coalesce(c.ticket, s.ticket),
                coalesce(c.duration_ms, s.duration_ms), c.time
         FROM audit_log s
         ",
    );
    sql.push_str(COMPLETION_JOIN);
    sql.push_str(" WHERE s.entry_id IS NULL");
    let mut p: Vec<Value> = vec![];
    let mut eq = |sql: &mut String, col: &str, v: &Option<String>| {
        if let Some(v) = v {
            p.push(Value::Text(v.clone()));
            sql.push_str(&format!(" AND {col} = ?{}", p.len()));
        }
    };
    eq(&mut sql, "s.env", &filter.env);
    eq(&mut sql, "s.db_name", &filter.db);
    eq(&mut sql, "s.role", &filter.role);
    eq(&mut sql, "s.action", &filter.action);
    eq(&mut sql, "s.ticket", &filter.ticket);
    if let Some(a) = &filter.actor {
        p.push(Value::Text(a.clone()));
        let n = p.len();
        // Both sides walk a partial index; a rare actor costs its matches, not a scan.
        sql.push_str(&format!(
            " AND s.id IN (SELECT a.id FROM audit_log a WHERE a.entry_id IS NULL AND a.actor = ?{n}
                           UNION ALL
                           SELECT a.id FROM audit_log a WHERE a.entry_id IS NULL AND a.os_user = ?{n})"
        ));
    }
    // Time bounds are exact on `s.time`. Because ids grow with time (rows are appended
    // under the write lock, stamped by the clock), each bound also becomes an id bound
    // found through the time index, so the newest-first walk starts and stops near the
    // window instead of scanning the log. The id bounds are widened by CLOCK_SLACK so that
    // a clock stepped back by up to that much loses no row.
    let shift = |t: &str, later: bool| -> Option<String> {
        let t = humantime::parse_rfc3339(t).ok()?;
        let moved = if later {
            t.checked_add(CLOCK_SLACK)?
        } else {
            t.checked_sub(CLOCK_SLACK)?
        };
        // RFC 3339 writes 1970..=9999 only; outside it there is no id bound to add.
        let writable = std::time::UNIX_EPOCH
            ..std::time::UNIX_EPOCH + std::time::Duration::from_secs(253_402_300_800);
        if !writable.contains(&moved) {
            return None;
        }
        Some(humantime::format_rfc3339_millis(moved).to_string())
    };
    if let Some(since) = &filter.since {
        p.push(Value::Text(since.clone()));
        sql.push_str(&format!(" AND s.time >= ?{}", p.len()));
        if let Some(early) = shift(since, false) {
            // Every row up to the last one stamped before `since - slack` was stamped
            // before `since` (the clock never stepped back by more than the slack).
            p.push(Value::Text(early));
            sql.push_str(&format!(
                " AND s.id > coalesce((SELECT t.id FROM audit_log t WHERE t.time < ?{} ORDER BY t.time DESC LIMIT 1), 0)",
                p.len()
            ));
        }
    }
    if let Some(until) = &filter.until {
        p.push(Value::Text(until.clone()));
        sql.push_str(&format!(" AND s.time < ?{}", p.len()));
        if let Some(late) = shift(until, true) {
            // Every row from the first one stamped at or after `until + slack` on was
            // stamped at or after `until`.
            p.push(Value::Text(late));
            sql.push_str(&format!(
                " AND s.id < coalesce((SELECT t.id FROM audit_log t WHERE t.time >= ?{} ORDER BY t.time LIMIT 1), 9223372036854775807)",
                p.len()
            ));
        }
    }
    match filter.outcome.as_deref() {
        None => {}
        Some("started") => {
            // `audit_open` holds the started rows without a completion (kept by `append`);
            // the join re-checks against the log itself.
            sql.push_str(
                " AND s.id IN (SELECT id FROM audit_open) AND s.outcome = 'started' AND c.id IS NULL",
            );
        }
        Some(o) if dense_outcome => {
            p.push(Value::Text(o.to_string()));
            let n = p.len();
            sql.push_str(&format!(
                " AND (CASE WHEN s.outcome = 'started' THEN coalesce(c.outcome, 'started') ELSE s.outcome END) = ?{n}"
            ));
        }
        Some(o) => {
            p.push(Value::Text(o.to_string()));
            let n = p.len();
            // Drive from the outcome index: the attempts whose completion (or one-shot
            // row) has this outcome; cost follows the matches, not the log's size.
            sql.push_str(&format!(
                " AND s.id IN (SELECT coalesce(o.entry_id, o.id) FROM audit_log o
                               WHERE o.outcome = ?{n} AND o.action <> 'notify')
                  AND (CASE WHEN s.outcome = 'started' THEN coalesce(c.outcome, 'started') ELSE s.outcome END) = ?{n}"
            ));
        }
    }
    // 0 = no limit (SQLite's LIMIT -1), for full exports.
    p.push(Value::Integer(if filter.limit == 0 {
        -1
    } else {
        i64::from(filter.limit)
    }));
    sql.push_str(&format!(" ORDER BY s.id DESC LIMIT ?{}", p.len()));
    (sql, p)
}

/// The attempts matching `filter`, newest first.
pub fn list(conn: &rusqlite::Connection, filter: &ListFilter) -> rusqlite::Result<Vec<Attempt>> {
    let mut out = vec![];
    list_each(conn, filter, |a| {
        out.push(a);
        Ok(())
    })
    .map_err(|e| match e {
        ListError::Sql(e) => e,
        ListError::Sink(e) => rusqlite::Error::ToSqlConversionFailure(e.message.into()),
    })?;
    Ok(out)
}

/// Why [`list_each`] stopped: the query, or the sink the rows went to.
#[derive(Debug)]
pub enum ListError {
    Sql(rusqlite::Error),
    Sink(Error),
}

/// Stream the attempts matching `filter`, newest first, to `sink` (for exports that
/// should not hold the whole log in memory).
pub fn list_each(
    conn: &rusqlite::Connection,
    filter: &ListFilter,
    mut sink: impl FnMut(Attempt) -> Result<()>,
) -> std::result::Result<(), ListError> {
    let (sql, p) = list_query(conn, filter).map_err(ListError::Sql)?;
    let mut st = conn.prepare(&sql).map_err(ListError::Sql)?;
    let rows = st
        .query_map(rusqlite::params_from_iter(p), |r| {
            let steps: Option<String> = r.get(15)?;
            Ok(Attempt {
                id: r.get(0)?,
                completion_id: r.get(1)?,
                time: r.get(2)?,
                actor: r.get(3)?,
                os_user: r.get(4)?,
                machine: r.get(5)?,
                version: r.get(6)?,
                action: r.get(7)?,
                env: r.get(8)?,
                database: r.get(9)?,
                server: r.get(10)?,
                role: r.get(11)?,
                kind: r.get(12)?,
                outcome: r.get(13)?,
                is_read: r.get(14)?,
                steps: steps
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default(),
                error: r.get(16)?,
                reason: r.get(17)?,
                ticket: r.get(18)?,
                duration_ms: r.get(19)?,
                finished: r.get(20)?,
            })
        })
        .map_err(ListError::Sql)?;
    for row in rows {
        sink(row.map_err(ListError::Sql)?).map_err(ListError::Sink)?;
    }
    Ok(())
}

/// The attempt that entry `id` belongs to (a started row merged with its completion, or a
/// one-shot row). None for unknown ids and for notify-delivery rows.
pub fn attempt(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Option<Attempt>> {
    attempt_with(&mut |i| get(conn, i), &mut |i| followers(conn, i), id)
}

/// [`attempt`] over any store's row lookups.
#[allow(clippy::type_complexity)]
pub fn attempt_with<E>(
    get: &mut dyn FnMut(i64) -> std::result::Result<Option<StoredRow>, E>,
    followers: &mut dyn FnMut(i64) -> std::result::Result<Vec<StoredRow>, E>,
    id: i64,
) -> std::result::Result<Option<Attempt>, E> {
    let Some(row) = get(id)? else {
        return Ok(None);
    };
    if row.action == NOTIFY_ACTION {
        return Ok(None);
    }
    let root = match row.entry_id {
        Some(started) => match get(started)? {
            Some(r) => r,
            None => row.clone(),
        },
        None => row,
    };
    let completion = if root.outcome == Outcome::Started.as_str() {
        followers(root.id)?
            .into_iter()
            .find(|r| r.action != NOTIFY_ACTION)
    } else {
        None
    };
    let c = completion.as_ref();
    let pick = |a: Option<&Option<String>>, b: &Option<String>| {
        a.and_then(|x| x.clone()).or_else(|| b.clone())
    };
    let steps = pick(c.map(|c| &c.steps), &root.steps);
    Ok(Some(Attempt {
        id: root.id,
        completion_id: c.map(|c| c.id),
        time: root.time.clone(),
        actor: root.actor.clone(),
        os_user: root.os_user.clone(),
        machine: root.machine.clone(),
        version: root.version.clone(),
        action: root.action.clone(),
        env: pick(c.map(|c| &c.env), &root.env),
        database: pick(c.map(|c| &c.db_name), &root.db_name),
        server: pick(c.map(|c| &c.server), &root.server),
        role: pick(c.map(|c| &c.role), &root.role),
        kind: pick(c.map(|c| &c.kind), &root.kind),
        outcome: c
            .map(|c| c.outcome.clone())
            .unwrap_or_else(|| root.outcome.clone()),
        is_read: root.is_read,
        steps: steps
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        error: pick(c.map(|c| &c.error), &root.error),
        reason: pick(c.map(|c| &c.reason), &root.reason),
        ticket: pick(c.map(|c| &c.ticket), &root.ticket),
        duration_ms: c.and_then(|c| c.duration_ms).or(root.duration_ms),
        finished: c.map(|c| c.time.clone()),
    }))
}

/// Turn a `--since`/`--until` value into a normalized RFC 3339 UTC time: a date
/// (`YYYY-MM-DD`, the start of that day for `--since`, the end of it for `--until`), an
/// RFC 3339 UTC time (`2026-11-20T08:00:00Z`, seconds optional), or an age (`7d`,
/// `12h`, `30m`, `2w`) counted back from `now`.
pub fn parse_when(s: &str, until: bool, now: std::time::SystemTime) -> Result<String> {
    let t = s.trim();
    let bad = || {
        Error::usage(format!("cannot read the time {t:?}")).hint(
            "give a date (2026-11-20), an RFC 3339 UTC time (2026-11-20T08:00:00Z) or an age (7d, 12h, 30m)",
        )
    };
    let day = std::time::Duration::from_secs(86_400);
    let is_date = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let time = if is_date {
        let start = humantime::parse_rfc3339(&format!("{t}T00:00:00Z")).map_err(|_| bad())?;
        if until { start + day } else { start }
    } else if t.starts_with(|c: char| c.is_ascii_digit())
        && t.ends_with(|c: char| c.is_ascii_alphabetic())
        && !t.contains('T')
    {
        let age = humantime::parse_duration(t).map_err(|_| bad())?;
        // An age reaching back before 1970 means "from the beginning" (RFC 3339 cannot
        // write such a time, and no entry is older).
        now.checked_sub(age)
            .filter(|t| *t >= std::time::UNIX_EPOCH)
            .unwrap_or(std::time::UNIX_EPOCH)
    } else {
        let with_secs = if t.len() == 17 && t.ends_with('Z') {
            format!("{}:00Z", &t[..16])
        } else {
            t.to_string()
        };
        humantime::parse_rfc3339_weak(&with_secs).map_err(|_| bad())?
    };
    // RFC 3339 writes 1970..=9999 only (the end of 9999-12-31 as --until is past it):
    // clamp, which selects the same entries.
    let last = std::time::UNIX_EPOCH + std::time::Duration::from_secs(253_402_300_799);
    Ok(humantime::format_rfc3339_millis(time.min(last)).to_string())
}

/// The audit log's reads, as commands use them (errors name the inventory).
impl super::Inventory {
    /// The attempt that entry `id` belongs to (see [`attempt`]).
    pub fn attempt(&self, id: i64) -> Result<Option<Attempt>> {
        if let Some(p) = self.pg() {
            return p.attempt(id);
        }
        attempt(self.conn(), id).map_err(|e| self.err(e))
    }

    /// One stored row by id.
    pub fn audit_row(&self, id: i64) -> Result<Option<StoredRow>> {
        if let Some(p) = self.pg() {
            return p.get(id);
        }
        get(self.conn(), id).map_err(|e| self.err(e))
    }

    /// The rows that follow the attempt `id` (its completion, notify rows).
    pub fn audit_followers(&self, id: i64) -> Result<Vec<StoredRow>> {
        if let Some(p) = self.pg() {
            return p.followers(id);
        }
        followers(self.conn(), id).map_err(|e| self.err(e))
    }

    /// True when row `id` still hashes to what was stored.
    pub fn audit_row_intact(&self, id: i64) -> Result<bool> {
        if let Some(p) = self.pg() {
            return p.row_intact(id);
        }
        row_intact(self.conn(), id).map_err(|e| self.err(e))
    }

    /// The attempts matching `filter`, newest first.
    pub fn audit_list(&self, filter: &ListFilter) -> Result<Vec<Attempt>> {
        if self.pg().is_some() {
            let mut out = vec![];
            self.audit_list_each(filter, |a| {
                out.push(a);
                Ok(())
            })?;
            return Ok(out);
        }
        list(self.conn(), filter).map_err(|e| self.err(e))
    }

    /// Stream the attempts matching `filter` to `sink` (see [`list_each`]).
    pub fn audit_list_each(
        &self,
        filter: &ListFilter,
        sink: impl FnMut(Attempt) -> Result<()>,
    ) -> Result<()> {
        if let Some(p) = self.pg() {
            return p.list_each(filter, sink);
        }
        list_each(self.conn(), filter, sink).map_err(|e| match e {
            ListError::Sql(e) => self.err(e),
            ListError::Sink(e) => e,
        })
    }

    /// Re-walk the chain (see [`verify`]).
    pub fn audit_verify(&self, expect_head: Option<&str>) -> Result<Verification> {
        if let Some(p) = self.pg() {
            return p.verify(expect_head);
        }
        verify(self.conn(), expect_head).map_err(|e| self.err(e))
    }
    /// The attempt id of a later entry on the server of row `after` that dropped `role`
    /// or created it anew (for `undo`: after one, that role is not the one undone).
    pub fn audit_later_drop_or_create(&self, after: i64, role: &str) -> Result<Option<i64>> {
        if let Some(p) = self.pg() {
            return p.later_drop_or_create(after, role);
        }
        self.conn()
            .query_row(
                // The attempt's id, as `audit list` shows it.
                "SELECT coalesce(a.entry_id, a.id) FROM audit_log a
                 WHERE a.id > ?1 AND a.role = ?2 AND a.outcome = 'changed'
                   AND a.server = (SELECT server FROM audit_log WHERE id = ?1)
                   AND (a.action IN ('user drop', 'undo user create')
                        OR (a.action = 'user create'
                            AND json_extract(a.undo, '$.created_role') = ?2))
                 ORDER BY a.id DESC LIMIT 1",
                params![after, role],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The attempt id of an earlier undo of the rows `started`/`completion` that changed
    /// something.
    pub fn audit_undone(&self, started: i64, completion: i64) -> Result<Option<i64>> {
        if let Some(p) = self.pg() {
            return p.undone(started, completion);
        }
        self.conn()
            .query_row(
                "SELECT coalesce(entry_id, id) FROM audit_log WHERE undo_of IN (?1, ?2) AND outcome = 'changed'
                 ORDER BY id LIMIT 1",
                params![started, completion],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_when_reads_dates_times_and_ages() {
        let now = humantime::parse_rfc3339("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(
            parse_when("2026-11-20", false, now).unwrap(),
            "2026-11-20T00:00:00.000Z"
        );
        assert_eq!(
            parse_when("2026-11-20", true, now).unwrap(),
            "2026-11-21T00:00:00.000Z"
        );
        assert_eq!(
            parse_when("7d", false, now).unwrap(),
            "2026-11-15T10:00:00.000Z"
        );
        assert_eq!(
            parse_when("12h", false, now).unwrap(),
            "2026-11-21T22:00:00.000Z"
        );
        assert_eq!(
            parse_when("2026-11-20T08:30:00Z", false, now).unwrap(),
            "2026-11-20T08:30:00.000Z"
        );
        assert_eq!(
            parse_when("2026-11-20T08:30Z", false, now).unwrap(),
            "2026-11-20T08:30:00.000Z"
        );
        assert!(parse_when("last tuesday", false, now).is_err());
        assert!(parse_when("2026-13-40", false, now).is_err());
    }

    #[test]
    fn switches_parse_both_ways_and_reject_junk() {
        assert_eq!(parse_switch("OFF"), Some(false));
        assert_eq!(parse_switch("on"), Some(true));
        assert_eq!(parse_switch("0"), Some(false));
        assert_eq!(parse_switch("maybe"), None);
    }

    #[test]
    fn the_hash_covers_the_id_and_the_previous_hash() {
        let row = StoredRow {
            id: 7,
            entry_id: None,
            time: "2026-11-22T10:00:00.000Z".into(),
            actor: "ann".into(),
            os_user: "ann".into(),
            machine: Some("host".into()),
            version: "0.1.0".into(),
            action: "user create".into(),
            env: Some("dev".into()),
            db_name: Some("app".into()),
            server: Some("h:5432".into()),
            role: Some("jsmith".into()),
            kind: Some("devqa".into()),
            outcome: "changed".into(),
            is_read: false,
            steps: None,
            error: None,
            reason: None,
            ticket: None,
            duration_ms: Some(3),
            undo: None,
            undo_of: None,
            detail: None,
            prev_hash: GENESIS.into(),
            hash: String::new(),
        };
        let h = row.compute_hash();
        assert_eq!(h.len(), 64);
        assert_ne!(with_id(&row, 8), h);
        let mut other = row.clone();
        other.prev_hash = "1".repeat(64);
        assert_ne!(other.compute_hash(), h);
        let mut edited = row.clone();
        edited.role = Some("jsmith2".into());
        assert_ne!(edited.compute_hash(), h);
    }
}
