//! `pgacct sandbox ...`: a throwaway local cluster to try pgacct on.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Start a local throwaway cluster and register it as target sandbox/postgres.
    ///
    /// Runs initdb and starts a PostgreSQL server on 127.0.0.1 (a free port) with the
    /// system's server binaries, with a random superuser password in a 0600 file, and registers
    /// it as sandbox/postgres (password command: cat of that file). Running it again when the
    /// sandbox is up changes nothing. For trying pgacct; never for real data.
    #[command(
        after_help = "Examples:\n  pgacct sandbox up\n  pgacct user create devqa jsmith --target sandbox/postgres"
    )]
    Up,
    /// Stop and remove the sandbox cluster and its target.
    ///
    /// Stops the sandbox server, deletes its directory and removes the sandbox/postgres
    /// target. The audit log keeps what was done there.
    #[command(after_help = "Examples:\n  pgacct sandbox down")]
    Down,
    /// Report whether the sandbox is running.
    ///
    /// Prints whether a sandbox exists and answers, its port, directory, password file and
    /// server log. Changes nothing.
    #[command(after_help = "Examples:\n  pgacct sandbox status")]
    Status,
}
