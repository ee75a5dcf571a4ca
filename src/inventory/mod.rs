//! The local SQLite inventory: targets (the registry), the audit log, kinds and settings.
//!
//! Opening is safe for many concurrent processes: the file and its directory are created
//! private (0600 / 0700), WAL is switched on (with a warning where the file system can't
//! do it), every write runs in a `BEGIN IMMEDIATE` transaction behind a busy timeout, and
//! schema migrations keyed on `PRAGMA user_version` run inside such a transaction.

pub mod audit;
pub mod copy;
pub mod import;
pub mod pg;
pub mod schema;
pub mod settings;
pub mod store;
pub mod targets;

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's write transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open inventory: a SQLite file, or a PostgreSQL database (`pg`).
pub struct Inventory {
    store: Store,
    /// The file, or the URI of a PostgreSQL inventory (it holds no password), for
    /// messages.
    path: PathBuf,
}

enum Store {
    Sqlite(Connection),
    Pg(Box<pg::PgStore>),
}

/// A write transaction of [`Inventory::write`]: commands use it through
/// [`store::StoreTx`] and [`audit::append`].
pub enum Tx<'a> {
    Sqlite(Transaction<'a>),
    Pg(pg::PgTx<'a>),
}

/// True when this process may create files in `dir` (SQLite's WAL and shared-memory
/// files live next to the inventory).
fn dir_writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a NUL-terminated path; access has no other preconditions.
    unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

/// True when `--inventory`/`PGACCT_INVENTORY` names a PostgreSQL server
/// (`postgresql://` or `postgres://`) rather than a SQLite file. Never shown: such a URI
/// may hold a password.
pub fn is_server_uri(p: &Path) -> bool {
    let s = p.to_string_lossy().to_ascii_lowercase();
    s.starts_with("postgresql://") || s.starts_with("postgres://")
}

/// The default inventory path: `<data dir>/pgacct/inventory.db`.
pub fn default_path() -> Result<PathBuf> {
    let base = dirs::data_dir().ok_or_else(|| {
        Error::usage("cannot find a data directory for the inventory (no HOME?)")
            .hint("pass --inventory PATH or set PGACCT_INVENTORY")
    })?;
    Ok(base.join("pgacct").join("inventory.db"))
}

impl Inventory {
    /// Open (creating if needed) the inventory at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Inventory> {
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            Error::failed(format!(
                "cannot {what} the inventory {}: {e}",
                path.display()
            ))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir)
                    .map_err(|e| fail("create the directory of", &e))?;
            }
        }
        if !path.exists() {
            // Create the file ourselves so that it is private from its first byte.
            OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .open(path)
                .map_err(|e| fail("create", &e))?;
        } else if path.is_dir() {
            return Err(Error::usage(format!(
                "the inventory path {} is a directory",
                path.display()
            ))
            .hint("pass the path of a file with --inventory"));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail("open", &e))?;
        let mut inv = Inventory {
            store: Store::Sqlite(conn),
            path: path.to_path_buf(),
        };
        inv.configure()?;
        inv.migrate()?;
        Ok(inv)
    }

    /// Open the inventory for a command that only reads it (`audit verify`, `audit list`,
    /// `audit show`, `registry list`/`show`): as [`Inventory::open`] when the file can
    /// be written; when it cannot (an archived 0444 copy, a read-only mount), read-only
    /// and as it is (`immutable`: no WAL index needed, no migration). A file that does
    /// not exist is not created.
    pub fn open_for_reading(path: &Path) -> Result<Inventory> {
        if !path.exists() {
            return Inventory::open(path);
        }
        let writable = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .is_ok()
            && path
                .parent()
                .map(|d| {
                    if d.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        d
                    }
                })
                .is_some_and(dir_writable);
        if writable {
            return Inventory::open(path);
        }
        let mut uri = String::from("file:");
        for b in path.to_string_lossy().bytes() {
            match b {
                b'%' | b'?' | b'#' => uri.push_str(&format!("%{b:02X}")),
                _ => uri.push(b as char),
            }
        }
        uri.push_str("?mode=ro&immutable=1");
        let conn = Connection::open_with_flags(
            &uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            Error::failed(format!(
                "cannot open the inventory {} (read-only): {e}",
                path.display()
            ))
        })?;
        let inv = Inventory {
            store: Store::Sqlite(conn),
            path: path.to_path_buf(),
        };
        // A file that is not an inventory fails here rather than later.
        inv.conn()
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| inv.err(e))?;
        Ok(inv)
    }

    /// Open the PostgreSQL inventory at `uri` (see [`pg`]): connect, and create or
    /// migrate its schema on first use.
    pub fn open_server(uri: &str, settings: &crate::target::ConnectSettings) -> Result<Inventory> {
        let store = pg::PgStore::open(uri, settings)?;
        Ok(Inventory {
            store: Store::Pg(Box::new(store)),
            path: PathBuf::from(uri),
        })
    }

    /// The PostgreSQL store, when this inventory is one.
    pub fn pg(&self) -> Option<&pg::PgStore> {
        match &self.store {
            Store::Pg(p) => Some(p),
            Store::Sqlite(_) => None,
        }
    }

    /// `sqlite` or `postgresql`.
    pub fn kind(&self) -> &'static str {
        match &self.store {
            Store::Pg(_) => "postgresql",
            Store::Sqlite(_) => "sqlite",
        }
    }

    /// True when this inventory was opened read-only ([`Inventory::open_for_reading`]).
    pub fn is_read_only(&self) -> bool {
        if self.pg().is_some() {
            return false;
        }
        self.conn()
            .is_readonly(rusqlite::DatabaseName::Main)
            .unwrap_or(false)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Map a SQLite error to one that names the inventory file and says what to do.
    pub fn err(&self, e: rusqlite::Error) -> Error {
        sqlite_error(&self.path, e)
    }

    fn configure(&mut self) -> Result<()> {
        self.conn()
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.err(e))?;
        // Turning a new inventory to WAL takes an exclusive lock. Two processes creating
        // the file at once both hold a read lock and want it: SQLite reports the loser
        // busy at once instead of waiting (deadlock avoidance), so wait and try again
        // here, within the busy timeout. (An inventory already in WAL needs no lock.)
        let since = std::time::Instant::now();
        let mode: String = loop {
            match self
                .conn()
                .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            {
                Ok(m) => break m,
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::DatabaseBusy
                        && since.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(e) => return Err(self.err(e)),
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            eprintln!(
                "warning: the inventory {} cannot use WAL (journal mode is {mode}); concurrent pgacct runs will wait for each other",
                self.path.display()
            );
        }
        self.conn()
            .execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
            .map_err(|e| self.err(e))?;
        if self
            .conn()
            .is_readonly(rusqlite::DatabaseName::Main)
            .unwrap_or(false)
        {
            return Err(Error::failed(format!(
                "the inventory {} is read-only",
                self.path.display()
            ))
            .hint("nothing was done: pgacct records every attempt in its inventory before acting; fix the file's permissions or pass another --inventory"));
        }
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let current: i64 = self
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if current == schema::VERSION {
            return Ok(());
        }
        if current > schema::VERSION {
            return Err(Error::failed(format!(
                "the inventory {} has schema version {current}, newer than this pgacct knows ({})",
                self.path.display(),
                schema::VERSION
            ))
            .hint("upgrade pgacct"));
        }
        self.write_sqlite(schema::migrate)
    }

    /// Run `f` in a write transaction and commit it: `BEGIN IMMEDIATE` on SQLite; on
    /// PostgreSQL a transaction that first takes the inventory's advisory write lock.
    /// Either way writes from every process take turns.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        match &mut self.store {
            Store::Pg(p) => p.write(f),
            Store::Sqlite(conn) => {
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(|e| sqlite_error(&path, e))?;
                let tx = Tx::Sqlite(tx);
                let out = f(&tx)?;
                if let Tx::Sqlite(tx) = tx {
                    tx.commit().map_err(|e| sqlite_error(&path, e))?;
                }
                Ok(out)
            }
        }
    }

    /// Run `f` in a `BEGIN IMMEDIATE` transaction of a SQLite inventory (migrations,
    /// benchmarks that build a log row by row).
    pub fn write_sqlite<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let Store::Sqlite(conn) = &mut self.store else {
            return Err(Error::failed(format!(
                "the inventory {} is not a SQLite file",
                path.display()
            )));
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| sqlite_error(&path, e))?;
        let out = f(&tx)?;
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(out)
    }

    /// Wait up to `d` for another process's write transaction (default 30 s). For
    /// writes that hold the inventory while doing slow work (starting a sandbox cluster).
    pub fn set_busy_timeout(&self, d: Duration) -> Result<()> {
        if self.pg().is_some() {
            return Ok(());
        }
        self.conn().busy_timeout(d).map_err(|e| self.err(e))
    }

    /// The SQLite connection, for reads inside this module, tests and benchmarks.
    /// Panics on a PostgreSQL inventory: every caller in `inventory` checks
    /// [`Inventory::pg`] first.
    pub fn conn(&self) -> &Connection {
        match &self.store {
            Store::Sqlite(c) => c,
            Store::Pg(_) => panic!("the SQLite connection of a PostgreSQL inventory"),
        }
    }
}

