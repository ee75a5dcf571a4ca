//! `pgacct user ...`, `pgacct undo` and `pgacct kinds`: roles on targets.

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Which targets a command acts on.
#[derive(Debug, Clone, Args)]
pub struct TargetSelection {
    /// Target as ENV/DB (repeatable).
    #[arg(long = "target", short = 't', value_name = "ENV/DB")]
    pub targets: Vec<String>,
    /// Environment: with --db one target, alone every active database of the env.
    #[arg(long)]
    pub env: Option<String>,
    /// Database name within --env.
    #[arg(long = "db", value_name = "DB", requires = "env")]
    pub db: Option<String>,
    /// Every active target of every environment.
    #[arg(long, conflicts_with_all = ["targets", "env"])]
    pub all_envs: bool,
    /// How many targets to work on at once.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub jobs: usize,
}

/// Options every changing command shares.
#[derive(Debug, Clone, Args)]
pub struct ChangeArgs {
    /// Print the exact SQL plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Why (kept in the audit log).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Ticket or change id (kept in the audit log).
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,
    /// Confirm a change on a protected target without a prompt.
    #[arg(long)]
    pub yes: bool,
}

/// How a new password is made and delivered.
#[derive(Debug, Clone, Args)]
pub struct PasswordArgs {
    /// Length of a generated password (at least 16).
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub password_length: usize,
    /// Write the password to this file (created 0600) instead of printing it.
    #[arg(long, value_name = "PATH")]
    pub password_file: Option<PathBuf>,
    /// Overwrite an existing --password-file.
    #[arg(long, requires = "password_file")]
    pub force: bool,
    /// Read the password from the first line of stdin instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
}

impl From<&PasswordArgs> for crate::delivery::PasswordOptions {
    fn from(a: &PasswordArgs) -> Self {
        crate::delivery::PasswordOptions {
            password_stdin: a.password_stdin,
            password_length: a.password_length,
            password_file: a.password_file.clone(),
            force: a.force,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user of a kind (app, k8s, devqa, devlead, readonly, dba, or your own).
    ///
    /// Creates a LOGIN role on each target and gives it its kind's access to the target
    /// database by making it a member of pgacct's per-database group for that level (read,
    /// write, owner); the groups are created on first use. The name comes from NAME (devqa,
    /// devlead, readonly, dba, custom kinds), from --server/--service-port (app: <server>_<port>) or from
    /// --prefix/--farm (k8s: <prefix>_<farm>); names are validated, never folded or truncated.
    /// The connection limit and password expiry follow the kind (`pgacct kinds`). A generated
    /// password is sent to the server only as a SCRAM-SHA-256 verifier and shown once (or
    /// written to --password-file). If the role already exists, its access to this database is
    /// completed ("access granted") or found complete ("user already exists", changed:
    /// false), and no password is set or shown. Never changes an existing role's password,
    /// attributes or other databases; never touches superusers, pg_* roles or the admin role.
    /// Every attempt is audited.
    #[command(
        after_help = "Examples:\n  pgacct user create devqa jsmith --target dev/app\n  pgacct user create app --server web01 --service-port 8080 --target dev/app\n  pgacct user create k8s --prefix dv --farm gearservice --target dev/app\n  pgacct user create readonly analyst01 --target prod/app --schema sales \\\n      --expires-in 90d --ticket CHG-1234\n  pgacct user create devlead jdoe --target qa/app --dry-run"
    )]
    Create(CreateArgs),

