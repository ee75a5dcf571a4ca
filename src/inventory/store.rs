//! The storage operations commands use inside a write transaction ([`StoreTx`]) and
//! outside one (methods on [`Inventory`]): kinds, settings, targets and notification
//! channels. Commands call these and never write SQL of their own, so the SQLite queries
//! live here (and in the other `inventory` modules) only.

use super::targets::{self, NewTarget, Target, TargetKey};
use super::{Inventory, now_rfc3339, sqlite_error};
use crate::error::Result;
use crate::notify::{Channel, ChannelConfig};
use crate::report::CreateEntry;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::path::Path;

/// Call the same [`StoreTx`] method on either store's transaction.
macro_rules! on_tx {
    ($tx:expr, $t:ident => $e:expr) => {
        match $tx {
            super::Tx::Sqlite($t) => $e,
            super::Tx::Pg($t) => $e,
        }
    };
}

impl StoreTx for super::Tx<'_> {
    fn kind_settings(&self, name: &str) -> Result<Option<String>> {
        on_tx!(self, t => t.kind_settings(name))
    }
    fn put_kind(&self, name: &str, settings: &str) -> Result<()> {
        on_tx!(self, t => t.put_kind(name, settings))
    }
    fn delete_kind(&self, name: &str) -> Result<()> {
        on_tx!(self, t => t.delete_kind(name))
    }
    fn setting(&self, key: &str) -> Result<Option<String>> {
        on_tx!(self, t => StoreTx::setting(t, key))
    }
    fn put_setting(&self, key: &str, value: &str) -> Result<()> {
        on_tx!(self, t => t.put_setting(key, value))
    }
    fn delete_setting(&self, key: &str) -> Result<()> {
        on_tx!(self, t => t.delete_setting(key))
    }
    fn target(&self, key: &TargetKey) -> Result<Option<Target>> {
        on_tx!(self, t => StoreTx::target(t, key))
    }
    fn insert_target(&self, nt: &NewTarget, replace: bool) -> Result<Option<Target>> {
        on_tx!(self, t => t.insert_target(nt, replace))
    }
    fn set_target_active(&self, key: &TargetKey, active: bool) -> Result<()> {
        on_tx!(self, t => t.set_target_active(key, active))
    }
    fn update_target(&self, key: &TargetKey, new: &Target, moved: bool) -> Result<()> {
        on_tx!(self, t => t.update_target(key, new, moved))
    }
    fn delete_target(&self, key: &TargetKey) -> Result<()> {
        on_tx!(self, t => t.delete_target(key))
    }
    fn channel(&self, id: i64) -> Result<Option<Channel>> {
        on_tx!(self, t => StoreTx::channel(t, id))
    }
    fn insert_channel(&self, kind: &str, config: &ChannelConfig) -> Result<i64> {
        on_tx!(self, t => t.insert_channel(kind, config))
    }
    fn delete_channel(&self, id: i64) -> Result<Option<Channel>> {
        on_tx!(self, t => t.delete_channel(id))
    }
}

fn fail(conn: &Connection, e: rusqlite::Error) -> crate::error::Error {
    sqlite_error(Path::new(conn.path().unwrap_or("inventory")), e)
}

fn channel_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn to_channel((id, kind, config, created_at): (i64, String, String, String)) -> Channel {
    // A config that no longer parses keeps its channel visible (and removable); its
    // deliveries then fail with a clear error.
    let config = serde_json::from_str(&config).unwrap_or_default();
    Channel {
        id,
        kind,
        config,
        created_at,
    }
}

fn channels_of(conn: &Connection) -> rusqlite::Result<Vec<Channel>> {
    let mut st =
        conn.prepare("SELECT id, kind, config, created_at FROM notify_channels ORDER BY id")?;
    let rows = st.query_map([], channel_from)?;
    rows.map(|r| r.map(to_channel)).collect()
}

fn channel_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<Channel>> {
    conn.query_row(
        "SELECT id, kind, config, created_at FROM notify_channels WHERE id = ?1",
        params![id],
        channel_from,
    )
    .optional()
    .map(|o| o.map(to_channel))
}

fn setting_of(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM settings WHERE key = ?1",
        params![key],
        |r| r.get(0),
    )
    .optional()
}

/// Storage operations inside the write transaction of [`Inventory::write`].
pub trait StoreTx {
    /// The stored settings JSON of kind `name`.
    fn kind_settings(&self, name: &str) -> Result<Option<String>>;
    /// Store (insert or replace) the settings JSON of kind `name`.
    fn put_kind(&self, name: &str, settings: &str) -> Result<()>;
    fn delete_kind(&self, name: &str) -> Result<()>;
    fn setting(&self, key: &str) -> Result<Option<String>>;
    fn put_setting(&self, key: &str, value: &str) -> Result<()>;
    fn delete_setting(&self, key: &str) -> Result<()>;
    /// One target by key, active or not.
    fn target(&self, key: &TargetKey) -> Result<Option<Target>>;
    /// Insert a target (`replace`: overwrite one with the same key); the stored target.
    fn insert_target(&self, t: &NewTarget, replace: bool) -> Result<Option<Target>>;
    fn set_target_active(&self, key: &TargetKey, active: bool) -> Result<()>;
    /// Update the connection settings of a target (`moved`: forget its recorded server
    /// identity, it is another server now).
    fn update_target(&self, key: &TargetKey, new: &Target, moved: bool) -> Result<()>;
    fn delete_target(&self, key: &TargetKey) -> Result<()>;
    fn channel(&self, id: i64) -> Result<Option<Channel>>;
    /// Add a notification channel; its id.
    fn insert_channel(&self, kind: &str, config: &ChannelConfig) -> Result<i64>;
    /// Remove a channel; the removed channel, if any.
    fn delete_channel(&self, id: i64) -> Result<Option<Channel>>;
}

