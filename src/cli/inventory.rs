//! `pgacct inventory ...`: the inventory itself (which store, its schema, its size),
//! copying it between SQLite and PostgreSQL, and the SQL that sets up a shared one.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum InventoryCommand {
    /// Say which inventory is in use, its schema version and how many rows it holds.
    ///
    /// Prints the store (sqlite or postgresql), where it is, the schema version it has and the one this
    /// pgacct writes, and the number of targets, kinds, settings, notification channels
    /// and audit rows. Opens the inventory as `audit list` does (an archived read-only
    /// copy is read as it is); changes nothing.
    #[command(after_help = "Examples:\n  pgacct inventory info\n  pgacct --json inventory info")]
    Info,

    /// Copy one inventory into another (SQLite file or PostgreSQL URI, either way).
    ///
    /// Copies the targets, kinds, settings, notification channels and the whole audit log
    /// (rows as they are, so `audit verify` holds at the destination). The destination's
    /// audit log must be empty or an earlier copy of the source's; copying again adds only
    /// what is new, and nothing when nothing is. A source whose audit log does not verify
    /// is refused. The destination is created (file, or schema pgacct) when missing.
    #[command(
        after_help = "Examples:\n  pgacct inventory copy inventory.db postgresql://lead@pg-inv/pgacct\n  pgacct inventory copy postgresql://lead@pg-inv/pgacct /backup/inventory.db"
    )]
    Copy(CopyArgs),
    /// Print the SQL that sets up a shared PostgreSQL inventory with least privilege.
    ///
    /// An owner role that owns schema pgacct and its tables (created by the script, as that
    /// role), and a group role whose members may read everything, change the registry,
    /// kinds, settings and channels, and append to the audit log, but never UPDATE, DELETE
    /// or TRUNCATE it (no privilege, and a trigger refuses it to everyone). Run it once as
    /// a superuser in the inventory database with psql; connects to nothing.
    #[command(
        after_help = "Examples:\n  pgacct inventory grant-sql | psql -v ON_ERROR_STOP=1 -d pgacct\n  pgacct inventory grant-sql --owner inv_owner --role dba_team"
    )]
    GrantSql(GrantSqlArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The inventory to copy from: a SQLite file or a postgresql:// URI.
    pub from: String,
    /// The inventory to copy into: a SQLite file or a postgresql:// URI.
    pub to: String,
}

#[derive(Debug, Args)]
pub struct GrantSqlArgs {
    /// The role that owns schema pgacct and its tables (created when missing).
    #[arg(long, default_value = "pgacct_owner")]
    pub owner: String,
    /// The group role of the people using the inventory (created when missing).
    #[arg(long, default_value = "pgacct_user")]
    pub role: String,
}
