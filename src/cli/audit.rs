//! `pgacct audit ...` and `pgacct notify ...`: the audit log and notifications.

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List audit entries, newest first.
    #[command(
        after_help = "Examples:\n  pgacct audit list --limit 20\n  pgacct audit list --env prod --since 7d --outcome failed\n  pgacct audit list --user jsmith --csv > review.csv"
    )]
    List(AuditListArgs),

    /// Print one audit entry in full.
    #[command(after_help = "Examples:\n  pgacct audit show 42")]
    Show {
        /// The entry id.
        id: i64,
    },

    /// Re-walk the hash chain and report the first entry edited, deleted or inserted.
    #[command(after_help = "Examples:\n  pgacct audit verify")]
    Verify,
}

#[derive(Debug, Clone, Args)]
pub struct AuditListArgs {
    #[arg(long)]
    pub env: Option<String>,
    #[arg(long = "db", value_name = "DB")]
    pub db: Option<String>,
    /// Role name.
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub action: Option<String>,
    #[arg(long)]
    pub outcome: Option<String>,
    /// A date (YYYY-MM-DD, RFC 3339) or an age like 7d.
    #[arg(long)]
    pub since: Option<String>,
    /// A date (YYYY-MM-DD, RFC 3339) or an age like 7d.
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// CSV output, for access reviews.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Add a notification channel.
    #[command(
        after_help = "Examples:\n  pgacct notify add slack --url https://hooks.slack.com/services/T/B/X --env prod\n  pgacct notify add exec --command '/usr/local/bin/on-pgacct-event' --outcome failed"
    )]
    Add(NotifyAddArgs),
    /// List notification channels.
    #[command(after_help = "Examples:\n  pgacct notify list")]
    List,
    /// Remove a notification channel.
    #[command(after_help = "Examples:\n  pgacct notify remove 2")]
    Remove {
        /// The channel id.
        id: i64,
    },
    /// Send a test event to every channel.
    #[command(after_help = "Examples:\n  pgacct notify test")]
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChannelKind {
    Slack,
    Webex,
    Email,
    Exec,
}

#[derive(Debug, Clone, Args)]
pub struct NotifyAddArgs {
    #[arg(value_enum)]
    pub kind: ChannelKind,
    /// Webhook URL (slack) or API URL (webex).
    #[arg(long)]
    pub url: Option<String>,
    /// Webex room id.
    #[arg(long)]
    pub room_id: Option<String>,
    /// Name of the environment variable holding the Webex bearer token.
    #[arg(long)]
    pub token_env: Option<String>,
    /// Command to run (exec: gets the event as JSON on stdin; email: sendmail-style).
    #[arg(long)]
    pub command: Option<String>,
    /// Email recipient.
    #[arg(long)]
    pub to: Option<String>,
    /// Only these actions (repeatable).
    #[arg(long)]
    pub action: Vec<String>,
    /// Only these envs (repeatable).
    #[arg(long)]
    pub env: Vec<String>,
    /// Only these outcomes (repeatable).
    #[arg(long)]
    pub outcome: Vec<String>,
}
