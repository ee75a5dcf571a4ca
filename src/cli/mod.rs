//! The command line, defined once with clap (derive): the single source for `--help`,
//! completions and man pages. One file per command family; this one holds the global
//! options and the top-level tree.

pub mod audit;
pub mod generated;
pub mod harden;
pub mod inventory;
pub mod registry;
pub mod report;
pub mod sandbox;
pub mod user;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Provision and manage PostgreSQL login roles across environments, with an audit trail.
#[derive(Debug, Parser)]
#[command(
    name = "pgacct",
    version,
    about = "Provision and manage PostgreSQL login roles across environments",
    long_about = "pgacct keeps an inventory of target databases (env + database name), \
connects to them directly with the admin's password from the environment, .pgpass, a \
password command or a prompt (never the command line), creates typed users whose \
privileges match their names, manages their life, and records every attempt in a \
tamper-evident audit log.",
    after_help = "Examples:\n  pgacct sandbox up\n  pgacct registry add --env dev --db app --host pg-dev-01.example.com\n  pgacct user create devqa jsmith --target dev/app\n  pgacct --json user find jsmith --target dev/app | jq '.[0]'\n\nExit codes: 0 success, 1 failed, 2 invalid usage, 3 not found, 4 cannot\nconnect/authenticate, 5 refused by a safety guard, 6 partial failure,\n7 findings (report --exit-code)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Inventory file (SQLite), or a postgresql:// URI (no password in it) for an
    /// inventory shared by a team. Default: <data dir>/pgacct/inventory.db
    #[arg(long, global = true, env = "PGACCT_INVENTORY", value_name = "PATH|URI")]
    pub inventory: Option<PathBuf>,

    /// Output format: a table for people, JSON for scripts.
    #[arg(long, global = true, env = "PGACCT_FORMAT", value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Shorthand for --format json.
    #[arg(long, global = true)]
    pub json: bool,

    /// Print only results and errors, no progress or advice.
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Never use colour (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Tables at their natural width, long values (paths, errors) inside them. Without
    /// it, tables fit the terminal (or COLUMNS when not a terminal): cells wrap at spaces,
    /// or rows become vertical records; long values go below the table.
    #[arg(long, global = true)]
    pub wide: bool,

    /// Seconds to wait for a connection to a target (at least 1).
    #[arg(
        long,
        global = true,
        env = "PGACCT_CONNECT_TIMEOUT",
        default_value_t = 10,
        value_name = "SECS",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub connect_timeout: u64,

    /// Seconds a changing session waits for a lock before giving up.
    #[arg(
        long,
        global = true,
        env = "PGACCT_LOCK_TIMEOUT",
        default_value_t = 5,
        value_name = "SECS"
    )]
    pub lock_timeout: u64,

    /// Seconds any statement may run on a changing session (0: no limit); a server that
    /// does not answer for this long plus 5 s is disconnected (client-side deadline).
    #[arg(
        long,
        global = true,
        env = "PGACCT_STATEMENT_TIMEOUT",
        default_value_t = 60,
        value_name = "SECS"
    )]
    pub statement_timeout: u64,

    /// Set passwords also on servers whose password_encryption is md5 (refused by
    /// default): the role gets an md5 hash, which logs in like the password wherever it
    /// is read (server log, pg_stat_statements, pg_authid). Better: set
    /// password_encryption = scram-sha-256 on the server.
    #[arg(long, global = true)]
    pub allow_md5_password: bool,
}

impl GlobalArgs {
    pub fn effective_format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

/// The edge: clap's global options as the context's own type.
impl From<GlobalArgs> for crate::context::Globals {
    fn from(g: GlobalArgs) -> Self {
        crate::context::Globals {
            inventory: g.inventory.clone(),
            format: match g.effective_format() {
                Format::Table => crate::output::Format::Table,
                Format::Json => crate::output::Format::Json,
            },
            quiet: g.quiet,
            no_color: g.no_color,
            wide: g.wide,
            connect_timeout: g.connect_timeout,
            lock_timeout: g.lock_timeout,
            statement_timeout: g.statement_timeout,
            allow_md5_password: g.allow_md5_password,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process
pub enum Command {
    /// Manage the inventory of target databases.
    ///
    /// A target is a database named ENV/DB (dev/app, prod/billing) with how to reach it and
    /// which admin role to connect as. The inventory is a local SQLite file, or a
    /// PostgreSQL database shared by a team (PGACCT_INVENTORY, --inventory); it never
    /// holds a password.
    #[command(
        subcommand,
        after_help = "Examples:\n  pgacct registry add --env dev --db app --host pg-dev-01.example.com\n  pgacct registry list\n  pgacct registry check dev/app\n  pgacct registry set dev/app --admin-user pgacct_admin"
    )]
    Registry(registry::RegistryCommand),

    /// Create and manage login roles on targets.
    ///
    /// Every verb takes its targets as --target ENV/DB (repeatable), --env ENV [--db DB] or
    /// --all-envs, works on them in parallel (--jobs), in one transaction per target, and
    /// records each attempt in the audit log. Changing verbs take --dry-run (print the SQL),
    /// --reason and --ticket (kept in the audit log), and --yes (protected targets).
    #[command(
        subcommand,
        after_help = "Examples:\n  pgacct user create devqa jsmith --target dev/app --target qa/app\n  pgacct user list --target dev/app\n  pgacct user find jsmith --env dev\n  pgacct user lock jsmith --all-envs --yes --reason 'left the company'"
    )]
    User(user::UserCommand),