    /// List the roles of each target's cluster.
    ///
    /// Reads pg_roles (and memberships, pgacct's kind markers and open sessions) on each
    /// target: name, login, attributes, connection limit, expiry, groups, kind, sessions. pg_*
    /// roles are left out; the admin role is marked. Changes nothing; recorded in the audit log
    /// as a read unless `pgacct audit reads off`.
    #[command(
        after_help = "Examples:\n  pgacct user list --target dev/app\n  pgacct user list --target dev/app --kind devqa --expiring-within 30d\n  pgacct --json user list --target dev/app --like 'svc_%'"
    )]
    List(ListArgs),

    /// Everything about one role: attributes, settings, privileges, ownership.
    ///
    /// Reads one role on each target: attributes, per-database settings (search_path,
    /// read-only default), memberships, every privilege it can use in the target database and
    /// where it comes from (direct, a group, PUBLIC), what it owns and where. Exit 3 when the
    /// role does not exist. Changes nothing.
    #[command(
        after_help = "Examples:\n  pgacct user find jsmith --target dev/app\n  pgacct --json user find jsmith --target dev/app"
    )]
    Find(NameArgs),

    /// Rotate a user's password.
    ///
    /// Generates a new password (or reads one with --password-stdin), sets it as a SCRAM
    /// verifier computed on this machine, and shows it once (or writes it to --password-file,
    /// 0600). The expiry follows --valid-until/--expires-in or the kind's default. Sessions opened
    /// with the old password stay alive unless --terminate-sessions ends them (after the
    /// commit); the result says how many are open. A missing role is exit 3 and no password is
    /// made. Superusers, pg_* roles and the admin role are refused (exit 5). The password never
    /// reaches the server, a log, the audit log or an error message.
    #[command(
        after_help = "Examples:\n  pgacct user reset web01_8080 --target dev/app --terminate-sessions\n  pgacct user reset jsmith --target dev/app --password-file ~/jsmith.pw"
    )]
    Reset(ResetArgs),

    /// Set a user's search_path in the target database.
    ///
    /// Runs ALTER ROLE .. IN DATABASE <db> SET search_path to the given schemas (each quoted),
    /// in order; default public. Compares with the current value first, so a second run
    /// changes nothing. Missing schemas are warned about. Only the target database's setting
    /// changes; undo restores the previous value.
    #[command(
        after_help = "Examples:\n  pgacct user search-path jsmith --schema sales --schema public \\\n      --target dev/app"
    )]
    SearchPath(SearchPathArgs),

    /// Forbid a user to log in (NOLOGIN), remembering its prior state.
    ///
    /// Sets NOLOGIN on the role (cluster-wide) and records the prior state, so that `pgacct
    /// undo` or `user unlock` restores it. Nothing else changes: privileges, memberships,
    /// password and owned objects stay. Open sessions stay unless --terminate-sessions ends them
    /// after the commit. Superusers, pg_* roles and the admin role are refused.
    #[command(
        after_help = "Examples:\n  pgacct user lock jsmith --target dev/app --terminate-sessions \\\n      --reason 'left the team'"
    )]
    Lock(LockArgs),

    /// Let a locked user log in again.
    ///
    /// Sets LOGIN on the role again. Nothing else changes (the password is the one it had).
    /// Already unlocked: changed: false.
    #[command(after_help = "Examples:\n  pgacct user unlock jsmith --target dev/app")]
    Unlock(NameChangeArgs),

    /// Remove a user's access in the target database.
    ///
    /// Removes the role from this database's pgacct groups and revokes every privilege granted
    /// to the role itself on objects of this database it does not own (with --schema: only in
    /// those schemas, no memberships). The result lists what the role can still use (through
    /// PUBLIC or other roles). Does not lock or drop the role, end sessions, or touch other
    /// databases; `pgacct undo` grants back exactly what was revoked.
    #[command(
        after_help = "Examples:\n  pgacct user revoke jsmith --target dev/app\n  pgacct user revoke jsmith --target dev/app --schema sales"
    )]
    Revoke(RevokeArgs),

    /// Drop a user, after a preflight across every database of the cluster.
    ///
    /// Checks every database of the cluster first for objects, privileges and default
    /// privileges of the role. If it owns anything and no --reassign-to is given, it refuses
    /// (exit 5) and says what and where. Otherwise it ends the role's sessions, gives its objects
    /// to --reassign-to (REASSIGN OWNED), drops its remaining privileges (DROP OWNED) in each
    /// database concerned, and drops the role. Cannot be undone. Superusers, pg_* roles and the
    /// admin role are refused. A role that is already gone: changed: false.
    #[command(
        after_help = "Examples:\n  pgacct user drop jsmith --target dev/app\n  pgacct user drop jsmith --target dev/app --reassign-to app_owner"
    )]
    Drop(DropArgs),

    /// Apply a batch file: one verb and target per line (CSV with a header, or JSON lines).
    ///
    /// Reads a batch file (or stdin with `-`), validates every line before anything is sent
    /// (all errors with line numbers, exit 2), then applies the lines: create lines on up to
    /// --jobs connections, each line in its own transaction (or, with --atomic, all lines
    /// of a target in one), then the other verbs one line after the other, each as the
    /// single command does it (its own transaction; drop one per database). Each line is
    /// audited like the single command. New passwords (create, reset) go to --password-file
    /// (libpq .pgpass format, 0600) or into the JSON output; the table output never shows
    /// them. --atomic puts all create, reset, lock, unlock and search-path lines of a target
    /// in one transaction; a drop line with --atomic is refused at validation.
    #[command(
        after_help = "File format (CSV with a header, or one JSON object per line):\n  verb,target,kind,name,schemas\n  create,dev/app,devqa,jsmith,\n  create,qa/app,readonly,analyst01,sales;public\n  search-path,dev/app,,reporter,sales;public\n  lock,dev/app,,olduser,\n\nColumns/keys per verb (target is ENV/DB, or env + db; name may be username;\nreason and ticket go to the audit log on every verb):\n  create       target, kind, name (or server + port, prefix + farm), schemas,\n               valid_until or expires_in, conn_limit\n  reset        target, name, valid_until or expires_in (new password: as create)\n  lock, unlock target, name (sessions are not ended)\n  search-path  target, name, schemas (default public)\n  drop         target, name, reassign_to\nschemas: ';'-separated in CSV, a list in JSON. A value in a column the verb does not\nuse is an error; one line per user and target (reset, lock, unlock and drop: per user\nand cluster, as they act on the whole cluster).\n\nExamples:\n  pgacct user apply team.csv --password-file team.pgpass\n  pgacct --json user apply onboarding.jsonl --atomic\n  generate-users | pgacct --json user apply -"
    )]
    Apply(ApplyArgs),

    /// Bring a drifted pgacct user back to its kind's definition.
    ///
    /// Reads the role in the target database (as `pgacct report` does) and, in one
    /// transaction per target, sets its attributes and connection limit back to its kind's,
    /// makes it a member of its kind's group of that database and of no other role (pgacct
    /// groups of other databases stay), sets or resets default_transaction_read_only and
    /// role there as the kind says, and revokes privileges granted to it directly. The
    /// search_path is left as it is. Audited; `pgacct undo` restores the drifted state.
    /// Protected targets need --yes; --dry-run prints the SQL.
    #[command(
        after_help = "Examples:\n  pgacct user repair jsmith --target dev/app --dry-run\n  pgacct user repair jsmith --target dev/app --ticket OPS-12\n  pgacct undo 42"
    )]
    Repair(NameChangeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The batch file (CSV with a header, or JSON lines); `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// All lines of one target (create, reset, lock, unlock, search-path) in one
    /// transaction on one connection: if one fails, none of them applies (drop lines
    /// are refused with --atomic: drop commits one transaction per database).
    #[arg(long)]
    pub atomic: bool,
    /// Length of generated passwords (at least 16).
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub password_length: usize,
    /// Write the new passwords (created and reset users) to this file (created 0600), one
    /// line per user in the libpq password file format host:port:database:user:password.
    #[arg(long, value_name = "PATH")]
    pub password_file: Option<PathBuf>,
    /// Overwrite an existing --password-file.
    #[arg(long, requires = "password_file")]
    pub force: bool,
    /// How many server connections work at once (across targets; lines of one target
    /// share them unless --atomic). Each CREATE ROLE with a password costs the server a
    /// SCRAM computation, so several connections are what makes a batch fast.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub jobs: usize,
    #[command(flatten)]
    pub change: ChangeArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    /// The kind of user (see `pgacct kinds`).
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// The user name (devqa, devlead, readonly, dba and custom kinds).
    #[arg(value_name = "NAME", conflicts_with = "username")]
    pub name: Option<String>,
    /// The user name, as an option.
    #[arg(long)]
    pub username: Option<String>,
    /// Server name of an app service account (name: <server>_<service-port>).
    #[arg(long)]
    pub server: Option<String>,
    /// The app service's own port (1-65535), part of the name <server>_<port>; not
    /// PostgreSQL's port (that is the target's). --port is accepted too.
    #[arg(long = "service-port", alias = "port", value_name = "PORT")]
    pub port: Option<String>,
    /// Environment prefix of a k8s workload (name: <prefix>_<farm>).
    #[arg(long)]
    pub prefix: Option<String>,
    /// Farm of a k8s workload.
    #[arg(long)]
    pub farm: Option<String>,
    /// Schemas to grant access in and put on the search_path (repeatable; default public).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
    /// Password valid until this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", conflicts_with = "expires_in")]
    pub valid_until: Option<String>,
    /// Password valid for this long (e.g. 90d).
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
    /// Connection limit, at most the kind's maximum.
    #[arg(long, value_name = "N")]
    pub conn_limit: Option<i32>,
    #[command(flatten)]
    pub password: PasswordArgs,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Only roles pgacct manages as this kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only roles that can log in.
    #[arg(long, conflicts_with = "no_login")]
    pub login: bool,
    /// Only roles that cannot log in.
    #[arg(long)]
    pub no_login: bool,
    /// Only names matching this SQL LIKE pattern.
    #[arg(long, value_name = "PATTERN")]
    pub like: Option<String>,
    /// Only roles whose password expires within this long (e.g. 30d).
    #[arg(long, value_name = "DURATION")]
    pub expiring_within: Option<String>,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct NameArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct NameChangeArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct ResetArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// New password valid until this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", conflicts_with = "expires_in")]
    pub valid_until: Option<String>,
    /// New password valid for this long (e.g. 90d).
    #[arg(long, value_name = "DURATION")]
    pub expires_in: Option<String>,
    /// End sessions still open with the old credentials.
    #[arg(long)]
    pub terminate_sessions: bool,
    #[command(flatten)]
    pub password: PasswordArgs,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct SearchPathArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Schemas, in order (repeatable; default public).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct LockArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// End the user's open sessions too.
    #[arg(long)]
    pub terminate_sessions: bool,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct RevokeArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Only this schema (repeatable; default: the whole database).
    #[arg(long = "schema", value_name = "SCHEMA")]
    pub schemas: Vec<String>,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct DropArgs {
    /// The role name.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Give what the user owns to this role, then drop it.
    #[arg(long, value_name = "ROLE")]
    pub reassign_to: Option<String>,
    #[command(flatten)]
    pub change: ChangeArgs,
    #[command(flatten)]
    pub targets: TargetSelection,
}

#[derive(Debug, Clone, Args)]
pub struct UndoArgs {
    /// The audit entry id of the change to reverse.
    #[arg(value_name = "AUDIT_ID")]
    pub id: i64,
    #[command(flatten)]
    pub change: ChangeArgs,
}

#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  pgacct kinds\n  pgacct --json kinds\n  pgacct kinds set readonly --conn-limit 10 --default-expiry 90d\n  pgacct kinds set analyst --access read --conn-limit 5 --name-rule username"
)]
pub struct KindsArgs {
    #[command(subcommand)]
    pub command: Option<KindsCommand>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum KindsCommand {
    /// Change a kind's settings, or add a kind of your own.
    ///
    /// Changes the settings of a kind in the inventory (connection limit, default expiry,
    /// access level, naming rule, role attributes), or adds a new kind. Applies to users created
    /// from then on; existing roles are not changed (`user create` reports their drift). The
    /// change is audited and `pgacct undo` restores the previous settings.
    #[command(
        after_help = "Examples:\n  pgacct kinds set readonly --conn-limit 10\n  pgacct kinds set analyst --access read --conn-limit 5 --name-rule username"
    )]
    Set(KindSetArgs),
}

#[derive(Debug, Clone, Args)]
pub struct KindSetArgs {
    /// The kind to change or add.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// Access level in the target database: none, read, write, owner.
    #[arg(long)]
    pub access: Option<String>,
    /// Default and maximum connection limit.
    #[arg(long, value_name = "N")]
    pub conn_limit: Option<i32>,
    /// Default password lifetime (e.g. 90d), or `none`.
    #[arg(long, value_name = "DURATION")]
    pub default_expiry: Option<String>,
    /// Naming rule: username, server_port, prefix_farm.
    #[arg(long, value_name = "RULE")]
    pub name_rule: Option<String>,
    /// Role attributes, comma separated (createdb, createrole).
    #[arg(long, value_name = "LIST")]
    pub attributes: Option<String>,
    #[command(flatten)]
    pub change: ChangeArgs,
}
