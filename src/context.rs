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
                "a PostgreSQL inventory (--inventory/PGACCT_INVENTORY as a postgresql:// URI) is not supported by this pgacct yet; nothing was done",
            )
            .hint("pass the path of a SQLite inventory file (the default is <data dir>/pgacct/inventory.db)")),
            Some(p) => Ok(p.clone()),
            None => crate::inventory::default_path(),
        }
    }

    /// Open the inventory for a command that only reads it: read-only when the file
    /// cannot be written (an archived copy), see `Inventory::open_for_reading`.
    pub fn inventory_for_reading(&self) -> Result<Inventory> {
        Inventory::open_for_reading(&self.inventory_path()?)
    }

    /// Open the inventory (creating it on first use).
    pub fn inventory(&self) -> Result<Inventory> {
        Inventory::open(&self.inventory_path()?)
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
