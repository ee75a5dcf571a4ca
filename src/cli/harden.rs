//! `pgacct registry harden`: its arguments (its own file, so that the command families'
//! files stay as they are).

use super::user::ChangeArgs;
use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct HardenArgs {
    /// Targets to harden, as ENV/DB.
    #[arg(value_name = "ENV/DB")]
    pub targets: Vec<String>,
    /// Every active database of this environment.
    #[arg(long)]
    pub env: Option<String>,
    /// Schema to take PUBLIC's CREATE from (repeatable; default public).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
    #[command(flatten)]
    pub change: ChangeArgs,
}
