//! `pgacct user reset|search-path|lock|unlock|revoke|drop`.
//!
//! Each verb reads the role inside the target's transaction (after pgacct's per-role
//! advisory lock, so two runs at the same moment queue and the second sees the first's
//! change), builds a pure plan (`plan::lifecycle`, `plan::drop`) and applies it in that
//! same transaction through [`crate::apply::run`]. Around that, [`run_on_target`] does
//! what `pipeline` does for create (protected-target confirmation, audit start and end,
//! dry-run) plus what these verbs need besides: steps after the commit (ending sessions,
//! which must not happen before a NOLOGIN or a new password is committed), a report read
//! after the change (what a revoked user still has), and a password delivered only after
//! the commit. `drop` works on several databases and has its own runner below. `undo`
//! reuses these pieces.

use crate::apply::{self, Failure};
use crate::catalog::{self, inspect, inspect::RoleInfo};
use crate::cli::user::{
    ChangeArgs, DropArgs, LockArgs, NameChangeArgs, ResetArgs, RevokeArgs, SearchPathArgs,
    TargetSelection,
};
use crate::context::Context;
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::ident::{RoleName, SchemaName};
use crate::inventory::Inventory;
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::Target;
use crate::output::{cell, sanitize};
use crate::pipeline::{self, SessionFacts};
use crate::plan::Plan;
use crate::plan::drop::{self as dplan, Preflight};
use crate::plan::lifecycle::{self as lplan, LifecyclePlan, Revoked};
use crate::secret::Secret;
use crate::target::{self, ConnectSettings, Purpose, Session};
use postgres::Transaction;
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

pub(crate) use crate::pipeline::resolve_targets;

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
#[derive(Clone)]
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

/// Reads the catalog in the target's transaction and decides (`apply` false: dry run).
pub(crate) type PrepareFn<'a> =
    dyn FnMut(&mut Transaction<'_>, &SessionFacts, bool) -> Result<Decision> + 'a;
/// After a successful change (or an unchanged run): deliver and report.
pub(crate) type FinishFn<'a> =
    dyn FnMut(&mut Session, &Prepared, &Applied, &mut Map<String, Value>) -> Result<()> + 'a;
/// Before the transaction of a real run: a password to set, if any.
pub(crate) type SecretFn<'a> = dyn FnMut(&mut Session) -> Result<Option<Secret>> + 'a;

/// Map a server error on the session's target.
pub(crate) fn pg(f: &SessionFacts) -> impl Fn(postgres::Error) -> Error + '_ {
    move |e| target::pg_error(&e, &f.target)
}

