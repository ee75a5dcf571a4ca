//! `pgacct audit ...` and `pgacct notify ...`: the audit log and notifications.

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// List attempts, newest first: a started entry merged with its completion.
    ///
    /// Reads the audit log of the inventory: who (actor, OS user, machine), what (action,
    /// role, kind, steps), where (env, database, server), when, outcome, error, reason and
    /// ticket. Filters combine. --csv writes a spreadsheet-ready export. Never shows passwords:
    /// the log never holds one.
    #[command(
        after_help = "Examples:\n  pgacct audit list --limit 20\n  pgacct audit list --env prod --since 7d --outcome failed\n  pgacct audit list --user jsmith --csv > review.csv\n  pgacct audit list --ticket CHG-1001\n  pgacct audit list --since 2026-10-01 --until 2026-12-31 --limit 0 \\\n      --csv > q4.csv\n  pgacct --json audit list --actor ann --since 2026-11-01 --until 2026-11-30\n\nAn attempt whose outcome is `started` has no completion entry: pgacct stopped (crash, kill)\nbetween writing the start and the end, so whether the server was changed is unknown."
    )]
    List(AuditListArgs),

    /// Print one audit entry in full.
    ///
    /// Prints the entry with every column, its started/completion partner and its
    /// notification-delivery entries, and what `pgacct undo` would need. Either id of an
    /// attempt works.
    #[command(after_help = "Examples:\n  pgacct audit show 42\n  pgacct --json audit show 42")]
    Show {
        /// The entry id.
        id: i64,
    },

    /// Re-walk the hash chain and report the first entry edited, deleted or inserted.
    ///
    /// Recomputes the hash of every entry and checks each links to the one before, and that
    /// the chain ends where the inventory's anchor says. Reports the first entry that was
    /// edited, deleted or inserted. Changes nothing.
    #[command(
        after_help = "Examples:\n  pgacct audit verify\n  pgacct --json audit verify | jq -r .head_hash   # keep this off the machine\n  pgacct audit verify --expect-head 3f2a...e9\n\nExit 0 when the chain and its anchor are intact, 1 otherwise. See docs/AUDIT.md for\nwhat the chain can and cannot prove."
    )]
    Verify(VerifyArgs),

    /// Show or set whether reads (list, find, check) are recorded.
    ///
    /// Reads (user list, user find, registry check) are recorded by default; `off` stops
    /// recording them. Every changing attempt is recorded either way.
    #[command(
        after_help = "Examples:\n  pgacct audit reads\n  pgacct audit reads off\n  PGACCT_AUDIT_READS=off pgacct user find jsmith --target dev/app\n\nPGACCT_AUDIT_READS=on|off overrides the inventory setting for one run. Changing the\nsetting is itself recorded."
    )]
    Reads {
        /// Turn read-logging on or off; without it, print the current state.
        #[arg(value_enum)]
        state: Option<OnOff>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// A head hash exported earlier (`audit verify --json`): fail unless the chain still
    /// contains it, which catches a log rewritten and re-hashed since.
    #[arg(long, value_name = "HASH")]
    pub expect_head: Option<String>,
}

/// Final outcome of an attempt, as `audit list --outcome` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutcomeArg {
    Changed,
    Unchanged,
    Failed,
    Refused,
    DryRun,
    Read,
    /// No completion entry: outcome unknown (pgacct stopped mid-way).
    Started,
}

