//! `pgacct inventory copy FROM TO`: targets, kinds, settings, notification channels and
//! the whole audit log from one inventory (SQLite file or PostgreSQL) to another.
//!
//! The audit rows are copied as they are (ids, hashes), so the chain verifies at the
//! destination. The destination's log must be empty or the beginning of the source's (a
//! copy made earlier): then only the newer rows are added, and copying again changes
//! nothing. A source whose chain does not verify is refused.

use super::audit::{self, Head, StoredRow};
use super::targets::{Target, TargetKey};
use super::{Inventory, Tx};
use crate::error::{Error, Result};
use crate::notify::Channel;
use rusqlite::params;
use serde::Serialize;

/// What a copy did (rows added or replaced at the destination, per table).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CopyReport {
    pub from: String,
    pub to: String,
    pub targets: usize,
    pub kinds: usize,
    pub settings: usize,
    pub notify_channels: usize,
    pub audit_rows: usize,
    /// The destination's audit rows after the copy.
    pub audit_total: i64,
    pub changed: bool,
}

impl Inventory {
    /// Every setting, by key.
    pub fn settings_all(&self) -> Result<Vec<(String, String)>> {
        if let Some(p) = self.pg() {
            return Ok(p
                .query("SELECT key, value FROM pgacct.settings ORDER BY key", &[])?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect());
        }
        let mut st = self
            .conn()
            .prepare("SELECT key, value FROM settings ORDER BY key")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The whole audit log, by id.
    pub fn audit_rows(&self) -> Result<Vec<StoredRow>> {
        if let Some(p) = self.pg() {
            return Ok(p
                .query(
                    &format!(
                        "SELECT {} FROM pgacct.audit_log ORDER BY id",
                        audit::ROW_COLUMNS
                    ),
                    &[],
                )?
                .iter()
                .map(super::pg::row_from)
                .collect());
        }
        let mut st = self
            .conn()
            .prepare(&format!(
                "SELECT {} FROM audit_log ORDER BY id",
                audit::ROW_COLUMNS
            ))
            .map_err(|e| self.err(e))?;
        let rows = st.query_map([], audit::row_from).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The audit chain's anchor.
    pub fn audit_head(&self) -> Result<Option<Head>> {
        if let Some(p) = self.pg() {
            return p.head();
        }
        audit::head(self.conn()).map_err(|e| self.err(e))
    }
}

/// A target as compared between inventories: everything but its row id.
fn comparable(t: &Target) -> serde_json::Value {
    let mut v = serde_json::to_value(t).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("id");
    }
    v
}

impl Tx<'_> {
    fn copy_target(&self, t: &Target) -> Result<()> {
        const COLS: &str = "env, db_name, host, port, active, notes, admin_user, sslmode, sslrootcert, sslcert, sslkey, password_command, protected, server_identity, created_at, updated_at, hostaddr, sslmode_explicit, require_auth";
        let set = "host=excluded.host, port=excluded.port, active=excluded.active, notes=excluded.notes, admin_user=excluded.admin_user, sslmode=excluded.sslmode, sslrootcert=excluded.sslrootcert, sslcert=excluded.sslcert, sslkey=excluded.sslkey, password_command=excluded.password_command, protected=excluded.protected, server_identity=excluded.server_identity, created_at=excluded.created_at, updated_at=excluded.updated_at, hostaddr=excluded.hostaddr, sslmode_explicit=excluded.sslmode_explicit, require_auth=excluded.require_auth";
        match self {
            Tx::Sqlite(tx) => tx
                .execute(
                    &format!("INSERT INTO targets ({COLS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19) ON CONFLICT (env, db_name) DO UPDATE SET {set}"),
                    params![t.env, t.database, t.host, t.port, t.active, t.notes, t.admin_user, t.sslmode.as_str(), t.sslrootcert, t.sslcert, t.sslkey, t.password_command, t.protected, t.server_identity, t.created_at, t.updated_at, t.hostaddr, t.sslmode_explicit, t.require_auth],
                )
                .map(drop)
                .map_err(|e| super::sqlite_error(std::path::Path::new(tx.path().unwrap_or("inventory")), e)),
            Tx::Pg(tx) => {
                let port = i32::from(t.port);
                tx.execute(
                    &format!("INSERT INTO pgacct.targets ({COLS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) ON CONFLICT (env, db_name) DO UPDATE SET {set}"),
                    &[&t.env, &t.database, &t.host, &port, &t.active, &t.notes, &t.admin_user, &t.sslmode.as_str(), &t.sslrootcert, &t.sslcert, &t.sslkey, &t.password_command, &t.protected, &t.server_identity, &t.created_at, &t.updated_at, &t.hostaddr, &t.sslmode_explicit, &t.require_auth],
                )
                .map(drop)
            }
        }
    }