/// Turn a SQLite error into a pgacct error naming the file.
/// What to do about a storage failure of the inventory: a full disk (SQLITE_FULL, or an
/// I/O error, which is how a full disk often shows while a file grows).
pub fn storage_hint(e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode;
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::DiskFull => Some(
            "the disk holding the inventory is full: free space on it (`df` on the inventory's directory), then run the command again".into(),
        ),
        rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::SystemIoFailure => Some(
            "an I/O error writing the inventory: the disk holding it may be full (check with `df` on its directory) or failing".into(),
        ),
        _ => None,
    }
}

pub fn sqlite_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let p = path.display();
    if let rusqlite::Error::SqliteFailure(f, _) = &e {
        match f.code {
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                return Error::failed(format!("the inventory {p} is not a valid pgacct inventory: {e}"))
                    .hint("restore it from a backup, or move it away and start a new one with --inventory");
            }
            ErrorCode::ReadOnly => {
                return Error::failed(format!("the inventory {p} is read-only: {e}"))
                    .hint("nothing was done: pgacct records every attempt in its inventory before acting; fix the file's permissions or pass another --inventory");
            }
            ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                return Error::failed(format!("cannot open the inventory {p}: {e}")).hint(
                    "check the file and its directory exist and are readable and writable by you",
                );
            }
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return Error::failed(format!(
                    "the inventory {p} stayed locked by another process: {e}"
                ))
                .hint("another pgacct run is holding the inventory; try again");
            }
            _ => {}
        }
    }
    let hint = storage_hint(&e);
    let mut err = Error::failed(format!("inventory {p}: {e}"));
    err.hint = hint;
    err
}

/// Now, as RFC 3339 UTC with milliseconds.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_gets_a_hint_that_says_so() {
        for code in [rusqlite::ffi::SQLITE_FULL, rusqlite::ffi::SQLITE_IOERR] {
            let e = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
            let err = sqlite_error(Path::new("/x/inventory.db"), e);
            assert!(
                err.hint.as_deref().unwrap_or("").contains("full"),
                "{err:?}"
            );
        }
    }
}
