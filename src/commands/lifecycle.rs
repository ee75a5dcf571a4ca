//! `pgacct user reset|search-path|lock|unlock|revoke|drop`.
//!
//! Each verb looks at the role on the target, builds a pure plan (`plan::lifecycle`,
//! `plan::drop`) and goes through [`run_on_target`]: audit start, protected-target guard,
//! connect, plan, dry-run or apply in one transaction (session ends after the commit),
//! audit the outcome. `undo` reuses the same runner.

use crate::catalog::inspect::{self, RoleInfo};
use crate::cli::user::{
    ChangeArgs, DropArgs, LockArgs, NameChangeArgs, ResetArgs, RevokeArgs, SearchPathArgs,
    TargetSelection,
};
use crate::context::Context;
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::ident::{RoleName, SchemaName};
use crate::inventory::Inventory;
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::{Target, TargetKey};
use crate::output::{cell, sanitize};
use crate::plan::drop::{self as dplan, Preflight};
use crate::plan::lifecycle::{self as lplan, LifecyclePlan, Revoked};
use crate::secret::Secret;
use crate::target::{self, ConnectSettings, Purpose, Session};
use serde_json::{Map, Value, json};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// What a verb decided for one target after reading the catalog.
pub(crate) enum Decision {
    /// Apply this plan (an empty plan means unchanged).
    Apply(Prepared),
    /// Stop with this error (role not found, protected role, ...); `fields` go into the
    /// result next to the error.
    Stop {
        error: Error,
        status: String,
        fields: Map<String, Value>,
    },
}

/// A plan and everything needed to report and audit it.
pub(crate) struct Prepared {
    pub plan: LifecyclePlan,
    /// Status when the plan changes something ("user locked").
    pub status: String,
    /// Status when it doesn't ("user already locked").
    pub unchanged_status: String,
    /// What undo needs (recorded only when something changed).
    pub undo: Option<Value>,
    pub kind: Option<String>,
    pub fields: Map<String, Value>,
    /// A new password to deliver after the commit (reset).
    pub secret: Option<Secret>,
}

impl Prepared {
    pub fn new(plan: LifecyclePlan, status: &str, unchanged_status: &str) -> Prepared {
        Prepared {
            plan,
            status: status.into(),
            unchanged_status: unchanged_status.into(),
            undo: None,
            kind: None,
            fields: Map::new(),
            secret: None,
        }
    }
}

/// What applying did beyond the plan's statements.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Sessions ended by an after-commit step.
    pub terminated: Option<i64>,
}

/// The result of one verb on one target.
pub(crate) struct TargetResult {
    pub fields: Map<String, Value>,
    pub exit: ExitCode,
    pub error: Option<Error>,
}

/// Which audit action, role and options a run records.
pub(crate) struct VerbSpec<'a> {
    pub action: &'a str,
    pub role: &'a str,
    pub change: &'a ChangeArgs,
    pub undo_of: Option<i64>,
}

type PrepareFn<'a> = dyn FnMut(&mut Session) -> Result<Decision> + 'a;
type FinishFn<'a> =
    dyn FnMut(&mut Session, &Prepared, &Applied, &mut Map<String, Value>) -> Result<()> + 'a;

