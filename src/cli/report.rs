//! `pgacct report`: one read-only run over the fleet (and `--repair`, `--notify`).

use super::user::ChangeArgs;
use clap::Args;

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Findings: drift (a pgacct user differs from its kind), expired, expiring (within \
--expiring-within), unmanaged (a login role no pgacct kind claims), not_pgacct_user_in_group, \
no_audit_entry (a pgacct user this inventory has no create entry for), unknown_kind, \
locked_with_sessions, unreachable (a target that could not be read: reported, the rest \
completes).\n\nExit codes: 0; 6 when some targets could not be reached (1 when none could); \
with --exit-code, 7 when anything was found (findings or unreachable targets).\n\nExamples:\n  \
pgacct report\n  pgacct report --env prod --by-target\n  pgacct --json report --exit-code\n  \
pgacct report --csv > fleet.csv\n  pgacct report --expiring-within 14d --notify\n  \
pgacct report --target dev/app --repair --dry-run"
)]
pub struct ReportArgs {
    /// Target as ENV/DB (repeatable). Default: every active target.
    #[arg(long = "target", short = 't', value_name = "ENV/DB")]
    pub targets: Vec<String>,
    /// Only the active targets of this environment (repeatable).
    #[arg(long = "env", value_name = "ENV")]
    pub envs: Vec<String>,
    /// Only this role (repeatable); unreachable targets are still reported.
    #[arg(long = "role", value_name = "NAME")]
    pub roles: Vec<String>,
    /// How many servers to read at once (a server's databases are read in turn).
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub jobs: usize,
    /// A password expiring within this long is a finding (and what --notify reminds of).
    #[arg(long, default_value = "14d", value_name = "DURATION")]
    pub expiring_within: String,
    /// A flat list, one line per role and target, instead of the role x target matrix.
    #[arg(long, conflicts_with = "csv")]
    pub by_target: bool,
    /// CSV (one line per role and target) for spreadsheets.
    #[arg(long)]
    pub csv: bool,
    /// Exit 7 when anything is found, 0 when the fleet is clean (for CI and cron).
    #[arg(long)]
    pub exit_code: bool,
    /// Send one reminder per notification channel listing the accounts expiring within
    /// the window; each account and window is reminded of once (remembered in the
    /// inventory).
    #[arg(long)]
    pub notify: bool,
    /// Repair every drifted pgacct user found (as `pgacct user repair`), one transaction
    /// per target, audited; protected targets need --yes.
    #[arg(long)]
    pub repair: bool,
    #[command(flatten)]
    pub change: ChangeArgs,
}