    /// Reverse a recorded change by its audit entry id.
    ///
    /// Looks up the audit entry (either id of an attempt) and applies the inverse change:
    /// create -> drop (only while the role owns nothing), lock <-> unlock, revoke -> grant back
    /// what was revoked, search-path -> the previous value, repair -> the drifted state, kinds
    /// set -> the previous settings.
    /// Password resets and drops cannot be undone (exit 5). --dry-run prints the SQL. The undo
    /// is audited; undoing the same entry twice changes nothing.
    #[command(
        after_help = "Examples:\n  pgacct audit list --limit 5\n  pgacct undo 42\n  pgacct undo 42 --dry-run"
    )]
    Undo(user::UndoArgs),

    /// Read and verify the audit log.
    ///
    /// The audit log is an append-only, hash-chained table in the inventory: every attempt,
    /// its outcome, who ran it and where. See docs/AUDIT.md.
    #[command(
        subcommand,
        after_help = "Examples:\n  pgacct audit list --limit 20\n  pgacct audit show 42\n  pgacct audit verify"
    )]
    Audit(audit::AuditCommand),

    /// Configure notifications (Slack, Webex, email, exec hook).
    ///
    /// Channels get a message for each audited attempt that matches their filters. Messages
    /// never contain a password or verifier.
    #[command(
        subcommand,
        after_help = "Examples:\n  pgacct notify add email --to dba-team@example.com --action 'user drop'\n  pgacct notify list\n  pgacct notify test"
    )]
    Notify(audit::NotifyCommand),

    /// Show or change the user kinds and their settings.
    ///
    /// Without a subcommand, prints the kinds: access level, attributes, connection limit,
    /// default expiry, naming rule. Built in: app and k8s (read/write service accounts, limit
    /// 200), devqa (read/write), devlead (owner), readonly (read, read-only sessions), dba
    /// (CREATEDB, CREATEROLE, no data access), each limit 20 and 90-day passwords.
    Kinds(user::KindsArgs),

    /// A throwaway local PostgreSQL cluster to try pgacct on.
    ///
    /// Needs PostgreSQL's server binaries (Debian: apt-get install postgresql). The cluster
    /// listens on 127.0.0.1 only and lives in the data directory (as root: /var/tmp).
    #[command(
        subcommand,
        after_help = "Examples:\n  pgacct sandbox up\n  pgacct user create devqa alice --target sandbox/postgres\n  pgacct sandbox down"
    )]
    Sandbox(sandbox::SandboxCommand),

    /// The inventory itself: which store is in use, its schema version, its size.
    ///
    /// The inventory is a SQLite file by default, or a PostgreSQL database that a team
    /// shares (--inventory/PGACCT_INVENTORY as a postgresql:// URI). `info` describes it,
    /// `copy` moves everything between the two, and `grant-sql` prints the SQL that sets a
    /// shared one up with least privilege.
    #[command(
        subcommand,
        after_help = "Examples:\n  pgacct inventory info\n  pgacct inventory grant-sql | psql -d pgacct"
    )]
    Inventory(inventory::InventoryCommand),

    /// The fleet at a glance: every role on every target, drift, expiry, findings.
    ///
    /// Reads every active target (or --target, --env), servers at once up to --jobs, one
    /// catalog query per database, and reports per role and target: its pgacct kind, the
    /// audit entry that created it, VALID UNTIL and days left, locked or not, open
    /// sessions, groups, and every difference from its kind's definition (attributes,
    /// connection limit, group memberships, search_path and default_transaction_read_only,
    /// privileges granted to the role directly). Also login roles no kind claims, pgacct
    /// users this inventory has no create entry for, members of pgacct's groups that are
    /// not pgacct users, and targets that could not be reached (the rest completes).
    /// Changes nothing, unless --repair; --notify sends expiry reminders. See docs/REPORT.md.
    Report(report::ReportArgs),

    /// Print shell completions to stdout.
    ///
    /// Prints the completion script for bash, zsh, fish, elvish or PowerShell, generated
    /// from the same definitions as --help (the files in completions/ are the same). In
    /// bash, zsh and fish, targets (--target, registry show/check/set/...), envs (--env) and
    /// kinds (user create KIND, --kind) are completed from the inventory, through the hidden
    /// `pgacct __complete targets|envs|kinds`.
    #[command(
        after_help = "Examples:\n  pgacct completions bash > /etc/bash_completion.d/pgacct\n  pgacct completions zsh > ~/.zfunc/_pgacct"
    )]
    Completions {
        /// The shell to generate completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print completion candidates from the inventory, one per line.
    ///
    /// Called by the completion scripts (`pgacct completions SHELL`): the active targets as
    /// ENV/DB, their envs, or the kinds (built-in and custom). Reads only; prints nothing
    /// when there is no inventory; never audited.
    #[command(
        name = "__complete",
        hide = true,
        after_help = "Examples:\n  pgacct __complete targets\n  pgacct __complete kinds"
    )]
    Complete {
        /// What to list.
        #[arg(value_enum)]
        what: CompleteWhat,
    },
}

/// What `pgacct __complete` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompleteWhat {
    Targets,
    Envs,
    Kinds,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_an_example() {
        fn walk(cmd: &clap::Command, path: String, missing: &mut Vec<String>) {
            let subs: Vec<_> = cmd
                .get_subcommands()
                .filter(|c| c.get_name() != "help")
                .collect();
            if subs.is_empty() || cmd.is_flatten_help_set() {
                let help = cmd
                    .get_after_help()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                if !help.contains("Examples:") {
                    missing.push(path.clone());
                }
            }
            for s in subs {
                walk(s, format!("{path} {}", s.get_name()), missing);
            }
        }
        let mut missing = vec![];
        walk(&Cli::command(), "pgacct".into(), &mut missing);
        assert!(
            missing.is_empty(),
            "commands without an example in --help: {missing:?}"
        );
    }
}