    fn copy_channel(&self, c: &Channel, config: &str) -> Result<()> {
        let set =
            "kind = excluded.kind, config = excluded.config, created_at = excluded.created_at";
        match self {
            Tx::Sqlite(tx) => tx
                .execute(
                    &format!("INSERT INTO notify_channels (id, kind, config, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET {set}"),
                    params![c.id, c.kind, config, c.created_at],
                )
                .map(drop)
                .map_err(|e| super::sqlite_error(std::path::Path::new(tx.path().unwrap_or("inventory")), e)),
            Tx::Pg(tx) => {
                tx.execute(
                    &format!("INSERT INTO pgacct.notify_channels (id, kind, config, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET {set}"),
                    &[&c.id, &c.kind, &config, &c.created_at],
                )?;
                // New channels added later get ids after the copied ones.
                tx.execute(
                    "SELECT setval(pg_get_serial_sequence('pgacct.notify_channels', 'id'), (SELECT max(id) FROM pgacct.notify_channels))",
                    &[],
                )
                .map(drop)
            }
        }
    }

    /// Set the anchor to the source's and recompute the unfinished attempts.
    fn finish_audit_copy(&self, h: &Head) -> Result<()> {
        let now = super::now_rfc3339();
        match self {
            Tx::Sqlite(tx) => {
                let fail = |e| {
                    super::sqlite_error(std::path::Path::new(tx.path().unwrap_or("inventory")), e)
                };
                tx.execute(
                    "INSERT INTO audit_head (id, entries, last_id, last_hash, updated_at) VALUES (1, ?1, ?2, ?3, ?4)
                     ON CONFLICT (id) DO UPDATE SET entries = excluded.entries, last_id = excluded.last_id,
                         last_hash = excluded.last_hash, updated_at = excluded.updated_at",
                    params![h.entries, h.last_id, h.last_hash, now],
                )
                .map_err(fail)?;
                audit::rebuild_open(tx).map_err(fail)
            }
            Tx::Pg(tx) => {
                tx.execute(
                    "INSERT INTO pgacct.audit_head (id, entries, last_id, last_hash, updated_at) VALUES (1, $1, $2, $3, $4)
                     ON CONFLICT (id) DO UPDATE SET entries = excluded.entries, last_id = excluded.last_id,
                         last_hash = excluded.last_hash, updated_at = excluded.updated_at",
                    &[&h.entries, &h.last_id, &h.last_hash, &now],
                )?;
                tx.execute("DELETE FROM pgacct.audit_open", &[])?;
                // Statistics for the rows just copied, so that the next `audit list`
                // is planned for the log's size, not an empty table's (the owner only:
                // others would get a warning, and autovacuum does it later anyway).
                tx.execute(
                    "DO $a$ BEGIN
                       IF pg_has_role((SELECT relowner FROM pg_class WHERE oid = 'pgacct.audit_log'::regclass), 'USAGE') THEN
                         ANALYZE pgacct.audit_log;
                       END IF;
                     END $a$",
                    &[],
                )?;
                tx.execute(
                    "INSERT INTO pgacct.audit_open (id)
                     SELECT s.id FROM pgacct.audit_log s
                     WHERE s.entry_id IS NULL AND s.outcome = 'started'
                       AND NOT EXISTS (SELECT 1 FROM pgacct.audit_log x WHERE x.entry_id = s.id AND x.action <> 'notify')",
                    &[],
                )
                .map(drop)
            }
        }
    }
}

