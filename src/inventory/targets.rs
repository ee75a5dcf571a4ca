//! Targets: env + database name -> how to reach and administer that database.

use super::{Inventory, now_rfc3339, sqlite_error};
use crate::error::{Error, Result};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// TLS mode with libpq's names and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SslMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => {
                return Err(Error::usage(format!("sslmode: unknown mode {s:?}"))
                    .hint("use one of disable, allow, prefer, require, verify-ca, verify-full"));
            }
        })
    }
}

/// A registered target database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub id: i64,
    pub env: String,
    pub database: String,
    pub host: String,
    pub port: u16,
    pub active: bool,
    pub notes: Option<String>,
    pub admin_user: Option<String>,
    /// The stored mode (`prefer` when none was given).
    pub sslmode: SslMode,
    /// False when no sslmode was given at registration: `PGSSLMODE` then applies.
    pub sslmode_explicit: bool,
    pub sslrootcert: Option<String>,
    pub sslcert: Option<String>,
    pub sslkey: Option<String>,
    pub password_command: Option<String>,
    /// IP address to connect to instead of resolving `host` (TLS still verifies `host`).
    pub hostaddr: Option<String>,
    /// The authentication methods the admin password may be answered with, as libpq's
    /// `require_auth` (e.g. `scram-sha-256,password`); None: SCRAM, or any method over
    /// verify-full TLS (`target::require_auth`).
    pub require_auth: Option<String>,
    pub protected: bool,
    pub server_identity: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Target {
    /// `env/db`, as users name targets.
    pub fn name(&self) -> String {
        format!("{}/{}", self.env, self.database)
    }
    /// True when `host` is a Unix socket directory.
    pub fn is_socket(&self) -> bool {
        self.host.starts_with('/')
    }
    /// `host:port`, as error messages name servers.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// What `registry add` writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTarget {
    pub env: String,
    pub database: String,
    pub host: String,
    pub port: u16,
    pub active: bool,
    pub notes: Option<String>,
    pub admin_user: Option<String>,
    pub sslmode: Option<SslMode>,
    pub sslrootcert: Option<String>,
    pub sslcert: Option<String>,
    pub sslkey: Option<String>,
    pub password_command: Option<String>,
    pub hostaddr: Option<String>,
    pub require_auth: Option<String>,
    pub protected: bool,
}

/// A target reference `ENV/DB`, parsed and validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TargetKey {
    pub env: String,
    pub database: String,
}

impl fmt::Display for TargetKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.env, self.database)
    }
}

impl FromStr for TargetKey {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let (env, db) = s.split_once('/').ok_or_else(|| {
            Error::usage(format!("target: {s:?} is not of the form ENV/DB"))
                .hint("name a target as ENV/DB, e.g. dev/app; `pgacct registry list` shows them")
        })?;
        validate_env(env)?;
        validate_database(db)?;
        Ok(TargetKey {
            env: env.to_string(),
            database: db.to_string(),
        })
    }
}

/// env: `[a-z][a-z0-9_-]{0,31}`.
pub fn validate_env(env: &str) -> Result<()> {
    let mut chars = env.chars();
    let ok = matches!(chars.next(), Some('a'..='z'))
        && env.len() <= 32
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!("env: {env:?} is not a valid environment name"))
            .hint("an env is a lowercase letter followed by up to 31 of a-z, 0-9, _ and -, e.g. dev, qa, uat, prod"))
    }
}

/// A PostgreSQL database name: 1 to 63 bytes, no NUL, no control characters.
pub fn validate_database(db: &str) -> Result<()> {
    if db.is_empty() {
        return Err(Error::usage("db: the database name is empty"));
    }
    if db.len() > 63 {
        return Err(Error::usage(format!(
            "db: database name {db:?} is {} bytes; PostgreSQL allows at most 63",
            db.len()
        )));
    }
    if db.chars().any(|c| c.is_control()) {
        return Err(Error::usage(format!(
            "db: database name {db:?} contains control characters"
        )));
    }
    Ok(())
}

/// host: a DNS name, an IPv4/IPv6 address, or an absolute Unix socket directory.
pub fn validate_host(host: &str) -> Result<()> {
    if host.starts_with('/') {
        if host.chars().any(|c| c.is_control()) {
            return Err(Error::usage(
                "host: socket directory contains control characters",
            ));
        }
        return Ok(());
    }
    let ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
        && !host.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!("host: {host:?} is not a host name, IP address or socket directory"))
            .hint("give a DNS name (pg-dev-01.example.com), an IP address (10.0.0.5, ::1) or an absolute socket directory (/var/run/postgresql)"))
    }
}

/// port: 1..=65535.
pub fn validate_port(port: u32) -> Result<u16> {
    match u16::try_from(port) {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(Error::usage(format!(
            "port: {port} is out of range 1-65535"
        ))),
    }
}

