//! `pgacct registry ...`: the inventory of target databases.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

// Parsed once per run: the size of `Add` does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Register a target database (env + database name -> host, port, TLS, admin role).
    ///
    /// Stores a target in the inventory: how to reach the database (host, port, hostaddr),
    /// TLS (sslmode, CA, client certificate), the admin role pgacct connects as, and how to get
    /// its password (--password-command; or PGACCT_ADMIN_PASSWORD or ~/.pgpass at run time).
    /// Never stores a password and does not connect (`registry check` does). Targets in env
    /// prod are protected unless --no-protected. An existing target needs --replace.
    #[command(
        after_help = "Examples:\n  pgacct registry add --env dev --db app --host pg-dev-01.example.com\n  pgacct registry add --env prod --db app --host 10.0.0.5 \\\n      --sslmode verify-full --sslrootcert /etc/ssl/pg-ca.pem \\\n      --admin-user role_create\n  pgacct registry add --env dev --db app --host pg-dev-02 --replace"
    )]
    Add(AddArgs),

    /// List registered targets (active only unless --all).
    ///
    /// Prints the targets of the inventory: env/db, host, port, sslmode, admin role, active,
    /// protected, notes. Reads only the inventory; connects to nothing.
    #[command(
        after_help = "Examples:\n  pgacct registry list\n  pgacct registry list --env prod --all\n  pgacct --json registry list"
    )]
    List(ListArgs),

    /// Show one target in full.
    ///
    /// Prints every setting of one target, including its password command (the command,
    /// never a password) and the server identity recorded by `registry check`.
    #[command(after_help = "Examples:\n  pgacct registry show dev/app")]
    Show(TargetRef),

    /// Mark a target inactive: kept, but not used by commands.
    ///
    /// A disabled target stays in the inventory (and the audit log keeps its history) but
    /// --env, --all-envs and --target refuse or skip it until `registry enable`.
    #[command(after_help = "Examples:\n  pgacct registry disable dev/app")]
    Disable(TargetRef),

    /// Mark a target active again.
    ///
    /// Undoes `registry disable`. Nothing on the server changes.
    #[command(after_help = "Examples:\n  pgacct registry enable dev/app")]
    Enable(TargetRef),

    /// Remove a target from the inventory (protected envs need --yes).
    ///
    /// Deletes the target from the inventory. Its audit history stays. Nothing on the server
    /// changes; the roles created there are not dropped.
    #[command(
        after_help = "Examples:\n  pgacct registry remove dev/app\n  pgacct registry remove prod/app --yes"
    )]
    Remove(RemoveArgs),

    /// Import targets from the original service's pg_registry.db or a CSV file.
    ///
    /// Reads the db_registry table of the HTTP service's pg_registry.db (env, db_name,
    /// hostname, port, active, notes) or a CSV file with that header, and adds each row as a
    /// target (inactive rows stay inactive). Rows already registered are skipped; invalid ones
    /// are reported with their row number. --dry-run shows what would be added. Admin roles and
    /// TLS settings are not in the old file: give defaults for every imported row with
    /// --admin-user, --sslmode, --sslrootcert and --password-command, and change one target
    /// later with `registry set`.
    #[command(
        after_help = "Examples:\n  pgacct registry import pg_registry.db --dry-run\n  pgacct registry import pg_registry.db --admin-user pgacct_admin \\\n      --sslmode verify-full --sslrootcert /etc/ssl/pg-ca.pem\n  pgacct registry import targets.csv\n      # CSV header: env,db_name,hostname,port,active,notes"
    )]
    Import(ImportArgs),

    /// Change some settings of a registered target, keeping the others.
    ///
    /// Only the options given change (an empty value clears an optional one, e.g.
    /// --notes ''). The audit entry keeps each changed field's old and new value. A
    /// protected target asks for confirmation (or needs --yes), also to take the
    /// protection off with --protected false. A change of host, port or hostaddr forgets
    /// the server identity recorded by `registry check`.
    #[command(
        after_help = "Examples:\n  pgacct registry set dev/app --admin-user pgacct_admin\n  pgacct registry set dev/app --sslmode verify-full \\\n      --sslrootcert /etc/ssl/ca.pem\n  pgacct registry set prod/app --port 5433 --yes\n  pgacct registry set dev/app --notes ''"
    )]
    Set(SetArgs),

    /// Connect to targets and report TLS, server version and admin privileges.
    ///
    /// Connects to each target as its admin and reports: TLS in use and verified, server
    /// version, password_encryption, whether the admin can manage roles, where the admin
    /// password came from (never the password), whether the database exists, and the server's
    /// identity (recorded on first check; a change is reported). Changes nothing on the
    /// server. Exit 0 when every target is ok.
    #[command(
        after_help = "Examples:\n  pgacct registry check\n  pgacct registry check dev/app prod/app\n  pgacct --json registry check"
    )]
    Check(CheckArgs),

    /// Take CREATE on the public schema from PUBLIC (PostgreSQL's documented hardening).
    ///
    /// Runs `REVOKE CREATE ON SCHEMA public FROM PUBLIC` in each target database where
    /// PUBLIC may still create there (databases made on PostgreSQL 14 or older, upgraded or
    /// not): without it every role, readonly users included, can create tables in public.
    /// Explicit and audited; --dry-run shows the SQL. An admin that does not own the schema
    /// is refused with the statement a superuser runs. Protected targets need --yes.
    #[command(
        after_help = "Examples:\n  pgacct registry harden dev/app --dry-run\n  pgacct registry harden prod/app --yes --ticket CHG-42\n  pgacct registry harden --env dev --schema public --schema reports"
    )]
    Harden(super::harden::HardenArgs),
}