/// Superusers, `pg_*` roles and the admin role are never touched.
pub(crate) fn protected_role(info: &RoleInfo, admin: &str) -> Option<Error> {
    let why = if info.name.starts_with("pg_") {
        "is a PostgreSQL system role".to_string()
    } else if info.name == admin {
        "is the admin role pgacct connects as".to_string()
    } else if info.superuser {
        "is a superuser".to_string()
    } else if let Some(su) = &info.superuser_via {
        format!("is a member of {su} and can act as that superuser")
    } else if info.managed
        && info
            .kind
            .as_deref()
            .is_some_and(|k| k.starts_with("group:"))
    {
        // Every user of its level in that database holds its privileges through it.
        "is one of pgacct's group roles, shared by the users of its database".to_string()
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
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
) -> Result<std::result::Result<RoleInfo, Decision>> {
    let info = inspect::role(tx, role.as_str(), &f.admin_user).map_err(pg(f))?;
    let Some(info) = info else {
        return Ok(Err(Decision::Stop {
            error: Error::not_found(format!("user {role} not found"))
                .hint("`pgacct user list` shows the roles of the target's cluster"),
            status: "user not found".into(),
            fields: Map::new(),
        }));
    };
    if let Some(e) = protected_role(&info, &f.admin_user) {
        return Ok(Err(Decision::Stop {
            error: e,
            status: "refused".into(),
            fields: Map::new(),
        }));
    }
    Ok(Ok(info))
}

pub(crate) fn base_fields(target: &Target, role: &str) -> Map<String, Value> {
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

fn error_text(e: &Error) -> String {
    match &e.sqlstate {
        Some(s) => format!("SQLSTATE {s}: {}", e.message),
        None => e.message.clone(),
    }
}

/// Run the after-commit steps (ending sessions) on the session.
pub(crate) fn after_commit(s: &mut Session, plan: &LifecyclePlan) -> Result<Applied> {
    let mut applied = Applied::default();
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

/// A record for `spec` on `target`.
pub(crate) fn base_record(spec: &VerbSpec<'_>, target: &Target) -> Record {
    Record {
        action: spec.action.into(),
        env: Some(target.env.clone()),
        db_name: Some(target.database.clone()),
        server: Some(target.server()),
        role: Some(spec.role.into()),
        reason: spec.change.reason.clone(),
        ticket: spec.change.ticket.clone(),
        undo_of: spec.undo_of,
        ..Default::default()
    }
}

/// A refusal before anything was started: one audit row, a result with exit 5.
pub(crate) fn refused_result(
    ctx: &Context,
    inv: &mut Inventory,
    spec: &VerbSpec<'_>,
    target: &Target,
    e: Error,
) -> Result<TargetResult> {
    let e = e.on(target.name());
    let mut rec = base_record(spec, target);
    rec.outcome = Some(Outcome::Refused);
    rec.error = Some(error_text(&e));
    let id = inv.record(&ctx.actor, &rec)?;
    let mut fields = base_fields(target, spec.role);
    fields.insert("status".into(), json!("refused"));
    fields.insert("changed".into(), json!(false));
    fields.insert("audit_id".into(), json!(id));
    error_fields(&mut fields, &e);
    Ok(TargetResult {
        fields,
        exit: e.exit_code(),
        error: Some(e),
    })
}

/// One verb on one target: guard, audit, connect, read + plan + apply in one
/// transaction (or a read-only dry run), after-commit steps, finish, audit.
pub(crate) fn run_on_target(
    ctx: &Context,
    inv: &mut Inventory,
    spec: &VerbSpec<'_>,
    target: &Target,
    secret_for: &mut SecretFn<'_>,
    prepare: &mut PrepareFn<'_>,
    finish: &mut FinishFn<'_>,
) -> Result<TargetResult> {
    let dry = spec.change.dry_run;
    if target.protected && !dry {
        if let Err(e) = pipeline::confirm(ctx, target, spec.action, spec.change.yes) {
            return refused_result(ctx, inv, spec, target, e);
        }
    }
    let started_at = Instant::now();
    let mut rec = base_record(spec, target);
    // No change without a record: if this fails, nothing was touched.
    let started = inv.audit_begin(&ctx.actor, &rec)?;
    let mut fields = base_fields(target, spec.role);

    let finish_failed = |inv: &mut Inventory,
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
        rec.error = Some(error_text(&e));
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        let id = inv.audit_finish(&ctx.actor, started, rec)?;
        fields.insert("status".into(), json!(status));
        fields.insert("changed".into(), json!(false));
        fields.insert("audit_id".into(), json!(id));
        error_fields(fields, &e);
        Ok(TargetResult {
            fields: std::mem::take(fields),
            exit: e.exit_code(),
            error: Some(e),
        })
    };

    let settings = ConnectSettings::from_context(ctx);
    let purpose = if dry { Purpose::Read } else { Purpose::Change };
    let mut session = match target::connect(&settings, target, purpose) {
        Ok(s) => s,
        Err(e) => return finish_failed(inv, &mut rec, &mut fields, e, "failed"),
    };
    let secret = if dry {
        None
    } else {
        match secret_for(&mut session) {
            Ok(s) => s,
            Err(e) => return finish_failed(inv, &mut rec, &mut fields, e, "failed"),
        }
    };
    let facts = SessionFacts {
        target: target.clone(),
        admin_user: session.admin_user.clone(),
        server_version_num: session.server_version_num,
        password_encryption: session.password_encryption.clone(),
    };
    let decided: RefCell<Option<Decision>> = RefCell::new(None);
    let role = spec.role;
    let applied = apply::run(&mut session, dry, secret.as_ref(), |tx, apply| {
        if apply {
            catalog::lock_role(tx, role)?;
        }
        let d = prepare(tx, &facts, apply).map_err(Failure::Other)?;
        let plan = match &d {
            Decision::Apply(p) => Plan {
                steps: p.plan.steps.clone(),
            },
            Decision::Stop { .. } => Plan::default(),
        };
        *decided.borrow_mut() = Some(d);
        Ok((plan, ()))
    });
    if let Err(e) = applied {
        return finish_failed(inv, &mut rec, &mut fields, e, "failed");
    }
    let prepared = match decided.into_inner() {
        Some(Decision::Apply(p)) => p,
        Some(Decision::Stop {
            error,
            status,
            fields: extra,
        }) => {
            fields.extend(extra);
            return finish_failed(inv, &mut rec, &mut fields, error, &status);
        }
        None => {
            let e = Error::failed("internal error: the plan was not made");
            return finish_failed(inv, &mut rec, &mut fields, e, "failed");
        }
    };
    rec.kind = prepared.kind.clone();
    rec.steps = prepared.plan.descriptions();
    fields.extend(prepared.fields.clone());
    let changes = !prepared.plan.is_empty();
    if dry {
        rec.outcome = Some(Outcome::DryRun);
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        let id = inv.audit_finish(&ctx.actor, started, &rec)?;
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
        fields.insert("audit_id".into(), json!(id));
        return Ok(TargetResult {
            fields,
            exit: ExitCode::Success,
            error: None,
        });
    }
    // The transaction is committed: end sessions now (they can't log in again with
    // what was just changed).
    let applied = match after_commit(&mut session, &prepared.plan) {
        Ok(a) => a,
        Err(e) => {
            let e = Error {
                message: format!(
                    "the change was committed, but ending the sessions failed: {}",
                    e.message
                ),
                ..e
            };
            ctx.out.warn(format!("{}: {}", target.name(), e.message));
            Applied::default()
        }
    };
    let changed = changes;
    fields.insert(
        "status".into(),
        json!(if changed {
            &prepared.status
        } else {
            &prepared.unchanged_status
        }),
    );
    fields.insert("changed".into(), json!(changed));
    if let Some(n) = applied.terminated {
        fields.insert("sessions_terminated".into(), json!(n));
    }
    // Deliver first (a new password must reach the caller), then record.
    let finished = finish(&mut session, &prepared, &applied, &mut fields);
    rec.outcome = Some(if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    });
    if changed {
        rec.undo = prepared.undo.clone();
    }
    rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
    if let Some(n) = applied.terminated {
        rec.detail = Some(json!({ "sessions_terminated": n }));
    }
    match inv.audit_finish(&ctx.actor, started, &rec) {
        Ok(id) => {
            fields.insert("audit_id".into(), json!(id));
        }
        Err(e) => ctx.out.warn(format!(
            "{}: the change was made but its completion could not be recorded (audit entry {started} stays open): {}",
            target.name(),
            e.message
        )),
    }
    if let Err(e) = finished {
        let e = e.on(target.name());
        error_fields(&mut fields, &e);
        return Ok(TargetResult {
            fields,
            exit: e.exit_code(),
            error: Some(e),
        });
    }
    Ok(TargetResult {
        fields,
        exit: ExitCode::Success,
        error: None,
    })
}

/// The exit code of several results (pipeline's rule: one target -> its code; several ->
/// 1 when all failed, 6 when some did).
pub(crate) fn combined_exit(results: &[TargetResult]) -> ExitCode {
    let errs: Vec<Option<&Error>> = results
        .iter()
        .map(|r| {
            if r.exit == ExitCode::Success {
                None
            } else {
                r.error.as_ref()
            }
        })
        .collect();
    pipeline::exit_code_of(&errs)
}

/// Run a verb on every selected target with the same closures.
fn run_verb(
    ctx: &Context,
    spec: &VerbSpec<'_>,
    sel: &TargetSelection,
    extra: &[&str],
    secret_for: &mut SecretFn<'_>,
    prepare: &mut PrepareFn<'_>,
    finish: &mut FinishFn<'_>,
) -> Result<ExitCode> {
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, sel)?;
    let mut results = vec![];
    for t in &targets {
        results.push(run_on_target(
            ctx, &mut inv, spec, t, secret_for, prepare, finish,
        )?);
    }
    print_results(ctx, &results, extra);
    Ok(combined_exit(&results))
}