/// The targets a selection names, in order.
pub(crate) fn resolve_targets(inv: &Inventory, sel: &TargetSelection) -> Result<Vec<Target>> {
    let mut out: Vec<Target> = vec![];
    for t in &sel.targets {
        let key: TargetKey = t.parse()?;
        out.push(inv.require_target(&key)?);
    }
    if let Some(env) = &sel.env {
        crate::inventory::targets::validate_env(env)?;
        match &sel.db {
            Some(db) => {
                crate::inventory::targets::validate_database(db)?;
                out.push(inv.require_target(&TargetKey {
                    env: env.clone(),
                    database: db.clone(),
                })?);
            }
            None => {
                let v = inv.targets(false, Some(env))?;
                if v.is_empty() {
                    return Err(Error::not_found(format!(
                        "no active target in the environment {env}"
                    ))
                    .hint("`pgacct registry list --all` shows the registered targets"));
                }
                out.extend(v);
            }
        }
    }
    if sel.all_envs {
        out.extend(inv.targets(false, None)?);
    }
    if out.is_empty() {
        return Err(Error::usage("no target given")
            .hint("name one with --target ENV/DB, or --env ENV --db DB"));
    }
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

/// On a protected target, a change needs `--yes` or the env name typed at a terminal.
pub(crate) fn confirm_protected(target: &Target, yes: bool, what: &str) -> Result<()> {
    if !target.protected || yes {
        return Ok(());
    }
    let refused = |why: &str| {
        Error::refused(format!(
            "{} is a protected target; {what} needs confirmation: {why}",
            target.name()
        ))
        .on(target.name())
        .hint("type the environment name when asked, or pass --yes in a non-interactive run")
    };
    if !std::io::stdin().is_terminal() {
        return Err(refused("not run at a terminal and no --yes"));
    }
    eprint!(
        "{} is protected. Type the environment name ({}) to confirm {what}: ",
        target.name(),
        target.env
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::failed(format!("reading the confirmation: {e}")))?;
    if line.trim() == target.env {
        Ok(())
    } else {
        Err(refused("the name typed did not match"))
    }
}

/// Superusers, `pg_*` roles and the admin role are never touched.
pub(crate) fn protected_role(info: &RoleInfo, admin: &str) -> Option<Error> {
    let why = if info.name.starts_with("pg_") {
        "is a PostgreSQL system role"
    } else if info.name == admin {
        "is the admin role pgacct connects as"
    } else if info.superuser {
        "is a superuser"
    } else {
        return None;
    };
    Some(
        Error::refused(format!("{} {why}; pgacct does not touch it", info.name))
            .hint("superusers, pg_* roles and the admin role are managed by hand, on purpose"),
    )
}

/// Look a role up for a change: not found and protected roles become a [`Decision::Stop`].
pub(crate) fn lookup_for_change(
    s: &mut Session,
    role: &RoleName,
) -> Result<std::result::Result<RoleInfo, Decision>> {
    let admin = s.admin_user.clone();
    let info = inspect::role(&mut s.client, role.as_str(), &admin).map_err(|e| s.pg_error(&e))?;
    let Some(info) = info else {
        return Ok(Err(Decision::Stop {
            error: Error::not_found(format!("user {role} not found"))
                .on(s.target.name())
                .hint("`pgacct user list` shows the roles of the target's cluster"),
            status: "user not found".into(),
            fields: Map::new(),
        }));
    };
    if let Some(e) = protected_role(&info, &admin) {
        return Ok(Err(Decision::Stop {
            error: e.on(s.target.name()),
            status: "refused".into(),
            fields: Map::new(),
        }));
    }
    Ok(Ok(info))
}

fn base_fields(target: &Target, role: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("username".into(), json!(role));
    m.insert("env".into(), json!(target.env));
    m.insert("database".into(), json!(target.database));
    m.insert("hostname".into(), json!(target.host));
    m.insert("port".into(), json!(target.port));
    m
}

fn error_fields(m: &mut Map<String, Value>, e: &Error) {
    m.insert("error".into(), json!(e.message));
    if let Some(h) = &e.hint {
        m.insert("hint".into(), json!(h));
    }
    if let Some(s) = &e.sqlstate {
        m.insert("sqlstate".into(), json!(s));
    }
}

/// Run a plan: its steps in one transaction, then the after-commit steps. A password
/// step gets the verifier of `secret` (computed for the server's password_encryption)
/// in place of the plan's placeholder, in memory only.
pub(crate) fn apply_plan(
    s: &mut Session,
    plan: &LifecyclePlan,
    secret: Option<&Secret>,
) -> Result<Applied> {
    let mut applied = Applied::default();
    if !plan.steps.is_empty() {
        let target = s.target.clone();
        let mut tx = s
            .client
            .transaction()
            .map_err(|e| target::pg_error(&e, &target))?;
        let encryption = s.password_encryption.clone();
        for step in &plan.steps {
            let verifier = match (&step.verifier_for, secret) {
                (Some(role), Some(x)) => Some(x.verifier(&encryption, role)),
                _ => None,
            };
            let sql = step.executable(verifier.as_deref())?;
            if let Err(e) = tx.batch_execute(&sql) {
                let err = target::pg_error(&e, &target);
                let _ = tx.rollback();
                return Err(Error {
                    message: format!("{} failed: {}", step.description, err.message),
                    ..err
                });
            }
        }
        tx.commit().map_err(|e| target::pg_error(&e, &target))?;
    }
    for step in &plan.after_commit {
        if lplan::is_terminate_step(step) {
            let row = s
                .client
                .query_one(&step.sql, &[])
                .map_err(|e| s.pg_error(&e))?;
            applied.terminated = Some(applied.terminated.unwrap_or(0) + row.get::<_, i64>(0));
        } else {
            s.client
                .batch_execute(&step.sql)
                .map_err(|e| s.pg_error(&e))?;
        }
    }
    Ok(applied)
}

/// One verb on one target: audit, guard, connect, prepare, dry-run or apply, audit.
pub(crate) fn run_on_target(
    ctx: &Context,
    inv: &mut Inventory,
    spec: &VerbSpec<'_>,
    target: &Target,
    prepare: &mut PrepareFn<'_>,
    finish: &mut FinishFn<'_>,
) -> Result<TargetResult> {
    let started_at = Instant::now();
    let mut rec = Record {
        action: spec.action.into(),
        env: Some(target.env.clone()),
        db_name: Some(target.database.clone()),
        server: Some(target.server()),
        role: Some(spec.role.into()),
        reason: spec.change.reason.clone(),
        ticket: spec.change.ticket.clone(),
        undo_of: spec.undo_of,
        ..Default::default()
    };
    // No change without a record: if this fails, nothing was touched.
    let started = inv.audit_begin(&ctx.actor, &rec)?;
    let mut fields = base_fields(target, spec.role);
    fields.insert("audit_id".into(), json!(started));
    let dry = spec.change.dry_run;

    let fail = |inv: &mut Inventory,
                rec: &mut Record,
                fields: &mut Map<String, Value>,
                e: Error,
                status: &str|
     -> Result<TargetResult> {
        let e = e.on(target.name());
        rec.outcome = Some(if e.kind == ErrorKind::Refused {
            Outcome::Refused
        } else {
            Outcome::Failed
        });
        rec.error = Some(match &e.sqlstate {
            Some(s) => format!("{} (SQLSTATE {s})", e.message),
            None => e.message.clone(),
        });
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        inv.audit_finish(&ctx.actor, started, rec)?;
        fields.insert("status".into(), json!(status));
        fields.insert("changed".into(), json!(false));
        error_fields(fields, &e);
        Ok(TargetResult {
            fields: std::mem::take(fields),
            exit: e.exit_code(),
            error: Some(e),
        })
    };

    if !dry {
        if let Err(e) = confirm_protected(target, spec.change.yes, spec.action) {
            return fail(inv, &mut rec, &mut fields, e, "refused");
        }
    }
    let settings = ConnectSettings::from_context(ctx);
    let mut session = match target::connect(&settings, target, Purpose::Change) {
        Ok(s) => s,
        Err(e) => return fail(inv, &mut rec, &mut fields, e, "failed"),
    };
    let prepared = match prepare(&mut session) {
        Ok(Decision::Apply(p)) => p,
        Ok(Decision::Stop {
            error,
            status,
            fields: extra,
        }) => {
            fields.extend(extra);
            return fail(inv, &mut rec, &mut fields, error, &status);
        }
        Err(e) => return fail(inv, &mut rec, &mut fields, e, "failed"),
    };
    rec.kind = prepared.kind.clone();
    rec.steps = prepared.plan.descriptions();
    fields.extend(prepared.fields.clone());
    let changes = !prepared.plan.is_empty();
    if dry {
        rec.outcome = Some(Outcome::DryRun);
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        inv.audit_finish(&ctx.actor, started, &rec)?;
        fields.insert(
            "status".into(),
            json!(if changes {
                &prepared.status
            } else {
                &prepared.unchanged_status
            }),
        );
        fields.insert("changed".into(), json!(changes));
        fields.insert("dry_run".into(), json!(true));
        fields.insert("sql".into(), json!(prepared.plan.sql()));
        return Ok(TargetResult {
            fields,
            exit: ExitCode::Success,
            error: None,
        });
    }
    if !changes {
        rec.outcome = Some(Outcome::Unchanged);
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        inv.audit_finish(&ctx.actor, started, &rec)?;
        fields.insert("status".into(), json!(prepared.unchanged_status));
        fields.insert("changed".into(), json!(false));
        let applied = Applied::default();
        finish(&mut session, &prepared, &applied, &mut fields)?;
        return Ok(TargetResult {
            fields,
            exit: ExitCode::Success,
            error: None,
        });
    }
    let applied = match apply_plan(&mut session, &prepared.plan, prepared.secret.as_ref()) {
        Ok(a) => a,
        Err(e) => return fail(inv, &mut rec, &mut fields, e, "failed"),
    };
    fields.insert("status".into(), json!(prepared.status));
    fields.insert("changed".into(), json!(true));
    if let Some(n) = applied.terminated {
        fields.insert("sessions_terminated".into(), json!(n));
    }
    // Deliver first (a new password must reach the caller), then record.
    let finished = finish(&mut session, &prepared, &applied, &mut fields);
    rec.outcome = Some(Outcome::Changed);
    rec.undo = prepared.undo.clone();
    rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
    if let Some(n) = applied.terminated {
        rec.detail = Some(json!({ "sessions_terminated": n }));
    }
    if let Err(e) = inv.audit_finish(&ctx.actor, started, &rec) {
        ctx.out.warn(format!(
            "{}: the change was made but its completion could not be recorded: {e}",
            target.name()
        ));
    }
    finished?;
    Ok(TargetResult {
        fields,
        exit: ExitCode::Success,
        error: None,
    })
}

/// The exit code of several results: all equal -> that one, mixed success -> partial.
pub(crate) fn combined_exit(results: &[TargetResult]) -> ExitCode {
    let first = results.first().map(|r| r.exit).unwrap_or(ExitCode::Success);
    if results.iter().all(|r| r.exit == first) {
        return first;
    }
    if results.iter().any(|r| r.exit == ExitCode::Success) {
        ExitCode::Partial
    } else {
        results
            .iter()
            .map(|r| r.exit)
            .find(|c| *c != ExitCode::Success)
            .unwrap_or(ExitCode::Failed)
    }
}

fn value_cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => sanitize(s),
        Some(Value::Bool(b)) => crate::output::yes_no(*b).into(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| value_cell(Some(x)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => sanitize(&other.to_string()),
    }
}

/// Print results: one JSON object for one target, an array for several; a table with
/// the given extra columns otherwise (errors also on stderr).
pub(crate) fn print_results(ctx: &Context, results: &[TargetResult], extra: &[&str]) {
    if ctx.out.is_json() {
        if results.len() == 1 {
            ctx.out.json(&Value::Object(results[0].fields.clone()));
        } else {
            let v: Vec<Value> = results
                .iter()
                .map(|r| Value::Object(r.fields.clone()))
                .collect();
            ctx.out.json(&v);
        }
    } else {
        let mut headers = vec!["target", "username", "status", "changed"];
        let present: Vec<&str> = extra
            .iter()
            .copied()
            .filter(|k| results.iter().any(|r| r.fields.contains_key(*k)))
            .collect();
        headers.extend(present.iter().copied());
        let mut t = ctx.out.table(&headers);
        for r in results {
            let f = &r.fields;
            let mut row = vec![
                format!(
                    "{}/{}",
                    value_cell(f.get("env")),
                    value_cell(f.get("database"))
                ),
                value_cell(f.get("username")),
                value_cell(f.get("status")),
                value_cell(f.get("changed")),
            ];
            row.extend(present.iter().map(|k| value_cell(f.get(*k))));
            t.add_row(row);
        }
        ctx.out.print(t);
        for r in results {
            if let Some(sql) = r.fields.get("sql").and_then(Value::as_array) {
                ctx.out.print(format!(
                    "-- SQL for {}/{} (dry run, nothing changed):",
                    value_cell(r.fields.get("env")),
                    value_cell(r.fields.get("database"))
                ));
                for s in sql {
                    ctx.out.print(format!("{};", value_cell(Some(s))));
                }
            }
        }
    }
    for r in results {
        if let Some(e) = &r.error {
            if !ctx.out.is_json() {
                ctx.out.error(e);
            }
        }
    }
}

/// Run a verb on every selected target with the same prepare/finish.
fn run_verb(
    ctx: &Context,
    spec: &VerbSpec<'_>,
    sel: &TargetSelection,
    extra: &[&str],
    prepare: &mut PrepareFn<'_>,
    finish: &mut FinishFn<'_>,
) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, sel)?;
    let mut results = vec![];
    for t in &targets {
        results.push(run_on_target(ctx, &mut inv, spec, t, prepare, finish)?);
    }
    print_results(ctx, &results, extra);
    Ok(combined_exit(&results))
}