const COLUMNS: &str = "id, env, db_name, host, port, active, notes, admin_user, sslmode, sslrootcert, sslcert, sslkey, password_command, protected, server_identity, created_at, updated_at, hostaddr, sslmode_explicit, require_auth";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Target> {
    let sslmode: String = r.get(8)?;
    let port: i64 = r.get(4)?;
    Ok(Target {
        id: r.get(0)?,
        env: r.get(1)?,
        database: r.get(2)?,
        host: r.get(3)?,
        port: u16::try_from(port).unwrap_or(5432),
        active: r.get(5)?,
        notes: r.get(6)?,
        admin_user: r.get(7)?,
        sslmode: sslmode.parse().unwrap_or(SslMode::Prefer),
        sslmode_explicit: r.get(18)?,
        sslrootcert: r.get(9)?,
        sslcert: r.get(10)?,
        sslkey: r.get(11)?,
        password_command: r.get(12)?,
        hostaddr: r.get(17)?,
        require_auth: r.get(19)?,
        protected: r.get(13)?,
        server_identity: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

/// Look up a target inside a transaction.
pub fn get_tx(tx: &Transaction<'_>, key: &TargetKey) -> rusqlite::Result<Option<Target>> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM targets WHERE env = ?1 AND db_name = ?2"),
        params![key.env, key.database],
        from_row,
    )
    .optional()
}

/// Insert a target; `replace` overwrites an existing one with the same key. Returns the
/// stored target and whether it replaced one.
pub fn insert_tx(
    tx: &Transaction<'_>,
    t: &NewTarget,
    replace: bool,
) -> rusqlite::Result<Option<Target>> {
    let now = now_rfc3339();
    let key = TargetKey {
        env: t.env.clone(),
        database: t.database.clone(),
    };
    let sslmode = t.sslmode.unwrap_or(SslMode::Prefer).as_str();
    let explicit = t.sslmode.is_some();
    if replace && get_tx(tx, &key)?.is_some() {
        tx.execute(
            "UPDATE targets SET host=?3, port=?4, active=?5, notes=?6, admin_user=?7, sslmode=?8, sslrootcert=?9, sslcert=?10, sslkey=?11, password_command=?12, protected=?13, server_identity=NULL, updated_at=?14, hostaddr=?15, sslmode_explicit=?16, require_auth=?17 WHERE env=?1 AND db_name=?2",
            params![t.env, t.database, t.host, t.port, t.active, t.notes, t.admin_user, sslmode, t.sslrootcert, t.sslcert, t.sslkey, t.password_command, t.protected, now, t.hostaddr, explicit, t.require_auth],
        )?;
    } else {
        tx.execute(
            "INSERT INTO targets (env, db_name, host, port, active, notes, admin_user, sslmode, sslrootcert, sslcert, sslkey, password_command, protected, created_at, updated_at, hostaddr, sslmode_explicit, require_auth) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?14,?15,?16,?17)",
            params![t.env, t.database, t.host, t.port, t.active, t.notes, t.admin_user, sslmode, t.sslrootcert, t.sslcert, t.sslkey, t.password_command, t.protected, now, t.hostaddr, explicit, t.require_auth],
        )?;
    }
    get_tx(tx, &key)
}

impl Inventory {
    /// One target by key, active or not.
    pub fn target(&self, key: &TargetKey) -> Result<Option<Target>> {
        if let Some(p) = self.pg() {
            return p.target(key);
        }
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM targets WHERE env = ?1 AND db_name = ?2"),
                params![key.env, key.database],
                from_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// One target by key, or a not-found error that lists the closest entries.
    pub fn require_target(&self, key: &TargetKey) -> Result<Target> {
        if let Some(t) = self.target(key)? {
            return Ok(t);
        }
        let all = self.targets(true, None)?;
        let mut near: Vec<String> = all
            .iter()
            .filter(|t| t.env == key.env || t.database == key.database)
            .map(|t| t.name())
            .collect();
        near.truncate(5);
        let hint = if near.is_empty() {
            "`pgacct registry list --all` shows the registered targets; `pgacct registry add` registers one".to_string()
        } else {
            format!("did you mean: {}?", near.join(", "))
        };
        Err(Error::not_found(format!("no target {key} in the inventory")).hint(hint))
    }

    /// Targets ordered by env and database; inactive ones only with `all`.
    pub fn targets(&self, all: bool, env: Option<&str>) -> Result<Vec<Target>> {
        if let Some(p) = self.pg() {
            return p.targets(all, env);
        }
        let mut stmt = self
            .conn()
            .prepare(&format!(
                "SELECT {COLUMNS} FROM targets WHERE (?1 OR active = 1) AND (?2 IS NULL OR env = ?2) ORDER BY env, db_name"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![all, env], from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Store the server identity seen at a check.
    pub fn set_server_identity(&mut self, key: &TargetKey, identity: &str) -> Result<()> {
        let path = self.path().to_path_buf();
        self.write(|tx| {
            let tx = match tx {
                super::Tx::Pg(t) => return t.set_server_identity(key, identity),
                super::Tx::Sqlite(t) => t,
            };
            tx.execute(
                "UPDATE targets SET server_identity = ?3 WHERE env = ?1 AND db_name = ?2",
                params![key.env, key.database, identity],
            )
            .map_err(|e| sqlite_error(&path, e))?;
            Ok(())
        })
    }
}
