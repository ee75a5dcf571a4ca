//! What every command gets: the global options, the output, and who is acting.

use crate::cli::GlobalArgs;
use crate::error::Result;
use crate::inventory::{Inventory, audit::Actor};
use crate::output::Output;
use std::path::PathBuf;
use std::time::Duration;

pub struct Context {
    pub global: GlobalArgs,
    pub out: Output,
    pub actor: Actor,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Context {
        let out = Output::new(
            global.effective_format(),
            global.quiet,
            global.no_color,
            global.wide,
        );
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