/// Copy everything from `src` to `dst` (see the module documentation).
pub fn copy(src: &Inventory, dst: &mut Inventory) -> Result<CopyReport> {
    let mut report = CopyReport {
        from: src.path().display().to_string(),
        to: dst.path().display().to_string(),
        ..CopyReport::default()
    };
    let v = src.audit_verify(None)?;
    if !v.ok {
        return Err(Error::refused(format!(
            "the audit log of {} does not verify ({}); nothing was copied",
            report.from,
            v.problem.unwrap_or_default()
        ))
        .hint(
            "`pgacct audit verify` on the source says where; a copy would carry the damage over",
        ));
    }
    let rows = src.audit_rows()?;
    let have = dst.audit_rows()?;
    let prefix = have.len() <= rows.len()
        && have
            .iter()
            .zip(&rows)
            .all(|(d, s)| d.id == s.id && d.hash == s.hash);
    if !prefix {
        return Err(Error::refused(format!(
            "the audit log of {} is not the beginning of {}'s: copying would merge two histories; nothing was copied",
            report.to, report.from
        ))
        .hint("copy into an empty inventory (a new file, or a database without the pgacct schema)"));
    }
    let head = src.audit_head()?;
    let targets = src.targets(true, None)?;
    let kinds = src.stored_kinds()?;
    let settings = src.settings_all()?;
    let channels = src.channels()?;
    let mut r = report.clone();
    dst.write(|tx| {
        use super::store::StoreTx;
        for t in &targets {
            let key = TargetKey {
                env: t.env.clone(),
                database: t.database.clone(),
            };
            let same = StoreTx::target(tx, &key)?.is_some_and(|d| comparable(&d) == comparable(t));
            if !same {
                tx.copy_target(t)?;
                r.targets += 1;
            }
        }
        for (name, s) in &kinds {
            if tx.kind_settings(name)?.as_deref() != Some(s.as_str()) {
                tx.put_kind(name, s)?;
                r.kinds += 1;
            }
        }
        for (k, v) in &settings {
            if StoreTx::setting(tx, k)?.as_deref() != Some(v.as_str()) {
                tx.put_setting(k, v)?;
                r.settings += 1;
            }
        }
        for c in &channels {
            let config = serde_json::to_string(&c.config).expect("config serializes");
            let same = StoreTx::channel(tx, c.id)?.is_some_and(|d| {
                d.kind == c.kind
                    && d.created_at == c.created_at
                    && serde_json::to_string(&d.config).ok().as_deref() == Some(config.as_str())
            });
            if !same {
                tx.copy_channel(c, &config)?;
                r.notify_channels += 1;
            }
        }
        let new_rows = &rows[have.len()..];
        match tx {
            // One binary COPY (nothing to copy: no statement).
            Tx::Pg(pg) => {
                if !new_rows.is_empty() {
                    pg.copy_rows(new_rows)?;
                }
            }
            // Each row as it is, hash included.
            Tx::Sqlite(t) => {
                for row in new_rows {
                    audit::insert_row(t, row, &row.hash).map_err(|e| {
                        super::sqlite_error(
                            std::path::Path::new(t.path().unwrap_or("inventory")),
                            e,
                        )
                    })?;
                }
            }
        }
        r.audit_rows += new_rows.len();
        if r.audit_rows > 0 {
            if let Some(h) = &head {
                tx.finish_audit_copy(h)?;
            }
        }
        Ok(())
    })?;
    report = r;
    report.audit_total = rows.len() as i64;
    report.changed = report.targets
        + report.kinds
        + report.settings
        + report.notify_channels
        + report.audit_rows
        > 0;
    Ok(report)
}
