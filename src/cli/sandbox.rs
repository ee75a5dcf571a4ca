//! `pgacct sandbox ...`: a throwaway local cluster to try pgacct on.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Start a local throwaway cluster and register it as target sandbox/postgres.
    #[command(
        after_help = "Examples:\n  pgacct sandbox up\n  pgacct user create devqa jsmith --target sandbox/postgres"
    )]
    Up,
    /// Stop and remove the sandbox cluster and its target.
    #[command(after_help = "Examples:\n  pgacct sandbox down")]
    Down,
    /// Report whether the sandbox is running.
    #[command(after_help = "Examples:\n  pgacct sandbox status")]
    Status,
}
