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
    /// The hash this row should carry, given its content and `prev_hash`.
    pub fn compute_hash(&self) -> String {
        let h = Hashed {
            id: self.id,
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
            prev_hash: &self.prev_hash,
        };
        let bytes = serde_json::to_vec(&h).expect("serializing plain fields cannot fail");
        hex::encode(Sha256::digest(&bytes))
    }
}

/// Append `rec` to the chain inside `tx` (which must be IMMEDIATE). Returns the new id.
pub fn append(tx: &Transaction<'_>, actor: &Actor, rec: &Record) -> Result<i64> {
    let map = |e: rusqlite::Error| Error::failed(format!("writing the audit log: {e}"));
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(map)?;
    let (last_id, prev_hash) = last.unwrap_or((0, GENESIS.to_string()));
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    let row = StoredRow {
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
    };
    let hash = row.compute_hash();
    tx.execute(
        "INSERT INTO audit_log (id, entry_id, time, actor, os_user, machine, version, action, env, db_name, server, role, kind, outcome, is_read, steps, error, reason, ticket, duration_ms, undo, undo_of, detail, prev_hash, hash)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)",
        params![
            row.id, row.entry_id, row.time, row.actor, row.os_user, row.machine, row.version,
            row.action, row.env, row.db_name, row.server, row.role, row.kind, row.outcome,
            row.is_read, row.steps, row.error, row.reason, row.ticket, row.duration_ms,
            row.undo, row.undo_of, row.detail, row.prev_hash, hash
        ],
    )
    .map_err(map)?;
    Ok(row.id)
}

impl super::Inventory {
    /// Append one audit row in its own IMMEDIATE transaction.
    pub fn record(&mut self, actor: &Actor, rec: &Record) -> Result<i64> {
        self.write(|tx| append(tx, actor, rec)).map_err(|e| {
            e.hint("pgacct records every attempt before acting; fix the inventory (permissions, disk space) and try again")
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
        self.record(actor, &r)
    }
}