impl StoreTx for Transaction<'_> {
    fn kind_settings(&self, name: &str) -> Result<Option<String>> {
        self.query_row(
            "SELECT settings FROM kinds WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| fail(self, e))
    }

    fn put_kind(&self, name: &str, settings: &str) -> Result<()> {
        self.execute(
            "INSERT INTO kinds (name, settings, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
            params![name, settings, now_rfc3339()],
        )
        .map(drop)
        .map_err(|e| fail(self, e))
    }

    fn delete_kind(&self, name: &str) -> Result<()> {
        self.execute("DELETE FROM kinds WHERE name = ?1", params![name])
            .map(drop)
            .map_err(|e| fail(self, e))
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        setting_of(self, key).map_err(|e| fail(self, e))
    }

    fn put_setting(&self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
        .map(drop)
        .map_err(|e| fail(self, e))
    }

    fn delete_setting(&self, key: &str) -> Result<()> {
        self.execute("DELETE FROM settings WHERE key = ?1", params![key])
            .map(drop)
            .map_err(|e| fail(self, e))
    }

    fn target(&self, key: &TargetKey) -> Result<Option<Target>> {
        targets::get_tx(self, key).map_err(|e| fail(self, e))
    }

    fn insert_target(&self, t: &NewTarget, replace: bool) -> Result<Option<Target>> {
        targets::insert_tx(self, t, replace).map_err(|e| fail(self, e))
    }

    fn set_target_active(&self, key: &TargetKey, active: bool) -> Result<()> {
        self.execute(
            "UPDATE targets SET active = ?3, updated_at = ?4 WHERE env = ?1 AND db_name = ?2",
            params![key.env, key.database, active, now_rfc3339()],
        )
        .map(drop)
        .map_err(|e| fail(self, e))
    }

    fn update_target(&self, key: &TargetKey, new: &Target, moved: bool) -> Result<()> {
        self.execute(
            "UPDATE targets SET host=?3, port=?4, notes=?5, admin_user=?6, sslmode=?7, sslrootcert=?8, sslcert=?9, sslkey=?10, password_command=?11, protected=?12, updated_at=?13, hostaddr=?14, sslmode_explicit=?15 WHERE env=?1 AND db_name=?2",
            params![key.env, key.database, new.host, new.port, new.notes, new.admin_user, new.sslmode.as_str(), new.sslrootcert, new.sslcert, new.sslkey, new.password_command, new.protected, now_rfc3339(), new.hostaddr, new.sslmode_explicit],
        )
        .map_err(|e| fail(self, e))?;
        if moved {
            // Another server: the identity `registry check` recorded no longer applies.
            self.execute(
                "UPDATE targets SET server_identity = NULL WHERE env=?1 AND db_name=?2",
                params![key.env, key.database],
            )
            .map_err(|e| fail(self, e))?;
        }
        Ok(())
    }

    fn delete_target(&self, key: &TargetKey) -> Result<()> {
        self.execute(
            "DELETE FROM targets WHERE env = ?1 AND db_name = ?2",
            params![key.env, key.database],
        )
        .map(drop)
        .map_err(|e| fail(self, e))
    }

    fn channel(&self, id: i64) -> Result<Option<Channel>> {
        channel_of(self, id).map_err(|e| fail(self, e))
    }

    fn insert_channel(&self, kind: &str, config: &ChannelConfig) -> Result<i64> {
        self.execute(
            "INSERT INTO notify_channels (kind, config, created_at) VALUES (?1, ?2, ?3)",
            params![
                kind,
                serde_json::to_string(config).expect("config serializes"),
                now_rfc3339()
            ],
        )
        .map_err(|e| fail(self, e))?;
        Ok(self.last_insert_rowid())
    }

    fn delete_channel(&self, id: i64) -> Result<Option<Channel>> {
        let c = StoreTx::channel(self, id)?;
        if c.is_some() {
            self.execute("DELETE FROM notify_channels WHERE id = ?1", params![id])
                .map_err(|e| fail(self, e))?;
        }
        Ok(c)
    }
}

