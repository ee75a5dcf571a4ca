//! What every command gets: the global options, the output, and who is acting.

use crate::error::Result;
use crate::inventory::{Inventory, audit::Actor};
use crate::output::{Format, Output};
use std::path::PathBuf;
use std::time::Duration;

/// The global options every command gets, as the library's own type: `cli` builds it
/// from clap's `GlobalArgs` at the edge, so nothing below `commands/` sees clap.
#[derive(Debug, Clone)]
pub struct Globals {
    /// `--inventory`: a SQLite file or a postgresql:// URI; None for the default file.
    pub inventory: Option<PathBuf>,
    /// `--format`/`--json`, resolved.
    pub format: Format,
    pub quiet: bool,
    pub no_color: bool,
    pub wide: bool,
    /// Seconds.
    pub connect_timeout: u64,
    /// Seconds.
    pub lock_timeout: u64,
    /// Seconds; 0 for no limit.
    pub statement_timeout: u64,
    pub allow_md5_password: bool,
}

pub struct Context {
    pub global: Globals,
    pub out: Output,
    pub actor: Actor,
}

impl Context {
    pub fn new(global: impl Into<Globals>) -> Context {
        let global: Globals = global.into();
        let out = Output::new(global.format, global.quiet, global.no_color, global.wide);
        crate::secret::allow_md5_passwords(global.allow_md5_password);
        Context {
            global,
            out,
            actor: Actor::current(),
        }
    }

    pub fn inventory_path(&self) -> Result<PathBuf> {
        match &self.global.inventory {
            Some(p) if crate::inventory::is_server_uri(p) => Err(crate::error::Error::usage(
                "the inventory is a PostgreSQL database, not a file",
            )),
            Some(p) => Ok(p.clone()),
            None => crate::inventory::default_path(),
        }
    }

    /// Open the inventory for a command that only reads it: read-only when the file
    /// cannot be written (an archived copy), see `Inventory::open_for_reading`.
    pub fn inventory_for_reading(&self) -> Result<Inventory> {
        if let Some(uri) = self.inventory_uri() {
            return self.open_server(&uri);
        }
        Inventory::open_for_reading(&self.inventory_path()?)
    }

    /// Open the inventory (creating it, or its schema in a PostgreSQL database, on first
    /// use).
    pub fn inventory(&self) -> Result<Inventory> {
        if let Some(uri) = self.inventory_uri() {
            return self.open_server(&uri);
        }
        Inventory::open(&self.inventory_path()?)
    }

    /// The PostgreSQL URI `--inventory`/`PGACCT_INVENTORY` gives, if it gives one.
    pub fn inventory_uri(&self) -> Option<String> {
        self.global
            .inventory
            .as_deref()
            .filter(|p| crate::inventory::is_server_uri(p))
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// Open the inventory `at` (a SQLite file or a postgresql:// URI), for reading only
    /// or not (`inventory copy`).
    pub fn open_inventory_at(&self, at: &str, for_reading: bool) -> Result<Inventory> {
        let p = std::path::Path::new(at);
        if crate::inventory::is_server_uri(p) {
            self.open_server(at)
        } else if for_reading {
            Inventory::open_for_reading(p)
        } else {
            Inventory::open(p)
        }
    }

    fn open_server(&self, uri: &str) -> Result<Inventory> {
        Inventory::open_server(uri, &crate::target::ConnectSettings::from_context(self))
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.global.connect_timeout)
    }
    pub fn lock_timeout(&self) -> Duration {
        Duration::from_secs(self.global.lock_timeout)
    }
    pub fn statement_timeout(&self) -> Duration {
        Duration::from_secs(self.global.statement_timeout)
    }
}