impl OutcomeArg {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeArg::Changed => "changed",
            OutcomeArg::Unchanged => "unchanged",
            OutcomeArg::Failed => "failed",
            OutcomeArg::Refused => "refused",
            OutcomeArg::DryRun => "dry-run",
            OutcomeArg::Read => "read",
            OutcomeArg::Started => "started",
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct AuditListArgs {
    /// Only this environment.
    #[arg(long)]
    pub env: Option<String>,
    /// Only this database name.
    #[arg(long = "db", value_name = "DB")]
    pub db: Option<String>,
    /// Only this role (the login role acted on).
    #[arg(long, value_name = "ROLE")]
    pub user: Option<String>,
    /// Only this actor (matches PGACCT_ACTOR or the OS user).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only this action, e.g. "user create", "registry add".
    #[arg(long)]
    pub action: Option<String>,
    /// Only attempts recorded with this ticket (--ticket of the command).
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
    /// Only attempts that ended this way.
    #[arg(long, value_enum)]
    pub outcome: Option<OutcomeArg>,
    /// Started at or after: a date (YYYY-MM-DD), an RFC 3339 UTC time, or an age like 7d.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Started before: a date (up to the end of that day), an RFC 3339 UTC time, or an age.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// At most this many attempts, newest first (0 = all, e.g. for a full CSV export).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// CSV output (header row, one attempt per line), for access reviews.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Add a notification channel.
    ///
    /// Stores a channel in the inventory; every audited attempt that matches its filters is
    /// sent to it after the command: Slack webhook, Webex message, email through a sendmail-style
    /// command, or a command of yours getting the event as JSON on stdin. Events say who did
    /// what where and the outcome; never a password or verifier. A failed delivery is recorded
    /// in the audit log and does not fail the command.
    #[command(
        after_help = "Examples:\n  pgacct notify add slack --env prod \\\n      --url https://hooks.slack.com/services/T/B/X\n  pgacct notify add webex --room-id Y2lzY29... --token-env WEBEX_TOKEN \\\n      --outcome failed --outcome refused\n  pgacct notify add email --to dba-team@example.com --action 'user drop'\n  pgacct notify add exec --outcome failed \\\n      --command '/usr/local/bin/on-pgacct-event'\n\nReads are not sent unless --outcome read is given. The Webex token is read from the\nnamed environment variable at delivery time and is never stored."
    )]
    Add(NotifyAddArgs),
    /// List notification channels.
    ///
    /// Prints each channel's id, kind, destination and filters. Webex tokens are not stored
    /// (only the name of the variable holding one), so none is shown.
    #[command(after_help = "Examples:\n  pgacct notify list\n  pgacct --json notify list")]
    List,
    /// Remove a notification channel.
    ///
    /// Deletes the channel by id (see `pgacct notify list`). The removal is audited.
    #[command(after_help = "Examples:\n  pgacct notify remove 2")]
    Remove {
        /// The channel id.
        id: i64,
    },
    /// Record a test event and send it to every channel (filters ignored).
    ///
    /// Sends a test event to every channel now and reports each delivery.
    #[command(
        after_help = "Examples:\n  pgacct notify test\n\nExit 0 when every channel took the event, 1 when a delivery failed."
    )]
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
    /// Webhook URL (slack) or messages API URL (webex; default
    /// https://webexapis.com/v1/messages). http:// or https://.
    #[arg(long)]
    pub url: Option<String>,
    /// Webex room id.
    #[arg(long)]
    pub room_id: Option<String>,
    /// Name of the environment variable holding the Webex bearer token.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
    /// Command to run with sh -c (exec: gets the event as JSON on stdin; email: a
    /// sendmail-style command reading the message on stdin, default `sendmail -t`).
    #[arg(long)]
    pub command: Option<String>,
    /// Email recipient (repeatable).
    #[arg(long)]
    pub to: Vec<String>,
    /// Seconds a delivery may take (connect, send and answer) before it is given up.
    #[arg(long, default_value_t = 5, value_name = "SECS")]
    pub timeout: u64,
    /// Only these actions (repeatable), e.g. "user create".
    #[arg(long)]
    pub action: Vec<String>,
    /// Only these envs (repeatable).
    #[arg(long)]
    pub env: Vec<String>,
    /// Only these outcomes (repeatable).
    #[arg(long, value_enum)]
    pub outcome: Vec<OutcomeArg>,
}