impl Inventory {
    /// The stored `(name, settings JSON)` rows of the kinds table, by name.
    pub fn stored_kinds(&self) -> Result<Vec<(String, String)>> {
        if let Some(p) = self.pg() {
            return p.stored_kinds();
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT name, settings FROM kinds ORDER BY name")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Every notification channel, by id.
    pub fn channels(&self) -> Result<Vec<Channel>> {
        if let Some(p) = self.pg() {
            return p.channels();
        }
        channels_of(self.conn()).map_err(|e| self.err(e))
    }

    /// One notification channel by id.
    pub fn channel(&self, id: i64) -> Result<Option<Channel>> {
        if let Some(p) = self.pg() {
            return p.channel(id);
        }
        channel_of(self.conn(), id).map_err(|e| self.err(e))
    }

    /// Every completed `user create`, `user revoke` and `undo user revoke` that changed
    /// something, with its attempt's id, time, actor and ticket (for `report`).
    pub fn create_entries(&self) -> Result<Vec<CreateEntry>> {
        if let Some(p) = self.pg() {
            return p.create_entries();
        }
        let mut st = self
            .conn()
            .prepare(
                "SELECT s.id, s.time, s.actor, s.ticket, s.env, s.db_name, s.server, s.role,
                        json_extract(c.undo, '$.created_role'), c.action
                 FROM audit_log c JOIN audit_log s ON s.id = c.entry_id
                 WHERE c.action IN ('user create', 'user revoke', 'undo user revoke')
                   AND c.outcome = 'changed'
                   AND s.env IS NOT NULL AND s.db_name IS NOT NULL AND s.server IS NOT NULL
                   AND s.role IS NOT NULL",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                let role: String = r.get(7)?;
                let created: Option<String> = r.get(8)?;
                Ok(CreateEntry {
                    id: r.get(0)?,
                    action: r.get(9)?,
                    time: r.get(1)?,
                    actor: r.get(2)?,
                    ticket: r.get(3)?,
                    env: r.get(4)?,
                    database: r.get(5)?,
                    server: r.get(6)?,
                    created: created.as_deref() == Some(role.as_str()),
                    role,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// True when channel `channel` was already reminded of `role` on `server` expiring at
    /// `valid_until` within a window of `window_secs`.
    pub fn reminder_sent(
        &self,
        channel: i64,
        server: &str,
        role: &str,
        valid_until: &str,
        window_secs: i64,
    ) -> Result<bool> {
        if let Some(p) = self.pg() {
            return p.reminder_sent(channel, server, role, valid_until, window_secs);
        }
        self.conn()
            .query_row(
                "SELECT count(*) > 0 FROM expiry_reminders WHERE channel_id = ?1
                 AND server = ?2 AND role = ?3 AND valid_until = ?4 AND window_secs = ?5",
                params![channel, server, role, valid_until, window_secs],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Remember the reminders sent to `channel` (audit entry `audit_id`): one
    /// `(server, role, valid_until)` each.
    pub fn record_reminders(
        &mut self,
        channel: i64,
        sent: &[(&str, &str, &str)],
        window_secs: i64,
        audit_id: i64,
    ) -> Result<()> {
        let now = now_rfc3339();
        self.write(|tx| {
            let tx = match tx {
                super::Tx::Pg(t) => {
                    for x in sent {
                        t.record_reminder(channel, *x, window_secs, &now, audit_id)?;
                    }
                    return Ok(());
                }
                super::Tx::Sqlite(t) => t,
            };
            for (server, role, valid_until) in sent {
                tx.execute(
                    "INSERT OR IGNORE INTO expiry_reminders
                     (channel_id, server, role, valid_until, window_secs, sent_at, audit_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        channel,
                        server,
                        role,
                        valid_until,
                        window_secs,
                        now,
                        audit_id
                    ],
                )
                .map_err(|e| fail(tx, e))?;
            }
            Ok(())
        })
    }
}

/// What `inventory info` shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Info {
    /// `sqlite` or `postgresql`.
    pub store: &'static str,
    /// The file, or the URI.
    pub location: String,
    /// The schema version the inventory has.
    pub schema_version: i64,
    /// The schema version this pgacct writes.
    pub current_version: i64,
    pub read_only: bool,
    pub targets: i64,
    pub kinds: i64,
    pub settings: i64,
    pub notify_channels: i64,
    pub audit_rows: i64,
}

impl Inventory {
    /// Which store this is, its schema version and row counts.
    pub fn info(&self) -> Result<Info> {
        if let Some(p) = self.pg() {
            let [targets, kinds, settings, notify_channels, audit_rows] = p.counts()?;
            return Ok(Info {
                store: "postgresql",
                location: p.name().to_string(),
                schema_version: p.schema_version()?,
                current_version: super::pg::VERSION,
                read_only: false,
                targets,
                kinds,
                settings,
                notify_channels,
                audit_rows,
            });
        }
        let conn = self.conn();
        let count = |table: &str| -> Result<i64> {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .map_err(|e| self.err(e))
        };
        Ok(Info {
            store: "sqlite",
            location: self.path().display().to_string(),
            schema_version: conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| self.err(e))?,
            current_version: super::schema::VERSION,
            read_only: self.is_read_only(),
            targets: count("targets")?,
            kinds: count("kinds")?,
            settings: count("settings")?,
            notify_channels: count("notify_channels")?,
            audit_rows: count("audit_log")?,
        })
    }
}