fn no_finish(_: &mut Session, _: &Prepared, _: &Applied, _: &mut Map<String, Value>) -> Result<()> {
    Ok(())
}

/// `--valid-until DATE` or `--expires-in 90d` as a timestamp literal (RFC 3339 UTC).
pub(crate) fn expiry(
    valid_until: Option<&str>,
    expires_in: Option<&str>,
) -> Result<Option<String>> {
    if let Some(v) = valid_until {
        let text = if v.len() == 10 {
            format!("{v}T00:00:00Z")
        } else {
            v.to_string()
        };
        humantime::parse_rfc3339_weak(text.trim_end_matches('Z')).map_err(|_| {
            Error::usage(format!("valid-until: {v:?} is not a date"))
                .hint("give YYYY-MM-DD or an RFC 3339 time such as 2027-01-31T00:00:00Z")
        })?;
        return Ok(Some(text));
    }
    if let Some(d) = expires_in {
        let dur = humantime::parse_duration(d).map_err(|e| {
            Error::usage(format!("expires-in: {d:?} is not a duration: {e}"))
                .hint("e.g. 90d, 12h, 2w")
        })?;
        let at = std::time::SystemTime::now() + dur;
        return Ok(Some(humantime::format_rfc3339_seconds(at).to_string()));
    }
    Ok(None)
}