pub(crate) fn no_finish(
    _: &mut Session,
    _: &Prepared,
    _: &Applied,
    _: &mut Map<String, Value>,
) -> Result<()> {
    Ok(())
}

pub(crate) fn no_secret(_: &mut Session) -> Result<Option<Secret>> {
    Ok(None)
}

/// Sessions still open for `role`, into the result (when none were ended).
fn report_open_sessions(
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

/// The same rules as `user create --password-stdin` (not empty, no control characters).
fn read_password_stdin() -> Result<Secret> {
    super::create::password_from_stdin()
}

pub fn reset(ctx: &Context, a: ResetArgs) -> Result<ExitCode> {
    let role = RoleName::parse_any(&a.name)?;
    Secret::check_length(a.password.password_length)?;
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
    // Opened (created 0600) now, before any change: a path that cannot be written must
    // fail before the password is changed, not after (that lost the new password).
    let opened_file = RefCell::new(match (&a.password.password_file, a.change.dry_run) {
        (Some(p), false) => Some(super::create::open_password_file(p, a.password.force)?),
        _ => None,
    });
    let mut supplied = if a.password.password_stdin && !a.change.dry_run {
        Some(read_password_stdin()?)
    } else {
        None
    };
    let spec = VerbSpec {
        action: "user reset",
        role: role.as_str(),
        change: &a.change,
        undo_of: None,
    };
    let terminate = a.terminate_sessions;
    let len = a.password.password_length;
    // A password is made only once the role is known to exist (and re-checked in the
    // transaction; if it vanished in between, the password is dropped unprinted).
    let mut secret_for = |s: &mut Session| -> Result<Option<Secret>> {
        let admin = s.admin_user.clone();
        let exists = inspect::role(&mut s.client, role.as_str(), &admin)
            .map_err(|e| s.pg_error(&e))?
            .is_some_and(|i| protected_role(&i, &admin).is_none());
        if !exists {
            return Ok(None);
        }
        Ok(Some(match supplied.take() {
            Some(x) => x,
            None => Secret::generate(len)?,
        }))
    };
    let delivered: RefCell<bool> = RefCell::new(false);
    let mut prepare = |tx: &mut Transaction<'_>, f: &SessionFacts, _apply: bool| {
        let info = match lookup_for_change(tx, f, &role)? {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let quiet_log = session_is_superuser(tx, f)?;
        let plan = lplan::reset(&lplan::ResetIntent {
            role: &role,
            valid_until: valid_until.as_deref(),
            terminate_sessions: terminate,
            quiet_log,
            server_version_num: f.server_version_num,
        });
        let mut p = Prepared::new(plan, "password reset", "password reset");
        p.kind = info.kind.clone();
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
        p.fields
            .insert("sessions_open".into(), json!(info.sessions));
        Ok(Decision::Apply(p))
    };
    let password_file = a.password.password_file.clone();
    let force = a.password.force;
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, &a.targets)?;
    let mut results = vec![];
    for t in &targets {
        // The secret is handed from `secret_for` to `finish` through the apply run; keep
        // it here to deliver it after the commit.
        let slot: RefCell<Option<Secret>> = RefCell::new(None);
        let mut sf = |s: &mut Session| -> Result<Option<Secret>> {
            let x = secret_for(s)?;
            // apply::run needs the secret; finish needs it again: keep a copy in the slot
            // (both zeroize on drop).
            if let Some(sec) = &x {
                *slot.borrow_mut() = Some(Secret::new(sec.expose().to_string()));
            }
            Ok(x)
        };
        let mut finish = |s: &mut Session,
                          _p: &Prepared,
                          applied: &Applied,
                          f: &mut Map<String, Value>|
         -> Result<()> {
            if let Some(secret) = slot.borrow_mut().take() {
                match &password_file {
                    Some(path) => {
                        match opened_file.borrow_mut().take() {
                            Some(file) => file.write(&secret)?,
                            None => write_password_file(path, &secret, force)?,
                        }
                        f.insert("password_file".into(), json!(path.display().to_string()));
                    }
                    None => {
                        f.insert("password".into(), json!(secret.expose()));
                    }
                }
                *delivered.borrow_mut() = true;
            }
            report_open_sessions(s, &role, applied, f)
        };
        results.push(run_on_target(
            ctx,
            &mut inv,
            &spec,
            t,
            &mut sf,
            &mut prepare,
            &mut finish,
        )?);
    }
    print_results(
        ctx,
        &results,
        &[
            "password",
            "password_file",
            "sessions_terminated",
            "sessions_open",
        ],
    );
    if let Some(path) = &password_file {
        if *delivered.borrow() {
            ctx.out.info(format!(
                "the new password is in {} (mode 0600)",
                path.display()
            ));
        }
    }
    if let Some(file) = opened_file.borrow_mut().take() {
        file.discard();
    }
    Ok(combined_exit(&results))
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
    let mut prepare = |tx: &mut Transaction<'_>, f: &SessionFacts, _apply: bool| {
        let info = match lookup_for_change(tx, f, &role)? {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let db = f.target.database.clone();
        let current = inspect::search_path_in(tx, info.oid, &db).map_err(pg(f))?;
        let missing = inspect::missing_schemas(tx, &names).map_err(pg(f))?;
        for m in &missing {
            ctx.out.warn(format!(
                "{}: schema {} does not exist in {db} (set anyway)",
                f.target.name(),
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
        &mut no_secret,
        &mut prepare,
        &mut no_finish,
    )
}

/// Prepare a lock (shared with undo).
pub(crate) fn prepare_lock(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    terminate: bool,
) -> Result<Decision> {
    let info = match lookup_for_change(tx, f, role)? {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let state = info.login_state();
    let plan = lplan::lock(role, &state, terminate, info.sessions, f.server_version_num);
    let status = if state.login {
        "user locked"
    } else {
        "sessions ended"
    };
    let mut p = Prepared::new(plan, status, "user already locked");
    p.kind = info.kind.clone();
    // Only a lock that took LOGIN away has an inverse (ending sessions has none).
    p.undo = state.login.then(|| json!({ "prior": state }));
    p.fields
        .insert("sessions_open".into(), json!(info.sessions));
    Ok(Decision::Apply(p))
}

/// Prepare an unlock (shared with undo).
pub(crate) fn prepare_unlock(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
) -> Result<Decision> {
    let info = match lookup_for_change(tx, f, role)? {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let state = info.login_state();
    let plan = lplan::unlock(role, &state, None);
    let mut p = Prepared::new(plan, "user unlocked", "user already unlocked");
    p.kind = info.kind.clone();
    p.undo = (!state.login).then(|| json!({ "prior": state }));
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
    report_open_sessions(s, role, applied, f)
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
        &mut no_secret,
        &mut |tx, f, _| prepare_lock(tx, f, &role, terminate),
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
        &mut no_secret,
        &mut |tx, f, _| prepare_unlock(tx, f, &role),
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
            .map(|r| {
                let mut v = json!({
                    "object": r.object_label(),
                    "privilege": r.privilege,
                    "via": r.via,
                });
                if let Some(g) = &r.granted_by {
                    v["granted_by"] = json!(g);
                }
                v
            })
            .collect::<Vec<_>>()
    )
}

/// One line per object and source: "table s.t via PUBLIC".
fn remaining_summary(rows: &[inspect::PrivilegeRow]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for r in rows {
        let via = if r.is_direct() && r.owner {
            "ownership"
        } else {
            r.via.as_str()
        };
        let line = format!("{} via {via}", r.object_label());
        if !out.contains(&line) {
            out.push(line);
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
    let mut prepare = |tx: &mut Transaction<'_>, f: &SessionFacts, _apply: bool| {
        let info = match lookup_for_change(tx, f, &role)? {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let db = f.target.database.clone();
        let memberships = inspect::memberships(tx, info.oid).map_err(pg(f))?;
        let privs = inspect::privileges(tx, info.oid, only.as_deref()).map_err(pg(f))?;
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
        // Predicted for a dry run; read again after a real revoke.
        let predicted: Vec<inspect::PrivilegeRow> = privs
            .iter()
            .filter(|r| !removed.contains(&r.via.as_str()))
            .filter(|r| !r.is_direct() || r.owner)
            .cloned()
            .collect();
        p.fields
            .insert("still_has".into(), json!(remaining_summary(&predicted)));
        p.fields
            .insert("remaining_privileges".into(), remaining_json(&predicted));
        p.undo = Some(json!({ "database": db, "revoked": what }));
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
    let code = run_verb(
        ctx,
        &spec,
        &a.targets,
        &["still_has"],
        &mut no_secret,
        &mut prepare,
        &mut finish,
    )?;
    Ok(code)
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
                if sql.is_empty() {
                    ctx.out.print("-- (none: nothing to change)");
                }
                for s in sql {
                    ctx.out.print(value_cell(Some(s)));
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
pub(crate) fn expiry(
    valid_until: Option<&str>,
    expires_in: Option<&str>,
) -> Result<Option<String>> {
    if let Some(v) = valid_until {
        // As in `user create`: a date means the end of that day (UTC), and the time must
        // be in the future (a new password that is expired on arrival is useless).
        let text = if v.len() == 10 {
            format!("{v}T23:59:59Z")
        } else {
            v.to_string()
        };
        let at = humantime::parse_rfc3339_weak(text.trim_end_matches('Z')).map_err(|_| {
            Error::usage(format!("valid-until: {v:?} is not a date"))
                .hint("give YYYY-MM-DD or an RFC 3339 time such as 2027-01-31T00:00:00Z")
        })?;
        if at <= std::time::SystemTime::now() {
            return Err(Error::usage(format!("valid-until: {v} is in the past"))
                .hint("give a date in the future, or leave --valid-until out"));
        }
        return Ok(Some(text));
    }
    if let Some(d) = expires_in {
        let dur = humantime::parse_duration(d).map_err(|e| {
            Error::usage(format!("expires-in: {d:?} is not a duration: {e}"))
                .hint("e.g. 90d, 12h, 2w")
        })?;
        let at = crate::kinds::expiry_at("expires-in", std::time::SystemTime::now(), dur)?;
        return Ok(Some(humantime::format_rfc3339_seconds(at).to_string()));
    }
    Ok(None)
}

fn session_is_superuser(tx: &mut Transaction<'_>, f: &SessionFacts) -> Result<bool> {
    let row = tx
        .query_one("SELECT current_setting('is_superuser') = 'on'", &[])
        .map_err(pg(f))?;
    Ok(row.get(0))
}

/// Write a new password to a file created 0600 (refusing to overwrite unless `force`).
fn write_password_file(path: &Path, secret: &Secret, force: bool) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).mode(0o600).custom_flags(libc::O_NOFOLLOW);
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

/// Read the preflight of a drop: the shared catalogs from the target session, then
/// every database with something in it, for descriptions.
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

/// The preflight as lines for people.
fn preflight_lines(p: &Preflight) -> Vec<String> {
    let mut out = p.ownership_lines();
    for d in &p.databases {
        if d.privilege_count > 0 {
            let mut l = format!(
                "has {} privilege(s) in database {}",
                d.privilege_count, d.database
            );
            if !d.privileges.is_empty() {
                l.push_str(&format!(": {}", d.privileges.join(", ")));
            }
            out.push(l);
        }
        if d.default_privilege_count > 0 {
            out.push(format!(
                "has {} default privilege(s) in database {}: {}",
                d.default_privilege_count,
                d.database,
                d.default_privileges.join(", ")
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
            &spec,
            t,
            &role,
            reassign_to.as_ref(),
        )?);
    }
    if !ctx.out.is_json() {
        for r in &results {
            if let Some(lines) = r.fields.get("report").and_then(Value::as_array) {
                if !lines.is_empty() {
                    ctx.out.info(format!(
                        "preflight of {} across the cluster of {}/{}:",
                        role,
                        value_cell(r.fields.get("env")),
                        value_cell(r.fields.get("database"))
                    ));
                    for l in lines {
                        ctx.out.info(format!("  - {}", value_cell(Some(l))));
                    }
                }
            }
        }
    }
    print_results(ctx, &results, &["sessions_terminated", "databases_done"]);
    Ok(combined_exit(&results))
}

/// What the drop decided after the preflight.
enum DropDecision {
    Gone,
    Stop(Error, Map<String, Value>),
    Go(dplan::DropPlan, Map<String, Value>, Option<String>),
}

/// Drop on one target: preflight across the cluster, then one transaction per database
/// (the other databases first, the target's own with DROP ROLE last).
pub(crate) fn drop_on_target(
    ctx: &Context,
    inv: &mut Inventory,
    spec: &VerbSpec<'_>,
    target: &Target,
    role: &RoleName,
    reassign_to: Option<&RoleName>,
) -> Result<TargetResult> {
    let dry = spec.change.dry_run;
    if target.protected && !dry {
        if let Err(e) = pipeline::confirm(ctx, target, spec.action, spec.change.yes) {
            return refused_result(ctx, inv, spec, target, e);
        }
    }
    let settings = ConnectSettings::from_context(ctx);
    let started_at = Instant::now();
    let mut rec = base_record(spec, target);
    let started = inv.audit_begin(&ctx.actor, &rec)?;
    let mut fields = base_fields(target, spec.role);
    let finish = |inv: &mut Inventory,
                  rec: &mut Record,
                  fields: &mut Map<String, Value>,
                  outcome: std::result::Result<(&str, bool), (Error, &str, bool)>|
     -> Result<TargetResult> {
        rec.duration_ms = Some(started_at.elapsed().as_millis() as i64);
        let (exit, error) = match outcome {
            Ok((status, changed)) => {
                rec.outcome = Some(if dry {
                    Outcome::DryRun
                } else if changed {
                    Outcome::Changed
                } else {
                    Outcome::Unchanged
                });
                fields.insert("status".into(), json!(status));
                fields.insert("changed".into(), json!(changed));
                (ExitCode::Success, None)
            }
            Err((e, status, changed)) => {
                let e = e.on(target.name());
                rec.outcome = Some(if e.kind == ErrorKind::Refused {
                    Outcome::Refused
                } else {
                    Outcome::Failed
                });
                rec.error = Some(error_text(&e));
                fields.insert("status".into(), json!(status));
                fields.insert("changed".into(), json!(changed));
                error_fields(fields, &e);
                let exit = if changed {
                    ExitCode::Partial
                } else {
                    e.exit_code()
                };
                (exit, Some(e))
            }
        };
        match inv.audit_finish(&ctx.actor, started, rec) {
            Ok(id) => {
                fields.insert("audit_id".into(), json!(id));
            }
            Err(e) => ctx.out.warn(format!(
                "{}: the outcome could not be recorded (audit entry {started} stays open): {}",
                target.name(),
                e.message
            )),
        }
        Ok(TargetResult {
            fields: std::mem::take(fields),
            exit,
            error,
        })
    };
    let purpose = if dry { Purpose::Read } else { Purpose::Change };
    let mut session = match target::connect(&settings, target, purpose) {
        Ok(s) => s,
        Err(e) => return finish(inv, &mut rec, &mut fields, Err((e, "failed", false))),
    };
    let decision = (|| -> Result<DropDecision> {
        let admin = session.admin_user.clone();
        let info = inspect::role(&mut session.client, role.as_str(), &admin)
            .map_err(|e| session.pg_error(&e))?;
        let Some(info) = info else {
            return Ok(DropDecision::Gone);
        };
        if let Some(e) = protected_role(&info, &admin) {
            return Ok(DropDecision::Stop(e, Map::new()));
        }
        if let Some(to) = reassign_to {
            let r = inspect::role(&mut session.client, to.as_str(), &admin)
                .map_err(|e| session.pg_error(&e))?;
            match r {
                None => {
                    return Ok(DropDecision::Stop(
                        Error::not_found(format!("reassign-to: role {to} not found"))
                            .hint("name an existing role to receive the objects"),
                        Map::new(),
                    ));
                }
                Some(r) if r.name.starts_with("pg_") => {
                    return Ok(DropDecision::Stop(
                        Error::refused(format!("reassign-to: {to} is a PostgreSQL system role")),
                        Map::new(),
                    ));
                }
                _ => {}
            }
        }
        let pf = preflight(&settings, &mut session, &info)?;
        let mut f = Map::new();
        f.insert("kind".into(), json!(info.kind));
        f.insert("report".into(), json!(preflight_lines(&pf)));
        f.insert(
            "preflight".into(),
            serde_json::to_value(&pf).unwrap_or(Value::Null),
        );
        if pf.owns_anything() && reassign_to.is_none() {
            let lines = pf.ownership_lines();
            let e = Error::refused(format!(
                "{role} owns objects that a drop would lose: {}",
                lines.join("; ")
            ))
            .hint(format!(
                "pass --reassign-to ROLE to give them to another role first (e.g. --reassign-to {admin})"
            ));
            return Ok(DropDecision::Stop(e, f));
        }
        let plan = dplan::drop(
            role,
            reassign_to,
            &session.database,
            &pf,
            session.server_version_num,
        );
        Ok(DropDecision::Go(plan, f, info.kind))
    })();
    let (plan, extra, kind) = match decision {
        Err(e) => return finish(inv, &mut rec, &mut fields, Err((e, "failed", false))),
        Ok(DropDecision::Gone) => {
            return finish(
                inv,
                &mut rec,
                &mut fields,
                Ok(("user does not exist", false)),
            );
        }
        Ok(DropDecision::Stop(e, extra)) => {
            fields.extend(extra);
            return finish(inv, &mut rec, &mut fields, Err((e, "refused", false)));
        }
        Ok(DropDecision::Go(p, extra, kind)) => (p, extra, kind),
    };
    fields.extend(extra);
    rec.kind = kind;
    rec.steps = plan.descriptions();
    if dry {
        fields.insert("dry_run".into(), json!(true));
        fields.insert(
            "sql".into(),
            json!(
                plan.sql()
                    .into_iter()
                    .map(|s| format!("{s};"))
                    .collect::<Vec<_>>()
            ),
        );
        return finish(inv, &mut rec, &mut fields, Ok(("user dropped", true)));
    }
    // End sessions first, so that their locks don't hold up DROP OWNED.
    let mut terminated = 0i64;
    for st in &plan.before {
        match session.client.query_one(&st.sql, &[]) {
            Ok(row) => terminated += row.get::<_, i64>(0),
            Err(e) => {
                let err = session.pg_error(&e);
                return finish(inv, &mut rec, &mut fields, Err((err, "failed", false)));
            }
        }
    }
    fields.insert("sessions_terminated".into(), json!(terminated));
    let mut done: Vec<String> = vec![];
    // Set when a concurrent run dropped the role after our preflight.
    let vanished = std::cell::Cell::new(false);
    for d in &plan.databases {
        let steps = d.steps.clone();
        let planner = |tx: &mut Transaction<'_>, _apply: bool| {
            catalog::lock_role(tx, role.as_str())?;
            let exists: bool = tx
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                    &[&role.as_str()],
                )?
                .get(0);
            if !exists {
                vanished.set(true);
                return Ok((Plan::default(), ()));
            }
            if reassign_to.is_none() {
                // Re-checked in the transaction: an object created since the preflight
                // would otherwise be dropped by DROP OWNED.
                let row = tx.query_one(
                    "SELECT count(*) FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid
                     WHERE s.refclassid = 'pg_authid'::regclass AND r.rolname = $1
                       AND s.deptype = 'o' AND s.classid <> 'pg_default_acl'::regclass
                       AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
                    &[&role.as_str()],
                )?;
                let n: i64 = row.get(0);
                if n > 0 {
                    return Err(Failure::Other(
                        Error::refused(format!(
                            "{role} owns {n} object(s) created in {} since the preflight",
                            d.database
                        ))
                        .hint("run the drop again to see them, or pass --reassign-to ROLE"),
                    ));
                }
            }
            Ok((
                Plan {
                    steps: steps.clone(),
                },
                (),
            ))
        };
        let res = if d.database == session.database {
            apply::run(&mut session, false, None, planner)
        } else {
            session
                .reconnect(&settings, &d.database, Purpose::Change)
                .and_then(|mut other| apply::run(&mut other, false, None, planner))
        };
        if let Err(e) = res {
            let changed = !done.is_empty();
            fields.insert("databases_done".into(), json!(done));
            let mut e = Error {
                message: format!("in database {}: {}", d.database, e.message),
                ..e
            };
            if changed {
                e = e.hint(format!(
                    "the databases {} were already cleaned (their transactions committed); fix the cause and run the drop again",
                    done.join(", ")
                ));
            }
            return finish(inv, &mut rec, &mut fields, Err((e, "failed", changed)));
        }
        if vanished.get() {
            fields.insert("databases_done".into(), json!(done));
            if done.is_empty() {
                return finish(
                    inv,
                    &mut rec,
                    &mut fields,
                    Ok(("user does not exist", false)),
                );
            }
            break;
        }
        done.push(d.database.clone());
    }
    fields.insert("databases_done".into(), json!(done));
    rec.detail = Some(json!({ "databases": done, "sessions_terminated": terminated }));
    finish(inv, &mut rec, &mut fields, Ok(("user dropped", true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_accepts_dates_and_durations_and_names_bad_input() {
        assert_eq!(
            expiry(Some("2999-01-31"), None).unwrap().as_deref(),
            Some("2999-01-31T23:59:59Z")
        );
        let e = expiry(Some("2020-01-01"), None).unwrap_err();
        assert_eq!(e.exit_code(), ExitCode::Usage);
        assert!(e.message.contains("in the past"), "{}", e.message);
        assert_eq!(
            expiry(Some("2999-01-31T12:30:00Z"), None)
                .unwrap()
                .as_deref(),
            Some("2999-01-31T12:30:00Z")
        );
        let in_90 = expiry(None, Some("90d")).unwrap().unwrap();
        assert!(in_90.ends_with('Z') && in_90.len() == 20, "{in_90}");
        assert_eq!(expiry(None, None).unwrap(), None);
        let e = expiry(Some("tomorrow"), None).unwrap_err();
        assert_eq!(e.exit_code(), ExitCode::Usage);
        assert!(e.message.contains("valid-until"));
        let e = expiry(None, Some("soon")).unwrap_err();
        assert!(e.message.contains("expires-in"));
    }

    #[test]
    fn protected_roles_are_named_with_the_reason() {
        let mut r = RoleInfo {
            name: "jsmith".into(),
            oid: 1,
            admin: false,
            login: true,
            superuser: false,
            superuser_via: None,
            createdb: false,
            createrole: false,
            replication: false,
            bypassrls: false,
            connection_limit: -1,
            valid_until: None,
            expired: false,
            member_of: vec![],
            managed: false,
            kind: None,
            comment: None,
            sessions: 0,
        };
        assert!(protected_role(&r, "postgres").is_none());
        assert!(
            protected_role(&r, "jsmith")
                .unwrap()
                .message
                .contains("admin role")
        );
        r.superuser_via = Some("rds_superuser".into());
        let e = protected_role(&r, "postgres").unwrap();
        assert_eq!(e.exit_code(), ExitCode::Refused);
        assert!(
            e.message.contains("member of rds_superuser"),
            "{}",
            e.message
        );
        r.superuser_via = None;
        r.managed = true;
        r.kind = Some("group:read".into());
        let e = protected_role(&r, "postgres").unwrap();
        assert!(e.message.contains("group role"), "{}", e.message);
        r.kind = Some("devqa".into());
        assert!(protected_role(&r, "postgres").is_none());
        r.superuser = true;
        let e = protected_role(&r, "postgres").unwrap();
        assert_eq!(e.exit_code(), ExitCode::Refused);
        assert!(e.message.contains("superuser"));
        r.name = "pg_monitor".into();
        assert!(
            protected_role(&r, "postgres")
                .unwrap()
                .message
                .contains("system role")
        );
    }
}
