//! The command line, defined once with clap (derive): the single source for `--help`,
//! completions and man pages. One file per command family; this one holds the global
//! options and the top-level tree.

pub mod audit;
pub mod registry;
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
    after_help = "Examples:\n  pgacct sandbox up\n  pgacct registry add --env dev --db app --host pg-dev-01.example.com\n  pgacct user create devqa jsmith --target dev/app\n  pgacct --json user find jsmith --target dev/app\n\nExit codes: 0 success, 1 failed, 2 invalid usage, 3 not found, 4 cannot connect/authenticate, 5 refused by a safety guard, 6 partial failure."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Inventory file (SQLite). Default: <data dir>/pgacct/inventory.db
    #[arg(long, global = true, env = "PGACCT_INVENTORY", value_name = "PATH")]
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

    /// Seconds to wait for a connection to a target.
    #[arg(
        long,
        global = true,
        env = "PGACCT_CONNECT_TIMEOUT",
        default_value_t = 10,
        value_name = "SECS"
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

    /// Seconds any statement may run on a changing session.
    #[arg(
        long,
        global = true,
        env = "PGACCT_STATEMENT_TIMEOUT",
        default_value_t = 60,
        value_name = "SECS"
    )]
    pub statement_timeout: u64,
}

impl GlobalArgs {
    pub fn effective_format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
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
    #[command(subcommand)]
    Registry(registry::RegistryCommand),

    /// Create and manage login roles on targets.
    #[command(subcommand)]
    User(user::UserCommand),

    /// Reverse a recorded change by its audit entry id.
    #[command(
        after_help = "Examples:\n  pgacct audit list --limit 5\n  pgacct undo 42\n  pgacct undo 42 --dry-run"
    )]
    Undo(user::UndoArgs),

    /// Read and verify the audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),

    /// Configure notifications (Slack, Webex, email, exec hook).
    #[command(subcommand)]
    Notify(audit::NotifyCommand),

    /// Show or change the user kinds and their settings.
    Kinds(user::KindsArgs),

    /// A throwaway local PostgreSQL cluster to try pgacct on.
    #[command(subcommand)]
    Sandbox(sandbox::SandboxCommand),

    /// Print shell completions to stdout.
    #[command(
        after_help = "Examples:\n  pgacct completions bash > /etc/bash_completion.d/pgacct\n  pgacct completions zsh > ~/.zfunc/_pgacct"
    )]
    Completions {
        /// The shell to generate completions for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
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