fn session_is_superuser(s: &mut Session) -> Result<bool> {
    let row = s
        .client
        .query_one("SELECT current_setting('is_superuser') = 'on'", &[])
        .map_err(|e| s.pg_error(&e))?;
    Ok(row.get(0))
}

/// Write a new password to a file created 0600 (refusing to overwrite unless `force`).
fn write_password_file(path: &Path, secret: &Secret, force: bool) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).mode(0o600);
    if force {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    let mut f = opts.open(path).map_err(|e| {
        Error::failed(format!(
            "cannot write the password file {}: {e}",
            path.display()
        ))
        .hint("the password was changed; run `pgacct user reset` again with a writable --password-file")
    })?;
    use std::os::unix::fs::PermissionsExt;
    let _ = f.set_permissions(std::fs::Permissions::from_mode(0o600));
    f.write_all(secret.expose().as_bytes())
        .and_then(|_| f.write_all(b"\n"))
        .map_err(|e| Error::failed(format!("writing {}: {e}", path.display())))
}

pub fn reset(ctx: &Context, a: ResetArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    if a.password.password_length < crate::secret::MIN_LENGTH {
        Secret::generate(a.password.password_length)?;
    }
    let valid_until = expiry(a.valid_until.as_deref(), a.expires_in.as_deref())?;
    if let Some(p) = &a.password.password_file {
        if p.exists() && !a.password.force {
            return Err(
                Error::usage(format!("password-file: {} exists", p.display()))
                    .hint("choose another path, or pass --force to overwrite it"),
            );
        }
    }
    {
        let inv = ctx.inventory()?;
        let n = resolve_targets(&inv, &a.targets)?.len();
        if n != 1 {
            return Err(Error::usage(format!(
                "user reset works on one target at a time ({n} selected)"
            ))
            .hint("a role's password is cluster-wide; name one target with --target ENV/DB"));
        }
    }
    let mut supplied = if a.password.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::usage(format!("password-stdin: cannot read stdin: {e}")))?;
        let s = Secret::new(line.trim_end_matches(['\n', '\r']).to_string());
        line.zeroize_string();
        if s.is_empty() {
            return Err(Error::usage(
                "password-stdin: the first line of stdin is empty",
            ));
        }
        Some(s)
    } else {
        None
    };
    let dry = a.change.dry_run;
    let spec = VerbSpec {
        action: "user reset",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    let terminate = a.terminate_sessions;
    let len = a.password.password_length;
    let mut prepare = |s: &mut Session| -> Result<Decision> {
        let info = match lookup_for_change(s, &role)? {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let quiet_log = session_is_superuser(s)?;
        // No password is made before the role is known to exist.
        let secret = if dry {
            None
        } else {
            match supplied.take() {
                Some(x) => Some(x),
                None => Some(Secret::generate(len)?),
            }
        };
        let plan = lplan::reset(&lplan::ResetIntent {
            role: &role,
            valid_until: valid_until.as_deref(),
            terminate_sessions: terminate,
            quiet_log,
            server_version_num: s.server_version_num,
        });
        let mut p = Prepared::new(plan, "password reset", "password reset");
        p.kind = info.kind.clone();
        p.secret = secret;
        p.fields.insert("kind".into(), json!(info.kind));
        p.fields.insert(
            "valid_until".into(),
            json!(valid_until.clone().or(info.valid_until.clone())),
        );
        if !info.login {
            p.fields.insert(
                "warning".into(),
                json!(format!(
                    "{role} cannot log in (NOLOGIN); `pgacct user unlock` lets it"
                )),
            );
        }
        if dry {
            p.fields
                .insert("sessions_open".into(), json!(info.sessions));
        }
        Ok(Decision::Apply(p))
    };
    let password_file = a.password.password_file.clone();
    let force = a.password.force;
    let mut finish = |s: &mut Session,
                      p: &Prepared,
                      applied: &Applied,
                      f: &mut Map<String, Value>|
     -> Result<()> {
        if let Some(secret) = &p.secret {
            match &password_file {
                Some(path) => {
                    write_password_file(path, secret, force)?;
                    f.insert("password_file".into(), json!(path.display().to_string()));
                }
                None => {
                    f.insert("password".into(), json!(secret.expose()));
                }
            }
        }
        if applied.terminated.is_none() {
            let admin = s.admin_user.clone();
            if let Some(info) =
                inspect::role(&mut s.client, role.as_str(), &admin).map_err(|e| s.pg_error(&e))?
            {
                f.insert("sessions_open".into(), json!(info.sessions));
            }
        }
        Ok(())
    };
    let code = run_verb(
        ctx,
        &spec,
        &a.targets,
        &[
            "password",
            "password_file",
            "sessions_terminated",
            "sessions_open",
        ],
        &mut prepare,
        &mut finish,
    )?;
    Ok(code)
}

/// Zeroize a String holding a password that came from stdin.
trait ZeroizeString {
    fn zeroize_string(&mut self);
}
impl ZeroizeString for String {
    fn zeroize_string(&mut self) {
        zeroize::Zeroize::zeroize(self);
    }
}

pub fn search_path(ctx: &Context, a: SearchPathArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let names = if a.schemas.is_empty() {
        vec!["public".to_string()]
    } else {
        a.schemas.clone()
    };
    let schemas = names
        .iter()
        .map(|s| SchemaName::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let spec = VerbSpec {
        action: "user search-path",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    let mut prepare = |s: &mut Session| -> Result<Decision> {
        let info = match lookup_for_change(s, &role)? {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let db = s.database.clone();
        let current =
            inspect::search_path_in(&mut s.client, info.oid, &db).map_err(|e| s.pg_error(&e))?;
        let missing =
            inspect::missing_schemas(&mut s.client, &names).map_err(|e| s.pg_error(&e))?;
        for m in &missing {
            ctx.out.warn(format!(
                "{}: schema {} does not exist in {db} (set anyway)",
                s.target.name(),
                sanitize(m)
            ));
        }
        let plan = lplan::search_path(&role, &db, &schemas, current.as_deref());
        let mut p = Prepared::new(plan, "search_path set", "search_path unchanged");
        p.kind = info.kind.clone();
        p.undo = Some(json!({ "database": db, "previous": current }));
        p.fields.insert("search_path".into(), json!(names));
        p.fields
            .insert("previous_search_path".into(), json!(current));
        if !missing.is_empty() {
            p.fields.insert("missing_schemas".into(), json!(missing));
        }
        Ok(Decision::Apply(p))
    };
    run_verb(
        ctx,
        &spec,
        &a.targets,
        &["search_path", "missing_schemas"],
        &mut prepare,
        &mut no_finish,
    )
}

/// Prepare a lock (shared with undo).
pub(crate) fn prepare_lock(s: &mut Session, role: &RoleName, terminate: bool) -> Result<Decision> {
    let info = match lookup_for_change(s, role)? {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let state = info.login_state();
    let plan = lplan::lock(role, &state, terminate, info.sessions, s.server_version_num);
    let status = if state.login {
        "user locked"
    } else {
        "sessions ended"
    };
    let mut p = Prepared::new(plan, status, "user already locked");
    p.kind = info.kind.clone();
    p.undo = Some(json!({ "prior": state }));
    p.fields
        .insert("sessions_open".into(), json!(info.sessions));
    Ok(Decision::Apply(p))
}

/// Prepare an unlock (shared with undo).
pub(crate) fn prepare_unlock(s: &mut Session, role: &RoleName) -> Result<Decision> {
    let info = match lookup_for_change(s, role)? {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let state = info.login_state();
    let plan = lplan::unlock(role, &state, None);
    let mut p = Prepared::new(plan, "user unlocked", "user already unlocked");
    p.kind = info.kind.clone();
    p.undo = Some(json!({ "prior": state }));
    if info.expired {
        p.fields.insert(
            "warning".into(),
            json!(format!(
                "the password of {role} expired ({}); `pgacct user reset` gives a new one",
                cell(&info.valid_until)
            )),
        );
    }
    Ok(Decision::Apply(p))
}

/// After a lock: how many sessions remain when they were not ended.
pub(crate) fn lock_finish(
    s: &mut Session,
    role: &RoleName,
    applied: &Applied,
    f: &mut Map<String, Value>,
) -> Result<()> {
    if applied.terminated.is_none() {
        let admin = s.admin_user.clone();
        if let Some(info) =
            inspect::role(&mut s.client, role.as_str(), &admin).map_err(|e| s.pg_error(&e))?
        {
            f.insert("sessions_open".into(), json!(info.sessions));
        }
    }
    Ok(())
}

pub fn lock(ctx: &Context, a: LockArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let spec = VerbSpec {
        action: "user lock",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    let terminate = a.terminate_sessions;
    run_verb(
        ctx,
        &spec,
        &a.targets,
        &["sessions_terminated", "sessions_open"],
        &mut |s| prepare_lock(s, &role, terminate),
        &mut |s, _, applied, f| lock_finish(s, &role, applied, f),
    )
}

pub fn unlock(ctx: &Context, a: NameChangeArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let spec = VerbSpec {
        action: "user unlock",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    run_verb(
        ctx,
        &spec,
        &a.targets,
        &["warning"],
        &mut |s| prepare_unlock(s, &role),
        &mut no_finish,
    )
}

/// Is this membership one of pgacct's group roles for `database` (by its comment)?
fn is_database_group(m: &inspect::MembershipRow, database: &str) -> bool {
    inspect::group_database(m.group_comment.as_deref()).as_deref() == Some(database)
}

/// What the role keeps in this database after a revoke, for the report.
fn remaining_json(rows: &[inspect::PrivilegeRow]) -> Value {
    json!(
        rows.iter()
            .map(|r| json!({
                "object": r.object_label(),
                "privilege": r.privilege,
                "via": r.via,
            }))
            .collect::<Vec<_>>()
    )
}

fn remaining_summary(rows: &[inspect::PrivilegeRow]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for r in rows {
        let line = format!("{} via {}", r.object_label(), r.via);
        match out.iter_mut().find(|l| l.starts_with(&line)) {
            Some(_) => {}
            None => out.push(line),
        }
    }
    out
}

pub fn revoke(ctx: &Context, a: RevokeArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let schemas = a
        .schemas
        .iter()
        .map(|s| SchemaName::parse(s).map(|x| x.as_str().to_string()))
        .collect::<Result<Vec<_>>>()?;
    let only = if schemas.is_empty() {
        None
    } else {
        Some(schemas.clone())
    };
    let spec = VerbSpec {
        action: "user revoke",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    let mut prepare = |s: &mut Session| -> Result<Decision> {
        let info = match lookup_for_change(s, &role)? {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let db = s.database.clone();
        let memberships =
            inspect::memberships(&mut s.client, info.oid).map_err(|e| s.pg_error(&e))?;
        let privs = inspect::privileges(&mut s.client, info.oid, only.as_deref())
            .map_err(|e| s.pg_error(&e))?;
        let mut what = Revoked {
            memberships: if only.is_some() {
                vec![]
            } else {
                memberships
                    .iter()
                    .filter(|m| is_database_group(m, &db))
                    .map(|m| m.membership())
                    .collect()
            },
            privileges: inspect::direct_privileges(&privs),
        };
        if only.is_some() {
            what.privileges
                .retain(|p| p.object_type != lplan::ObjectType::Database);
        }
        let removed: Vec<&str> = what.memberships.iter().map(|m| m.group.as_str()).collect();
        let plan = lplan::revoke(&role, &what);
        let mut p = Prepared::new(plan, "access revoked", "no access to revoke");
        p.kind = info.kind.clone();
        p.fields.insert(
            "revoked".into(),
            json!({
                "groups": removed,
                "privileges": what.privileges.iter()
                    .map(|d| format!("{} on {}", d.privilege, d.object_label()))
                    .collect::<Vec<_>>(),
            }),
        );
        // Predicted for a dry run; re-read after a real revoke.
        let predicted: Vec<inspect::PrivilegeRow> = privs
            .iter()
            .filter(|r| !r.is_direct() && !removed.contains(&r.via.as_str()))
            .cloned()
            .collect();
        p.fields
            .insert("still_has".into(), json!(remaining_summary(&predicted)));
        p.fields
            .insert("remaining_privileges".into(), remaining_json(&predicted));
        p.undo = Some(json!({ "revoked": what }));
        Ok(Decision::Apply(p))
    };
    let mut finish =
        |s: &mut Session, _: &Prepared, _: &Applied, f: &mut Map<String, Value>| -> Result<()> {
            let admin = s.admin_user.clone();
            let Some(info) =
                inspect::role(&mut s.client, role.as_str(), &admin).map_err(|e| s.pg_error(&e))?
            else {
                return Ok(());
            };
            let rows = inspect::privileges(&mut s.client, info.oid, only.as_deref())
                .map_err(|e| s.pg_error(&e))?;
            f.insert("still_has".into(), json!(remaining_summary(&rows)));
            f.insert("remaining_privileges".into(), remaining_json(&rows));
            Ok(())
        };
    run_verb(
        ctx,
        &spec,
        &a.targets,
        &["still_has"],
        &mut prepare,
        &mut finish,
    )
}

/// Read the preflight of a drop: shared catalogs from the target session, then each
/// database with something in it for descriptions.
fn preflight(settings: &ConnectSettings, s: &mut Session, info: &RoleInfo) -> Result<Preflight> {
    let (mut dbs, databases_owned, tablespaces_owned) =
        inspect::cluster_dependencies(&mut s.client, info.oid).map_err(|e| s.pg_error(&e))?;
    for d in dbs.iter_mut().filter(|d| d.has_dependencies()) {
        let described = if d.database == s.database {
            inspect::describe_dependencies(&mut s.client, info.oid, 20)
                .map_err(|e| s.pg_error(&e))?
        } else {
            let mut other = s.reconnect(settings, &d.database, Purpose::Read)?;
            inspect::describe_dependencies(&mut other.client, info.oid, 20)
                .map_err(|e| other.pg_error(&e))?
        };
        (d.owned, d.privileges, d.default_privileges) = described;
    }
    Ok(Preflight {
        role: info.name.clone(),
        sessions: dbs.iter().map(|d| d.sessions).sum(),
        databases: dbs,
        databases_owned,
        tablespaces_owned,
    })
}

fn preflight_json(p: &Preflight) -> Value {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

fn preflight_lines(p: &Preflight) -> Vec<String> {
    let mut out = p.ownership_lines();
    for d in &p.databases {
        if d.privilege_count > 0 {
            out.push(format!(
                "has {} privilege(s) in database {}",
                d.privilege_count, d.database
            ));
        }
        if d.default_privilege_count > 0 {
            out.push(format!(
                "has {} default privilege(s) in database {}",
                d.default_privilege_count, d.database
            ));
        }
        if d.sessions > 0 {
            out.push(format!(
                "has {} open session(s) on database {}",
                d.sessions, d.database
            ));
        }
    }
    out
}

pub fn drop(ctx: &Context, a: DropArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    let reassign_to = a
        .reassign_to
        .as_deref()
        .map(RoleName::parse_any)
        .transpose()?;
    if reassign_to.as_ref() == Some(&role) {
        return Err(Error::usage(
            "reassign-to: cannot reassign a role's objects to itself",
        ));
    }
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, &a.targets)?;
    let settings = ConnectSettings::from_context(ctx);
    let spec = VerbSpec {
        action: "user drop",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    let mut results = vec![];
    for t in &targets {
        results.push(drop_on_target(
            ctx,
            &mut inv,
            &settings,
            &spec,
            t,
            &role,
            reassign_to.as_ref(),
        )?);
    }
    print_results(ctx, &results, &["report"]);
    Ok(combined_exit(&results))
}

/// Drop on one target: preflight everywhere, then one transaction per database, the
/// target's own (with DROP ROLE) last. Not the generic runner: several connections.
fn drop_on_target(
    ctx: &Context,
    inv: &mut Inventory,
    settings: &ConnectSettings,
    spec: &VerbSpec<'_>,
    target: &Target,
    role: &RoleName,
    reassign_to: Option<&RoleName>,
) -> Result<TargetResult> {
    let plan_holder: std::cell::RefCell<Option<dplan::DropPlan>> = Default::default();
    let mut prepare = |s: &mut Session| -> Result<Decision> {
        let admin = s.admin_user.clone();
        let info =
            inspect::role(&mut s.client, role.as_str(), &admin).map_err(|e| s.pg_error(&e))?;
        let Some(info) = info else {
            // Already gone: idempotent.
            let mut p = Prepared::new(
                LifecyclePlan::default(),
                "user dropped",
                "user does not exist",
            );
            p.fields.insert("report".into(), json!([]));
            return Ok(Decision::Apply(p));
        };
        if let Some(e) = protected_role(&info, &admin) {
            return Ok(Decision::Stop {
                error: e,
                status: "refused".into(),
                fields: Map::new(),
            });
        }
        if let Some(to) = reassign_to {
            let exists =
                inspect::role(&mut s.client, to.as_str(), &admin).map_err(|e| s.pg_error(&e))?;
            match exists {
                None => {
                    return Ok(Decision::Stop {
                        error: Error::not_found(format!("reassign-to: role {to} not found"))
                            .hint("name an existing role to receive the objects"),
                        status: "failed".into(),
                        fields: Map::new(),
                    });
                }
                Some(r) if r.name.starts_with("pg_") => {
                    return Ok(Decision::Stop {
                        error: Error::refused(format!(
                            "reassign-to: {to} is a PostgreSQL system role"
                        )),
                        status: "refused".into(),
                        fields: Map::new(),
                    });
                }
                _ => {}
            }
        }
        let pf = preflight(settings, s, &info)?;
        let mut fields = Map::new();
        fields.insert("report".into(), json!(preflight_lines(&pf)));
        fields.insert("preflight".into(), preflight_json(&pf));
        fields.insert("kind".into(), json!(info.kind));
        if pf.owns_anything() && reassign_to.is_none() {
            let mut lines = pf.ownership_lines();
            lines.truncate(10);
            return Ok(Decision::Stop {
                error: Error::refused(format!(
                    "{role} owns objects, so dropping it would lose them: {}",
                    lines.join("; ")
                ))
                .hint(format!(
                    "pass --reassign-to ROLE to give them to another role first (e.g. --reassign-to {admin})"
                )),
                status: "refused".into(),
                fields,
            });
        }
        let plan = dplan::drop(role, reassign_to, &s.database, &pf, s.server_version_num);
        // The whole plan as one list, for dry-run, the audit steps and the report; the
        // per-database transactions are run by `drop_apply`.
        let mut steps = plan.before.clone();
        steps.extend(plan.databases.iter().flat_map(|d| {
            d.steps.iter().map(move |st| lplan::Step {
                description: format!("[{}] {}", d.database, st.description),
                ..st.clone()
            })
        }));
        let flat = LifecyclePlan {
            steps,
            after_commit: vec![],
        };
        *plan_holder.borrow_mut() = Some(plan);
        let mut p = Prepared::new(flat, "user dropped", "user does not exist");
        p.kind = info.kind.clone();
        p.fields = fields;
        Ok(Decision::Apply(p))
    };
    if spec.change.dry_run {
        // Shows the whole plan (every database's steps, in order) and changes nothing.
        return run_on_target(ctx, inv, spec, target, &mut prepare, &mut no_finish);
    }
    drop_apply(
        ctx,
        inv,
        settings,
        spec,
        target,
        role,
        &mut prepare,
        &plan_holder,
    )
}

#[allow(clippy::too_many_arguments)]
fn drop_apply(
    ctx: &Context,
    inv: &mut Inventory,
    settings: &ConnectSettings,
    spec: &VerbSpec<'_>,
    target: &Target,
    role: &RoleName,
    prepare: &mut PrepareFn<'_>,
    plan_holder: &std::cell::RefCell<Option<dplan::DropPlan>>,
) -> Result<TargetResult> {
    let started_at = Instant::now();
    let mut rec = Record {
        action: spec.action.into(),
        env: Some(target.env.clone()),
        db_name: Some(target.database.clone()),
        server: Some(target.server()),
        role: Some(spec.role.into()),
        reason: spec.change.reason.clone(),
        ticket: spec.change.ticket.clone(),
        undo_of: spec.undo_of,
        ..Default::default()
    };
    let started = inv.audit_begin(&ctx.actor, &rec)?;
    let mut fields = base_fields(target, spec.role);
    fields.insert("audit_id".into(), json!(started));
    let finish_err = |inv: &mut Inventory,
                      rec: &mut Record,
                      fields: &mut Map<String, Value>,
                      e: Error,
                      status: &str,
                      changed: bool|
     -> Result<TargetResult> {
        let e = e.on(target.name());
        rec.outcome = Some(if e.kind == ErrorKind::Refused {
            Outcome::Refused
        } else {
            Outcome::Failed
        });
        rec.error = Some(match &e.sqlstate {
            Some(s) => format!("{} (SQLSTATE {s})", e.message),
            None => e.message.clone(),
        });
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        inv.audit_finish(&ctx.actor, started, rec)?;
        fields.insert("status".into(), json!(status));
        fields.insert("changed".into(), json!(changed));
        error_fields(fields, &e);
        let exit = if changed {
            ExitCode::Partial
        } else {
            e.exit_code()
        };
        Ok(TargetResult {
            fields: std::mem::take(fields),
            exit,
            error: Some(e),
        })
    };
    if let Err(e) = confirm_protected(target, spec.change.yes, spec.action) {
        return finish_err(inv, &mut rec, &mut fields, e, "refused", false);
    }
    let mut session = match target::connect(settings, target, Purpose::Change) {
        Ok(s) => s,
        Err(e) => return finish_err(inv, &mut rec, &mut fields, e, "failed", false),
    };
    let prepared = match prepare(&mut session) {
        Ok(Decision::Apply(p)) => p,
        Ok(Decision::Stop {
            error,
            status,
            fields: extra,
        }) => {
            fields.extend(extra);
            return finish_err(inv, &mut rec, &mut fields, error, &status, false);
        }
        Err(e) => return finish_err(inv, &mut rec, &mut fields, e, "failed", false),
    };
    rec.kind = prepared.kind.clone();
    rec.steps = prepared.plan.descriptions();
    fields.extend(prepared.fields.clone());
    let Some(plan) = plan_holder.borrow_mut().take() else {
        rec.outcome = Some(Outcome::Unchanged);
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        inv.audit_finish(&ctx.actor, started, &rec)?;
        fields.insert("status".into(), json!(prepared.unchanged_status));
        fields.insert("changed".into(), json!(false));
        return Ok(TargetResult {
            fields,
            exit: ExitCode::Success,
            error: None,
        });
    };
    // End sessions first, so that their locks don't block DROP OWNED.
    let mut terminated = 0i64;
    for st in &plan.before {
        match session.client.query_one(&st.sql, &[]) {
            Ok(row) => terminated += row.get::<_, i64>(0),
            Err(e) => {
                let err = session.pg_error(&e);
                return finish_err(inv, &mut rec, &mut fields, err, "failed", false);
            }
        }
    }
    let mut done: Vec<String> = vec![];
    for d in &plan.databases {
        let lp = LifecyclePlan {
            steps: d.steps.clone(),
            after_commit: vec![],
        };
        let res = if d.database == session.database {
            apply_plan(&mut session, &lp, None)
        } else {
            session
                .reconnect(settings, &d.database, Purpose::Change)
                .and_then(|mut other| apply_plan(&mut other, &lp, None))
        };
        if let Err(e) = res {
            let changed = !done.is_empty();
            fields.insert("databases_done".into(), json!(done));
            let e = Error {
                message: format!("in database {}: {}", d.database, e.message),
                ..e
            };
            let e = if changed {
                let h = format!(
                    "databases {} were already cleaned (their transactions committed); fix the cause and run the drop again",
                    done.join(", ")
                );
                e.hint(h)
            } else {
                e
            };
            return finish_err(inv, &mut rec, &mut fields, e, "failed", changed);
        }
        done.push(d.database.clone());
    }
    fields.insert("status".into(), json!(prepared.status));
    fields.insert("changed".into(), json!(true));
    fields.insert("sessions_terminated".into(), json!(terminated));
    fields.insert("databases_done".into(), json!(done));
    rec.outcome = Some(Outcome::Changed);
    rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
    rec.detail = Some(json!({ "databases": done, "sessions_terminated": terminated }));
    if let Err(e) = inv.audit_finish(&ctx.actor, started, &rec) {
        ctx.out.warn(format!(
            "{}: {role} was dropped but the completion could not be recorded: {e}",
            target.name()
        ));
    }
    Ok(TargetResult {
        fields,
        exit: ExitCode::Success,
        error: None,
    })
}