/// A target named as ENV/DB.
#[derive(Debug, Clone, Args)]
pub struct TargetRef {
    /// The target, as ENV/DB.
    #[arg(value_name = "ENV/DB")]
    pub target: String,
}

#[derive(Debug, Clone, Args)]
pub struct AddArgs {
    /// Environment name: [a-z][a-z0-9_-]{0,31} (dev, qa, uat, prod, ...).
    #[arg(long)]
    pub env: String,
    /// Database name on the server.
    #[arg(long = "db", value_name = "DB")]
    pub db: String,
    /// Host name, IP address, or Unix socket directory (an absolute path).
    #[arg(long)]
    pub host: String,
    /// Server port.
    #[arg(long, default_value_t = 5432)]
    pub port: u32,
    /// IP address to connect to instead of resolving --host; TLS (verify-full) still
    /// checks the certificate against --host, as libpq's hostaddr.
    #[arg(long, value_name = "IP")]
    pub hostaddr: Option<String>,
    /// Authentication methods the admin password may be answered with, as libpq's
    /// require_auth: a comma list of password, md5, scram-sha-256, none (or all negated
    /// with !). Default: scram-sha-256 (and none), or any method over verify-full TLS.
    #[arg(long, value_name = "METHODS")]
    pub require_auth: Option<String>,
    /// Admin role pgacct connects as (else PGACCT_ADMIN_USER).
    #[arg(long, value_name = "ROLE")]
    pub admin_user: Option<String>,
    /// TLS mode, as libpq's sslmode.
    #[arg(long, value_enum)]
    pub sslmode: Option<SslModeArg>,
    /// CA certificate file to verify the server with.
    #[arg(long, value_name = "FILE")]
    pub sslrootcert: Option<PathBuf>,
    /// Client certificate file (with --sslkey).
    #[arg(long, value_name = "FILE", requires = "sslkey")]
    pub sslcert: Option<PathBuf>,
    /// Client private key file (with --sslcert).
    #[arg(long, value_name = "FILE", requires = "sslcert")]
    pub sslkey: Option<PathBuf>,
    /// Command that prints the admin password on its first line (run with sh -c).
    #[arg(long, value_name = "CMD")]
    pub password_command: Option<String>,
    /// Changes on this target need confirmation (default on for env `prod`).
    #[arg(long, overrides_with = "no_protected")]
    pub protected: bool,
    /// Do not protect this target, even in env `prod`.
    #[arg(long)]
    pub no_protected: bool,
    /// Free-text notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Replace an existing target with the same env and database: every setting as given
    /// here (defaults for those left out), except that it stays protected unless
    /// --no-protected and keeps its active state; a protected target needs --yes. Prints
    /// what changed.
    /// To change some settings only, use `registry set`.
    #[arg(long)]
    pub replace: bool,
    /// Confirm replacing a protected target (--replace), or taking its protection off.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SslModeArg {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Include inactive targets.
    #[arg(long)]
    pub all: bool,
    /// Only this environment.
    #[arg(long)]
    pub env: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub target: TargetRef,
    /// Confirm removing a protected target.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// A pg_registry.db (SQLite) of the original service, or a CSV file with a header.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Show what would be imported, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Admin role of every imported target (else PGACCT_ADMIN_USER at run time).
    #[arg(long, value_name = "ROLE")]
    pub admin_user: Option<String>,
    /// TLS mode of every imported target, as libpq's sslmode.
    #[arg(long, value_enum)]
    pub sslmode: Option<SslModeArg>,
    /// CA certificate file of every imported target.
    #[arg(long, value_name = "FILE")]
    pub sslrootcert: Option<PathBuf>,
    /// Password command of every imported target (run with sh -c).
    #[arg(long, value_name = "CMD")]
    pub password_command: Option<String>,
}

/// `registry set`: each option given replaces that one setting.
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    #[command(flatten)]
    pub target: TargetRef,
    /// Host name, IP address, or Unix socket directory.
    #[arg(long)]
    pub host: Option<String>,
    /// Server port.
    #[arg(long)]
    pub port: Option<u32>,
    /// IP address to connect to instead of resolving the host ('' clears it).
    #[arg(long, value_name = "IP")]
    pub hostaddr: Option<String>,
    /// Admin role pgacct connects as ('' clears it: PGACCT_ADMIN_USER then applies).
    #[arg(long, value_name = "ROLE")]
    pub admin_user: Option<String>,
    /// TLS mode, as libpq's sslmode.
    #[arg(long, value_enum)]
    pub sslmode: Option<SslModeArg>,
    /// CA certificate file ('' clears it).
    #[arg(long, value_name = "FILE")]
    pub sslrootcert: Option<PathBuf>,
    /// Client certificate file ('' clears it).
    #[arg(long, value_name = "FILE")]
    pub sslcert: Option<PathBuf>,
    /// Client private key file ('' clears it).
    #[arg(long, value_name = "FILE")]
    pub sslkey: Option<PathBuf>,
    /// Command that prints the admin password ('' clears it).
    #[arg(long, value_name = "CMD")]
    pub password_command: Option<String>,
    /// Whether changes on this target need confirmation.
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub protected: Option<bool>,
    /// Free-text notes ('' clears them).
    #[arg(long)]
    pub notes: Option<String>,
    /// Confirm a change on a protected target.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Targets to check, as ENV/DB (default: every active target).
    #[arg(value_name = "ENV/DB")]
    pub targets: Vec<String>,
    /// Only targets of this environment.
    #[arg(long)]
    pub env: Option<String>,
    /// Record the identity of the server that answers now, where it differs from the
    /// recorded one (a replaced or re-pointed server): changes on the target are refused
    /// (exit 5) until this confirms it.
    #[arg(long)]
    pub accept_identity: bool,
}
