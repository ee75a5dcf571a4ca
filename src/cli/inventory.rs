//! `pgacct inventory ...`: the inventory itself (which store, its schema, its size).

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Say which inventory is in use, its schema version and how many rows it holds.
    ///
    /// Prints the store (sqlite), where it is, the schema version it has and the one this
    /// pgacct writes, and the number of targets, kinds, settings, notification channels
    /// and audit rows. Opens the inventory as `audit list` does (an archived read-only
    /// copy is read as it is); changes nothing.
    #[command(after_help = "Examples:\n  pgacct inventory info\n  pgacct --json inventory info")]
    Info,
}
