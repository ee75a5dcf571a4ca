//! `pgacct user reset|search-path|lock|unlock|revoke|drop`.
//!
//! Each verb reads the role inside the target's transaction (after pgacct's per-role
//! advisory lock, so two runs at the same moment queue and the second sees the first's
//! change), builds a pure plan (`plan::lifecycle`, `plan::drop`) and applies it in that
//! same transaction. All but `drop` are a [`VerbOp`] run by [`crate::engine`], like
//! `user create` (guards, protected-target confirmation, audit start and end, dry run,
//! `--jobs` fan-out), using its hooks for what these verbs need besides: steps after the
//! commit (ending sessions, which must not happen before a NOLOGIN or a new password is
//! committed), a report read after the change (what a revoked user still has), and a
//! password made only once the role is known to exist (`reset`). `undo` runs its
//! inverses as a [`VerbOp`] too.
//!
//! `drop` keeps its own runner below: it ends sessions before any transaction, then
//! commits one transaction per database (the others first, the target's own with DROP
//! ROLE last), so one target can end half done (exit 6, `databases_done`); the engine's
//! unit is one transaction and one outcome per target.

use crate::catalog::{self, inspect, inspect::RoleInfo};
use crate::cli::user::{
    ChangeArgs, DropArgs, LockArgs, NameChangeArgs, ResetArgs, RevokeArgs, SearchPathArgs,
    TargetSelection,
};
use crate::context::Context;
use crate::delivery::{self, Delivered, Delivery};
use crate::engine::Failure;
use crate::engine::{self, Planned, SessionFacts, TargetRun};
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::ident::{RoleName, SchemaName};
use crate::intent::Change;
use crate::intent::Source;
use crate::intent::verbs::{
    DropIntent, LockIntent, ResetIntent, RevokeIntent, SearchPathIntent, UnlockIntent,
};
use crate::inventory::Inventory;
use crate::inventory::audit::Record;
use crate::inventory::targets::Target;
use crate::output::{Output, PasswordOnStdout, PasswordOwner, cell, sanitize};
use crate::plan::drop::{self as dplan, Preflight};
use crate::plan::lifecycle::{self as lplan, Revoked};
use crate::plan::{Plan, Stage, StepKind};
use crate::results::{
    AccessList, ChangeReport, LoginUndo, RemainingPrivilege, RevokeUndo, SearchPathUndo,
    TargetFields, TargetReport, UndoPayload, VerbReport,
};
use crate::secret::Secret;
use crate::target::{self, ConnectSettings, Purpose, Session};
use postgres::Transaction;
use postgres::types::Type;
use serde_json::{Value, json};
use std::sync::{Mutex, OnceLock};

/// What a verb decided for one target after reading the catalog.
pub(crate) enum Decision {
    /// Apply this plan (an empty plan means unchanged).
    Apply(Prepared),
    /// Stop with this error (role not found, protected role, ...); `fields` go into the
    /// result next to the error.
    Stop {
        error: Error,
        status: String,
        fields: ChangeReport,
    },
}

/// A plan and everything needed to report and audit it.
#[derive(Clone)]
pub(crate) struct Prepared {
    pub plan: Plan,
    /// Status when the plan changes something ("user locked").
    pub status: String,
    /// Status when it doesn't ("user already locked").
    pub unchanged_status: String,
    /// What undo needs (recorded only when something changed).
    pub undo: Option<Value>,
    pub kind: Option<String>,
    pub fields: ChangeReport,
    /// Reads of what the change left, sent in the COMMIT's flight (not in a dry run); the
    /// finish hook reads their rows.
    pub after: Option<std::sync::Arc<target::flight::Flight>>,
}

impl Prepared {
    pub fn new(plan: Plan, status: &str, unchanged_status: &str) -> Prepared {
        Prepared {
            plan,
            status: status.into(),
            unchanged_status: unchanged_status.into(),
            undo: None,
            kind: None,
            fields: ChangeReport::default(),
            after: None,
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
    /// Where: the role and the target.
    pub at: TargetFields,
    pub fields: Box<ChangeReport>,
    pub exit: ExitCode,
    pub error: Option<Error>,
}

impl TargetResult {
    /// This result as the typed report printed (JSON and tables).
    pub fn report(&self) -> TargetReport {
        TargetReport {
            at: self.at.clone(),
            report: VerbReport::Change(self.fields.clone()),
            error: self.error.clone(),
        }
    }
}

/// Reads the catalog in the target's transaction and decides (`apply` false: dry run).
pub(crate) type PrepareFn<'a> =
    dyn Fn(&mut Transaction<'_>, &SessionFacts, bool) -> Result<Decision> + Sync + 'a;
/// After the commit (not in a dry run): reports read after the change into the result.
pub(crate) type FinishFn<'a> =
    dyn Fn(&mut Session, &Prepared, &Applied, &mut ChangeReport) -> Result<()> + Sync + 'a;

/// A lifecycle verb (or an undo) as an [`engine::Operation`]: the engine guards,
/// audits, connects, runs `prepare` in the target's transaction after the per-role
/// advisory lock, applies the plan's steps, then (after the commit) the plan's
/// after-commit steps and `finish`.
pub(crate) struct VerbOp<'a> {
    pub action: String,
    pub role: RoleName,
    pub change: Change,
    pub undo_of: Option<i64>,
    pub prepare: Box<PrepareFn<'a>>,
    pub finish: Box<FinishFn<'a>>,
    /// The password to set (reset): made by `prepare`, only once the role is known to
    /// exist in the transaction that sets it.
    pub secret: Option<&'a OnceLock<Secret>>,
    out: Output,
    /// Targets where `prepare` stopped: the status and fields for the result.
    stops: Mutex<Vec<Stopped>>,
}

/// A target where `prepare` stopped: its id, the result's status and extra fields.
type Stopped = (i64, String, ChangeReport);

/// What a lifecycle verb did on one target.
pub(crate) struct VerbDetail {
    pub prepared: Prepared,
    pub applied: Applied,
    /// Fields `finish` reported after the commit.
    pub fields: ChangeReport,
    /// `finish` failed after the commit (the change stands).
    pub late_error: Option<Error>,
}

impl<'a> VerbOp<'a> {
    pub fn new(
        ctx: &Context,
        action: impl Into<String>,
        role: &RoleName,
        change: impl Into<Change>,
        prepare: Box<PrepareFn<'a>>,
    ) -> VerbOp<'a> {
        VerbOp {
            action: action.into(),
            role: role.clone(),
            change: change.into(),
            undo_of: None,
            prepare,
            finish: Box::new(|_, _, _, _| Ok(())),
            secret: None,
            out: ctx.out,
            stops: Mutex::new(vec![]),
        }
    }

    pub fn finish(mut self, finish: Box<FinishFn<'a>>) -> VerbOp<'a> {
        self.finish = finish;
        self
    }

    fn take_stop(&self, target: &Target) -> Option<(String, ChangeReport)> {
        let mut stops = self.stops.lock().unwrap_or_else(|p| p.into_inner());
        let i = stops.iter().position(|s| s.0 == target.id)?;
        let (_, status, fields) = stops.remove(i);
        Some((status, fields))
    }

    /// The result of one target's run: its fields, exit code and error.
    pub fn result_of(&self, r: TargetRun<VerbDetail>) -> TargetResult {
        let at = TargetFields::of(&r.target, self.role.as_str());
        let mut fields = Box::<ChangeReport>::default();
        match r.result {
            Ok(done) => {
                let d = done.detail;
                fields.merge(d.prepared.fields.clone());
                let status = if done.changed {
                    &d.prepared.status
                } else {
                    &d.prepared.unchanged_status
                };
                fields.status = Some(status.clone());
                fields.changed = Some(done.changed);
                if done.dry_run {
                    fields.dry_run = Some(true);
                    fields.sql = Some(d.prepared.plan.sql());
                } else if let Some(n) = d.applied.terminated {
                    fields.sessions_terminated = Some(n);
                }
                fields.merge(d.fields);
                if let Some(id) = r.audit_id {
                    fields.audit_id = Some(Some(id));
                }
                match d.late_error {
                    Some(e) => TargetResult {
                        at,
                        fields,
                        exit: e.exit_code(),
                        error: Some(e),
                    },
                    None => TargetResult {
                        at,
                        fields,
                        exit: ExitCode::Success,
                        error: None,
                    },
                }
            }
            Err(e) => {
                let (status, extra) = self.take_stop(&r.target).unwrap_or_else(|| {
                    let s = if e.kind == ErrorKind::Refused {
                        "refused"
                    } else {
                        "failed"
                    };
                    (s.to_string(), ChangeReport::default())
                });
                fields.merge(extra);
                fields.status = Some(status);
                fields.changed = Some(false);
                fields.audit_id = Some(r.audit_id);
                TargetResult {
                    at,
                    fields,
                    exit: e.exit_code(),
                    error: Some(e),
                }
            }
        }
    }

    /// Run on `targets` through the engine (up to `fanout.jobs` at once); one result
    /// per target, in order.
    pub fn run(
        &self,
        ctx: &Context,
        inv: &mut Inventory,
        targets: &[Target],
        fanout: engine::Fanout,
    ) -> Vec<TargetResult> {
        engine::run_with(ctx, inv, targets, self, fanout)
            .into_iter()
            .map(|r| self.result_of(r))
            .collect()
    }
}

impl engine::Operation for VerbOp<'_> {
    type Output = VerbDetail;

    fn action(&self) -> &str {
        &self.action
    }
    fn role(&self) -> Option<String> {
        Some(self.role.to_string())
    }
    fn change(&self) -> &Change {
        &self.change
    }
    fn password(&self) -> Option<&Secret> {
        self.secret.and_then(OnceLock::get)
    }
    fn undo_of(&self) -> Option<i64> {
        self.undo_of
    }

    fn plan(
        &self,
        tx: &mut Transaction<'_>,
        facts: &SessionFacts,
        apply: bool,
    ) -> std::result::Result<Planned<VerbDetail>, Failure> {
        // Queued: it goes with the first catalog read, in one flight with BEGIN. A password
        // reset takes the role's lock only if free, in that flight (`prepare_reset`).
        if apply && self.secret.is_none() {
            catalog::queue_lock_role(tx, self.role.as_str())?;
        }
        match (self.prepare)(tx, facts, apply)? {
            Decision::Apply(p) => Ok(Planned {
                plan: p.plan.clone(),
                reads_after: p.after.clone(),
                undo: p.undo.clone(),
                detail: VerbDetail {
                    prepared: p,
                    applied: Applied::default(),
                    fields: ChangeReport::default(),
                    late_error: None,
                },
            }),
            Decision::Stop {
                error,
                status,
                fields,
            } => {
                let mut stops = self.stops.lock().unwrap_or_else(|p| p.into_inner());
                stops.retain(|s| s.0 != facts.target.id);
                stops.push((facts.target.id, status, fields));
                Err(Failure::Other(error))
            }
        }
    }

    fn changes(&self, _plan: &Plan, detail: &VerbDetail) -> bool {
        !detail.prepared.plan.is_empty()
    }

    fn after_commit(
        &self,
        session: &mut Session,
        facts: &SessionFacts,
        detail: &mut VerbDetail,
    ) -> Result<()> {
        // Committed: end sessions now (they can't log in again with what was changed).
        let failed = match after_commit(session, &detail.prepared.plan) {
            Ok(a) => {
                detail.applied = a;
                None
            }
            Err(e) => Some(e),
        };
        // Asked to end the sessions: they are gone, or the result says they are not.
        if detail
            .prepared
            .plan
            .after_commit()
            .any(|s| s.kind == StepKind::TerminateSessions)
        {
            if let Some(e) =
                sessions_left_error(session, &self.role, failed.as_ref(), &mut detail.fields)
            {
                detail.late_error = Some(e.on(facts.target.name()));
                detail.fields.status =
                    Some(format!("{}, sessions still open", detail.prepared.status));
            }
        } else if let Some(e) = failed {
            self.out.warn(format!(
                "{}: the change was committed, but what follows it failed: {}",
                facts.target.name(),
                e.message
            ));
        }
        if let Err(e) = (self.finish)(
            session,
            &detail.prepared,
            &detail.applied,
            &mut detail.fields,
        ) {
            detail.late_error = Some(e.on(facts.target.name()));
        }
        Ok(())
    }

    fn record_done(&self, detail: &VerbDetail, rec: &mut Record) {
        rec.kind = detail.prepared.kind.clone();
        rec.steps = detail.prepared.plan.descriptions();
        if let Some(n) = detail.applied.terminated {
            rec.detail = Some(json!({ "sessions_terminated": n }));
        }
        if let Some(open) = detail.fields.sessions_still_open {
            rec.detail = Some(json!({
                "sessions_terminated": detail.applied.terminated,
                "sessions_still_open": open,
            }));
            if let Some(e) = &detail.late_error {
                rec.error = Some(e.audit_text());
            }
        }
    }
}

/// On a PostgreSQL inventory, start connecting to the targets the selection names one by
/// one (`--target`, `--env` with `--db`; a whole environment or `--all-envs` is not
/// warmed) while the inventory connects (`target::warm`). Call it before `ctx.inventory()`.
pub(crate) fn warm(ctx: &Context, sel: &TargetSelection, dry_run: bool) {
    let mut names: Vec<String> = sel.targets.clone();
    if let (Some(e), Some(d)) = (&sel.env, &sel.db) {
        names.push(format!("{e}/{d}"));
    }
    crate::target::warm::start(ctx, &names, dry_run);
}

/// Resolve `--target ENV/DB` (repeatable), `--env E --db D`, `--env E` alone (every
/// active database of E) or `--all-envs`. Unknown targets: exit 3 with the closest
/// entries. Duplicates are dropped, order kept.
pub(crate) fn resolve_targets(inv: &Inventory, sel: &TargetSelection) -> Result<Vec<Target>> {
    let mut out: Vec<Target> = vec![];
    let push = |t: Target, out: &mut Vec<Target>| {
        if !out.iter().any(|o| o.id == t.id) {
            out.push(t);
        }
    };
    for s in &sel.targets {
        let key: crate::inventory::targets::TargetKey = s.parse()?;
        push(inv.require_target(&key)?, &mut out);
    }
    match (&sel.env, &sel.db) {
        (Some(env), Some(db)) => {
            let key: crate::inventory::targets::TargetKey = format!("{env}/{db}").parse()?;
            push(inv.require_target(&key)?, &mut out);
        }
        (Some(env), None) => {
            crate::inventory::targets::validate_env(env)?;
            let all = inv.targets(false, Some(env))?;
            if all.is_empty() {
                return Err(Error::not_found(format!("no active target in env {env}"))
                    .hint("`pgacct registry list --all` shows the registered targets"));
            }
            for t in all {
                push(t, &mut out);
            }
        }
        (None, _) => {}
    }
    if sel.all_envs {
        for t in inv.targets(false, None)? {
            push(t, &mut out);
        }
    }
    if out.is_empty() {
        return Err(Error::usage("no target given")
            .hint("name one with --target ENV/DB, or --env ENV --db DB, or --env ENV for all its databases"));
    }
    for t in &out {
        if !t.active {
            return Err(Error::refused(format!("target {} is disabled", t.name()))
                .hint(format!("`pgacct registry enable {}` enables it", t.name())));
        }
    }
    Ok(out)
}

/// `--jobs` of a command line (0 counts as 1) as the engine's fan-out.
pub(crate) fn fanout(sel: &TargetSelection) -> engine::Fanout {
    engine::Fanout {
        jobs: sel.jobs.max(1),
    }
}

/// The edge: a command line's change options as the intent layer takes them.
impl From<&ChangeArgs> for Change {
    fn from(a: &ChangeArgs) -> Change {
        Change {
            dry_run: a.dry_run,
            reason: a.reason.clone(),
            ticket: a.ticket.clone(),
            yes: a.yes,
        }
    }
}

impl From<&Change> for Change {
    fn from(c: &Change) -> Change {
        c.clone()
    }
}

/// Map a server error on the session's target.
pub(crate) fn pg(f: &SessionFacts) -> impl Fn(postgres::Error) -> Error + '_ {
    move |e| target::pg_error(&e, &f.target)
}

/// Superusers, `pg_*` roles and the admin role are never touched: the one guard,
/// [`crate::intent::guard::protected_role`].
pub(crate) fn protected_role(info: &RoleInfo, admin: &str) -> Option<Error> {
    let role = crate::intent::guard::RoleFacts {
        name: &info.name,
        superuser: info.superuser,
        superuser_via: info.superuser_via.as_deref(),
        // `kind` is `group:<level>` exactly when the comment is a group marker.
        group: info.managed
            && info
                .kind
                .as_deref()
                .is_some_and(|k| k.starts_with("group:")),
    };
    crate::intent::guard::protected_role(&role, Some(admin))
}

/// Look a role up for a change: not found and protected roles become a [`Decision::Stop`].
#[allow(clippy::result_large_err)]
pub(crate) fn lookup_for_change(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
) -> Result<std::result::Result<RoleInfo, Decision>> {
    lookup_for_change_and(tx, f, role, vec![]).map(|(r, _)| r)
}

/// [`lookup_for_change`], with `extra` reads (no parameters) in the same flight; their
/// rows come back in order.
#[allow(clippy::type_complexity)]
pub(crate) fn lookup_for_change_and(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    extra: Vec<(String, Vec<target::flight::Param>)>,
) -> Result<(
    std::result::Result<RoleInfo, Decision>,
    Vec<Vec<postgres::Row>>,
)> {
    let (info, rows) =
        inspect::role_in_and(tx, role.as_str(), &f.admin_user, extra).map_err(pg(f))?;
    Ok((check_found(f, role, info), rows))
}

#[allow(clippy::result_large_err)]
fn check_found(
    f: &SessionFacts,
    role: &RoleName,
    info: Option<RoleInfo>,
) -> std::result::Result<RoleInfo, Decision> {
    let Some(info) = info else {
        return Err(Decision::Stop {
            error: Error::not_found(format!("user {role} not found"))
                .hint("`pgacct user list` shows the roles of the target's cluster"),
            status: "user not found".into(),
            fields: ChangeReport::default(),
        });
    };
    if let Some(e) = protected_role(&info, &f.admin_user) {
        return Err(Decision::Stop {
            error: e,
            status: "refused".into(),
            fields: ChangeReport::default(),
        });
    }
    Ok(info)
}

/// Run the after-commit steps (ending sessions) on the session.
pub(crate) fn after_commit(s: &mut Session, plan: &Plan) -> Result<Applied> {
    Ok(Applied {
        terminated: engine::tx::run_outside(s, plan, &Stage::AfterCommit)?,
    })
}

/// The exit code of several results (`engine::exit_code_of`: one result its code;
/// several: 6 when some failed, 1 when all did).
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
    engine::exit_code_of(&errs)
}

/// Run a verb on every selected target (up to `--jobs` at once) and print the results.
fn run_verb(
    ctx: &Context,
    op: &VerbOp<'_>,
    sel: &TargetSelection,
    extra: &[&str],
) -> Result<ExitCode> {
    warm(ctx, sel, op.change.dry_run);
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, sel)?;
    let results = op.run(ctx, &mut inv, &targets, fanout(sel));
    print_results(ctx, &results, extra);
    Ok(combined_exit(&results))
}

/// What the admin may do to a role it drops (see `drop`).
struct DropRights {
    superuser: bool,
    /// Has the role's privileges (a member with INHERIT).
    privileges: bool,
    /// Holds ADMIN OPTION on the role (directly or through a role it has the privileges of).
    admin_option: bool,
    /// May grant the role to itself: ADMIN OPTION, or (up to 15) CREATEROLE.
    can_take: bool,
    /// Has the privileges of the --reassign-to role (true without one).
    to_privileges: bool,
}

const DROP_RIGHTS_SQL: &str = "SELECT me.rolsuper, pg_has_role(r.oid, 'USAGE'),
                    EXISTS (SELECT 1 FROM pg_auth_members m
                            WHERE m.roleid = r.oid AND m.admin_option
                              AND pg_has_role(m.member, 'USAGE')),
                    me.rolcreaterole,
                    $2::text IS NULL OR COALESCE((SELECT pg_has_role(t.oid, 'USAGE')
                                                  FROM pg_roles t WHERE t.rolname = $2), false)
             FROM pg_roles me, pg_roles r
             WHERE me.rolname = current_user AND r.rolname = $1";

/// [`DROP_RIGHTS_SQL`] for `role` (and `reassign_to`), to read in a flight.
fn drop_rights_read(
    role: &RoleName,
    reassign_to: Option<&RoleName>,
) -> (String, Vec<target::flight::Param>) {
    (
        DROP_RIGHTS_SQL.to_string(),
        vec![
            target::flight::p(role.as_str().to_string(), Type::NAME),
            target::flight::p(reassign_to.map(|r| r.as_str().to_string()), Type::TEXT),
        ],
    )
}

/// What the admin may do to the role, from [`DROP_RIGHTS_SQL`]'s rows on a server of
/// `version` (None: the role is gone).
fn drop_rights(version: i32, rows: &[postgres::Row]) -> Option<DropRights> {
    let row = rows.first()?;
    let admin_option: bool = row.get(2);
    let createrole: bool = row.get(3);
    Some(DropRights {
        superuser: row.get(0),
        privileges: row.get(1),
        admin_option,
        can_take: admin_option || (version < 160000 && createrole),
        to_privileges: row.get(4),
    })
}

/// After `--terminate-sessions`: the sessions of `role` still open (ending them failed:
/// `failed`, or some did not exit). None when all are gone; else the error the result
/// and the audit entry carry (exit 1: the change stands, the offboarding is not done),
/// naming the GRANT that lets the admin end sessions when that is what it lacks, and
/// `sessions_still_open` in `fields`.
pub(crate) fn sessions_left_error(
    s: &mut Session,
    role: &RoleName,
    failed: Option<&Error>,
    fields: &mut ChangeReport,
) -> Option<Error> {
    let open: i64 = s
        .client
        .query_typed_one(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()",
            &[(&role.as_str(), Type::NAME)],
        )
        .map(|r| r.get(0))
        .unwrap_or(-1);
    if open == 0 && failed.is_none() {
        return None;
    }
    fields.sessions_still_open = Some(open.max(0));
    let admin = crate::ident::quote_ident(&s.admin_user);
    let why = match failed {
        Some(e) => format!("ending them failed: {}", e.message),
        None => "they did not exit in time".to_string(),
    };
    let lacks_privilege = failed.is_some_and(|e| e.sqlstate.as_deref() == Some("42501"));
    let mut err = Error::failed(format!(
        "the change to {role} was committed, but {} of its sessions are still open: {why}",
        if open < 0 {
            "some".to_string()
        } else {
            open.to_string()
        }
    ));
    err = err.hint(if lacks_privilege {
        format!(
            "ending other roles' sessions needs pg_signal_backend: as a superuser, `GRANT pg_signal_backend TO {admin};` and run the command again with --terminate-sessions (or end them by hand: SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = {})",
            crate::ident::quote_literal(role.as_str())
        )
    } else {
        "run the command again with --terminate-sessions".to_string()
    });
    Some(err)
}

/// Sessions still open for `role`, into the result (when none were ended).
pub(crate) fn report_open_sessions(
    s: &mut Session,
    role: &RoleName,
    prepared: &Prepared,
    applied: &Applied,
    f: &mut ChangeReport,
) -> Result<()> {
    if applied.terminated.is_none() {
        // The role's sessions (as `user list` counts them), if it exists: read in the
        // COMMIT's flight ([`sessions_read`]), else now.
        let rows = match prepared.after.as_ref().and_then(|a| a.answer()) {
            Some(mut rows) => rows.swap_remove(0),
            None => s
                .client
                .query_typed(SESSIONS_OPEN_SQL, &[(&role.as_str(), Type::NAME)])
                .map_err(|e| s.pg_error(&e))?,
        };
        if let Some(row) = rows.first() {
            f.sessions_open = Some(row.get::<_, i64>(0));
        }
    }
    Ok(())
}

/// Whether the role `$1` exists.
const ROLE_EXISTS_SQL: &str = "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)";

/// How many objects of the current database the role `$1` owns (default privileges aside).
const OWNED_HERE_SQL: &str =
    "SELECT count(*) FROM pg_shdepend s JOIN pg_roles r ON r.oid = s.refobjid
     WHERE s.refclassid = 'pg_authid'::regclass AND r.rolname = $1
       AND s.deptype = 'o' AND s.classid <> 'pg_default_acl'::regclass
       AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())";

/// A role's open sessions, if it exists.
const SESSIONS_OPEN_SQL: &str =
    "SELECT (SELECT count(*) FROM pg_stat_activity a WHERE a.usesysid = r.oid)
                 FROM pg_roles r WHERE r.rolname = $1";

/// [`SESSIONS_OPEN_SQL`] as a read after the change ([`Prepared::after`]).
fn sessions_read(role: &RoleName) -> std::sync::Arc<target::flight::Flight> {
    let mut f = target::flight::Flight::new();
    f.add(
        SESSIONS_OPEN_SQL,
        vec![target::flight::p(role.as_str().to_string(), Type::NAME)],
    );
    std::sync::Arc::new(f)
}

/// The result's password fields after a delivery: the file, or the password (once).
fn password_fields(d: Delivered, secret: &Secret, f: &mut ChangeReport) {
    match d {
        Delivered::File(path) => f.password_file = Some(path.display().to_string()),
        Delivered::Print => f.password = Some(secret.reveal()),
    }
}

/// Prepare a reset (shared with `user apply`): the role must exist and not be protected;
/// the password is made by `make` only then, into `secret`, and never for a dry run.
#[allow(clippy::too_many_arguments)]
pub(crate) fn prepare_reset(
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    valid_until: Option<&str>,
    terminate: bool,
    apply: bool,
    secret: &OnceLock<Secret>,
    make: &dyn Fn() -> Result<Secret>,
) -> Result<Decision> {
    // Whether the admin is a superuser, read in the same flight as the role; for real,
    // the role's lock too. A password reset does not queue behind another run on the
    // role: it would overwrite the password that run hands out (two "successful"
    // passwords, one dead). It takes the role's lock only if free, else changes nothing.
    let mut reads = vec![(
        "SELECT current_setting('is_superuser') = 'on'".to_string(),
        vec![],
    )];
    if apply {
        reads.push((
            "SELECT pg_try_advisory_xact_lock($1, hashtext($2))".to_string(),
            vec![
                target::flight::p(catalog::LOCK_ROLE, Type::INT4),
                target::flight::p(role.as_str().to_string(), Type::TEXT),
            ],
        ));
    }
    let (info, rows) = lookup_for_change_and(tx, f, role, reads)?;
    if apply
        && !rows
            .get(1)
            .and_then(|r| r.first())
            .is_some_and(|r| r.get::<_, bool>(0))
    {
        return Ok(Decision::Stop {
            error: Error::refused(format!(
                "another pgacct run is changing {role} on this target right now (a concurrent reset?); this reset changed nothing and hands out no password"
            ))
            .hint("the other run's password is the one that works; run this reset again once that run has finished if you need another"),
            status: "refused".into(),
            fields: ChangeReport::default(),
        });
    }
    let info = match info {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    // The password is made only now that the role is known to exist (in the
    // transaction that sets it, under the role's lock), and never for a dry run.
    if apply && secret.get().is_none() {
        let _ = secret.set(make()?);
    }
    let quiet_log = rows
        .first()
        .and_then(|r| r.first())
        .is_some_and(|r| r.get::<_, bool>(0));
    let plan = lplan::reset(&lplan::ResetInput {
        role,
        valid_until,
        terminate_sessions: terminate,
        quiet_log,
        server_version_num: f.version()?,
    });
    let mut p = Prepared::new(plan, "password reset", "password reset");
    p.kind = info.kind.clone();
    p.after = Some(sessions_read(role));
    p.fields.kind = Some(info.kind.clone());
    p.fields.valid_until = Some(valid_until.map(str::to_string).or(info.valid_until.clone()));
    if !info.login {
        p.fields.warning = Some(format!(
            "{role} cannot log in (NOLOGIN); `pgacct user unlock` lets it"
        ));
    }
    p.fields.sessions_open = Some(info.sessions);
    Ok(Decision::Apply(p))
}

pub fn reset(ctx: &Context, a: ResetArgs) -> Result<ExitCode> {
    let intent = ResetIntent::build(
        &a.name,
        a.valid_until.as_deref(),
        a.expires_in.as_deref(),
        a.terminate_sessions,
    )?;
    Secret::check_length(a.password.password_length)?;
    let ResetIntent {
        role,
        valid_until,
        terminate_sessions: terminate,
    } = intent;
    if let Some(p) = &a.password.password_file {
        // Before the target count, like `user create` (where opening it refuses).
        crate::secret::refuse_existing(p, a.password.force)?;
    }
    warm(ctx, &a.targets, a.change.dry_run);
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, &a.targets)?;
    if targets.len() != 1 {
        return Err(Error::usage(format!(
            "user reset works on one target at a time ({} selected)",
            targets.len()
        ))
        .hint("a role's password is cluster-wide; name one target with --target ENV/DB"));
    }
    let delivery = Delivery::open(&a.password, a.change.dry_run)?;
    let supplied = Mutex::new(if a.password.password_stdin && !a.change.dry_run {
        Some(delivery::new_password(&a.password)?)
    } else {
        None
    });
    let len = a.password.password_length;
    let secret: OnceLock<Secret> = OnceLock::new();
    let make = || -> Result<Secret> {
        let given = supplied.lock().unwrap_or_else(|p| p.into_inner()).take();
        match given {
            Some(x) => Ok(x),
            None => Secret::generate(len),
        }
    };
    let prepare = |tx: &mut Transaction<'_>, f: &SessionFacts, apply: bool| {
        prepare_reset(
            tx,
            f,
            &role,
            valid_until.as_deref(),
            terminate,
            apply,
            &secret,
            &make,
        )
    };
    let mut op = VerbOp::new(ctx, "user reset", &role, &a.change, Box::new(prepare)).finish(
        Box::new(|s, p, applied, f| report_open_sessions(s, &role, p, applied, f)),
    );
    op.secret = Some(&secret);
    let runs = engine::run_with(ctx, &mut inv, &targets, &op, fanout(&a.targets));
    // Committed: the password was set and goes to the caller, once.
    let set: Vec<bool> = runs
        .iter()
        .map(|r| r.result.as_ref().is_ok_and(|d| !d.dry_run && d.changed))
        .collect();
    let mut results: Vec<TargetResult> = runs.into_iter().map(|r| op.result_of(r)).collect();
    match (set.iter().position(|s| *s), secret.get()) {
        (Some(i), Some(pw)) => {
            password_fields(delivery.deliver(ctx, pw), pw, &mut results[i].fields)
        }
        _ => delivery.discard(),
    }
    // The results carry a generated password: if stdout cannot take it, the caller hears
    // so (one given on stdin, the caller has).
    let stdout = PasswordOnStdout::new(
        results
            .iter()
            .filter(|r| r.fields.password.is_some() && !a.password.password_stdin)
            .map(|_| PasswordOwner {
                role: role.to_string(),
                target: targets[0].name(),
                created: false,
            })
            .collect(),
    );
    print_results_to(
        ctx,
        &stdout,
        &results,
        &[
            "password",
            "password_file",
            "sessions_terminated",
            "sessions_open",
        ],
    );
    stdout.finish()?;
    Ok(combined_exit(&results))
}

/// Prepare a search-path change (shared with `user apply`).
pub(crate) fn prepare_search_path(
    ctx: &Context,
    tx: &mut Transaction<'_>,
    f: &SessionFacts,
    role: &RoleName,
    schemas: &[SchemaName],
) -> Result<Decision> {
    use target::flight::p;
    let db = f.target.database.clone();
    let names: Vec<String> = schemas.iter().map(|s| s.as_str().to_string()).collect();
    // The stored search_path (by the role's name) and the missing schemas, in the same
    // flight as the role.
    let (info, rows) = lookup_for_change_and(
        tx,
        f,
        role,
        vec![
            (
                inspect::by_name(inspect::SEARCH_PATH_SQL),
                vec![
                    p(role.as_str().to_string(), Type::NAME),
                    p(db.clone(), Type::NAME),
                ],
            ),
            (
                inspect::MISSING_SCHEMAS_SQL.to_string(),
                vec![p(names.clone(), Type::TEXT_ARRAY)],
            ),
        ],
    )?;
    let info = match info {
        Ok(i) => i,
        Err(stop) => return Ok(stop),
    };
    let current = inspect::search_path_from(&rows[0]);
    let missing: Vec<String> = rows[1].iter().map(|r| r.get(0)).collect();
    for m in &missing {
        ctx.out.warn(format!(
            "{}: schema {} does not exist in {db} (set anyway)",
            f.target.name(),
            sanitize(m)
        ));
    }
    let plan = lplan::search_path(role, &db, schemas, current.as_deref());
    let mut p = Prepared::new(plan, "search_path set", "search_path unchanged");
    p.kind = info.kind.clone();
    p.undo = Some(
        UndoPayload::SearchPath(SearchPathUndo {
            database: db.clone(),
            previous: current.clone(),
        })
        .to_value(),
    );
    p.fields.search_path = Some(crate::results::SearchPathValue::Schemas(names));
    p.fields.previous_search_path = Some(current.clone());
    if !missing.is_empty() {
        p.fields.missing_schemas = Some(missing);
    }
    Ok(Decision::Apply(p))
}

pub fn search_path(ctx: &Context, a: SearchPathArgs) -> Result<ExitCode> {
    let SearchPathIntent { role, schemas } = SearchPathIntent::build(&a.name, &a.schemas)?;
    let prepare = |tx: &mut Transaction<'_>, f: &SessionFacts, _apply: bool| {
        prepare_search_path(ctx, tx, f, &role, &schemas)
    };
    let op = VerbOp::new(ctx, "user search-path", &role, &a.change, Box::new(prepare));
    run_verb(ctx, &op, &a.targets, &["search_path", "missing_schemas"])
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
    let plan = lplan::lock(role, &state, terminate, info.sessions, f.version()?);
    let status = if state.login {
        "user locked"
    } else {
        "sessions ended"
    };
    let mut p = Prepared::new(plan, status, "user already locked");
    p.kind = info.kind.clone();
    p.after = Some(sessions_read(role));
    // Only a lock that took LOGIN away has an inverse (ending sessions has none).
    p.undo = state
        .login
        .then(|| UndoPayload::Login(LoginUndo { prior: state }).to_value());
    p.fields.sessions_open = Some(info.sessions);
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
    p.undo = (!state.login).then(|| UndoPayload::Login(LoginUndo { prior: state }).to_value());
    if info.expired {
        p.fields.warning = Some(format!(
            "the password of {role} expired ({}); `pgacct user reset` gives a new one",
            cell(&info.valid_until)
        ));
    }
    Ok(Decision::Apply(p))
}

/// After a lock: how many sessions remain when they were not ended.
pub(crate) fn lock_finish(
    s: &mut Session,
    role: &RoleName,
    prepared: &Prepared,
    applied: &Applied,
    f: &mut ChangeReport,
) -> Result<()> {
    report_open_sessions(s, role, prepared, applied, f)
}

pub fn lock(ctx: &Context, a: LockArgs) -> Result<ExitCode> {
    let LockIntent {
        role,
        terminate_sessions: terminate,
    } = LockIntent::build(&a.name, a.terminate_sessions)?;
    let op = VerbOp::new(
        ctx,
        "user lock",
        &role,
        &a.change,
        Box::new(|tx, f, _| prepare_lock(tx, f, &role, terminate)),
    )
    .finish(Box::new(|s, prepared, applied, f| {
        lock_finish(s, &role, prepared, applied, f)
    }));
    run_verb(
        ctx,
        &op,
        &a.targets,
        &["sessions_terminated", "sessions_open"],
    )
}

pub fn unlock(ctx: &Context, a: NameChangeArgs) -> Result<ExitCode> {
    let UnlockIntent { role } = UnlockIntent::build(&a.name)?;
    let op = VerbOp::new(
        ctx,
        "user unlock",
        &role,
        &a.change,
        Box::new(|tx, f, _| prepare_unlock(tx, f, &role)),
    );
    run_verb(ctx, &op, &a.targets, &["warning"])
}

/// Is this membership one of pgacct's group roles for `database` (by its comment)?
fn is_database_group(m: &inspect::MembershipRow, database: &str) -> bool {
    inspect::group_database(m.group_comment.as_deref()).as_deref() == Some(database)
}

/// What the role keeps in this database after a revoke, for the report.
fn remaining_privileges(rows: &[inspect::PrivilegeRow]) -> Vec<RemainingPrivilege> {
    rows.iter()
        .map(|r| RemainingPrivilege {
            object: r.object_label(),
            privilege: r.privilege.clone(),
            via: r.via.clone(),
            granted_by: r.granted_by.clone(),
        })
        .collect()
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
    let RevokeIntent { role, schemas } = RevokeIntent::build(&a.name, &a.schemas)?;
    let schemas: Vec<String> = schemas.iter().map(|s| s.as_str().to_string()).collect();
    let only = if schemas.is_empty() {
        None
    } else {
        Some(schemas.clone())
    };
    use target::flight::p;
    let name = || p(role.as_str().to_string(), Type::NAME);
    // The role's privileges (by its name), for the flights below.
    let privileges_read = || {
        (
            inspect::by_name(&inspect::privileges_sql()),
            vec![name(), p(only.clone(), Type::TEXT_ARRAY)],
        )
    };
    // What the role still has after the revoke: whether it is still there, and its
    // privileges (one flight).
    let still_there = || {
        let mut flight = target::flight::Flight::new();
        flight.add(ROLE_EXISTS_SQL, vec![name()]);
        let (sql, params) = privileges_read();
        flight.add(sql, params);
        flight
    };
    let prepare = |tx: &mut Transaction<'_>, f: &SessionFacts, _apply: bool| {
        // Memberships and privileges in the same flight as the role.
        let (info, rows) = lookup_for_change_and(
            tx,
            f,
            &role,
            vec![
                (inspect::by_name(inspect::MEMBERSHIPS_SQL), vec![name()]),
                privileges_read(),
            ],
        )?;
        let info = match info {
            Ok(i) => i,
            Err(stop) => return Ok(stop),
        };
        let db = f.target.database.clone();
        let memberships = inspect::memberships_from(&rows[0]);
        let privs = inspect::privileges_from(&rows[1]);
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
        p.fields.revoked = Some(AccessList {
            groups: removed.iter().map(|g| g.to_string()).collect(),
            privileges: what
                .privileges
                .iter()
                .map(|d| format!("{} on {}", d.privilege, d.object_label()))
                .collect(),
        });
        // Predicted for a dry run; read again after a real revoke.
        let predicted: Vec<inspect::PrivilegeRow> = privs
            .iter()
            .filter(|r| !removed.contains(&r.via.as_str()))
            .filter(|r| !r.is_direct() || r.owner)
            .cloned()
            .collect();
        p.fields.still_has = Some(remaining_summary(&predicted));
        p.fields.remaining_privileges = Some(remaining_privileges(&predicted));
        p.undo = Some(
            UndoPayload::Revoke(RevokeUndo {
                database: db,
                revoked: what,
            })
            .to_value(),
        );
        p.after = Some(std::sync::Arc::new(still_there()));
        Ok(Decision::Apply(p))
    };
    let finish = |s: &mut Session, p: &Prepared, _: &Applied, f: &mut ChangeReport| -> Result<()> {
        // Read in the COMMIT's flight (else now).
        let read = match p.after.as_ref().and_then(|a| a.answer()) {
            Some(read) => read,
            None => {
                target::flight::run(&mut s.client, &still_there()).map_err(|e| s.pg_error(&e))?
            }
        };
        let exists = read[0].first().is_some_and(|r| r.get::<_, bool>(0));
        if !exists {
            return Ok(());
        }
        let rows = inspect::privileges_from(&read[1]);
        f.still_has = Some(remaining_summary(&rows));
        f.remaining_privileges = Some(remaining_privileges(&rows));
        Ok(())
    };
    let op = VerbOp::new(ctx, "user revoke", &role, &a.change, Box::new(prepare))
        .finish(Box::new(finish));
    run_verb(ctx, &op, &a.targets, &["still_has"])
}

/// Print results: in JSON always an array of per-target results (one target too); a
/// table with the given extra columns otherwise (errors also on stderr).
pub(crate) fn print_results(ctx: &Context, results: &[TargetResult], extra: &[&str]) {
    print_results_to(ctx, &PasswordOnStdout::new(vec![]), results, extra)
}

/// [`print_results`] through `stdout`, for results that may carry a new password.
fn print_results_to(
    ctx: &Context,
    stdout: &PasswordOnStdout,
    results: &[TargetResult],
    extra: &[&str],
) {
    let reports: Vec<TargetReport> = results.iter().map(TargetResult::report).collect();
    if ctx.out.is_json() {
        stdout.json(&reports);
    } else {
        stdout.print(crate::results::results_table(&ctx.out, &reports, extra));
        for r in results {
            if let Some(sql) = &r.fields.sql {
                ctx.out.print(format!(
                    "-- SQL for {}/{} (dry run, nothing changed):",
                    sanitize(&r.at.env),
                    sanitize(&r.at.database)
                ));
                if sql.is_empty() {
                    ctx.out.print("-- (none: nothing to change)");
                }
                for s in sql {
                    ctx.out.print(sanitize(s));
                }
            }
        }
    }
    // Each failure also on stderr, as an error object in JSON mode (one contract for
    // every verb: docs/json.md, "Errors").
    for r in results {
        if let Some(e) = &r.error {
            ctx.out.error(e);
        }
    }
}

/// VALID UNTIL for `user reset` ([`crate::intent::verbs::expiry`], now).
#[cfg(test)]
fn expiry(valid_until: Option<&str>, expires_in: Option<&str>) -> Result<Option<String>> {
    crate::intent::verbs::expiry(valid_until, expires_in, std::time::SystemTime::now())
}

/// Read the preflight of a drop: the shared catalogs from the target session, then
/// every database with something in it, for descriptions.
/// `deps`: [`inspect::cluster_dependencies`] of the role, read already.
#[allow(clippy::too_many_arguments)]
fn preflight(
    settings: &ConnectSettings,
    target: &Target,
    creds: &std::sync::Arc<target::credentials::Credentials>,
    database: &str,
    here: &mut Transaction<'_>,
    info: &RoleInfo,
    deps: (Vec<dplan::DatabaseDeps>, Vec<String>, Vec<String>),
) -> std::result::Result<Preflight, Failure> {
    let (mut dbs, databases_owned, tablespaces_owned) = deps;
    for d in dbs.iter_mut().filter(|d| d.has_dependencies()) {
        let described = if d.database == database {
            inspect::describe_dependencies(here, info.oid, 20)?
        } else {
            let mut other =
                target::connect_with(settings, target, &d.database, Purpose::Read, creds.clone())?;
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
    let DropIntent { role, reassign_to } =
        DropIntent::build(&a.name, a.reassign_to.as_deref(), Source::Command)?;
    warm(ctx, &a.targets, a.change.dry_run);
    let mut inv = ctx.inventory()?;
    let targets = resolve_targets(&inv, &a.targets)?;
    // The verb's identity for the engine's guard and audit records; drop plans and
    // applies per database below, so `prepare` is never called.
    let op = VerbOp::new(
        ctx,
        "user drop",
        &role,
        &a.change,
        Box::new(|_, _, _| Err(Error::failed("internal error: drop plans per database"))),
    );
    let mut results = vec![];
    for t in &targets {
        results.push(drop_on_target(
            ctx,
            &mut inv,
            &op,
            t,
            &role,
            reassign_to.as_ref(),
        )?);
    }
    if !ctx.out.is_json() {
        for r in &results {
            if let Some(lines) = &r.fields.report {
                if !lines.is_empty() {
                    ctx.out.info(format!(
                        "preflight of {} across the cluster of {}/{}:",
                        role,
                        sanitize(&r.at.env),
                        sanitize(&r.at.database)
                    ));
                    for l in lines {
                        ctx.out.info(format!("  - {}", sanitize(l)));
                    }
                }
            }
        }
    }
    print_results(ctx, &results, &["sessions_terminated", "databases_done"]);
    Ok(combined_exit(&results))
}

/// Drop on one target: preflight across the cluster, then one transaction per database
/// (the other databases first, the target's own with DROP ROLE last), run by the engine
/// from the one plan: its guard, its audit rows, its connection, its `Before` steps
/// (ending sessions) and, per database ([`crate::plan::Stage::TxIn`]), its transaction.
/// Err: refused, the audit record cannot be written.
pub(crate) fn drop_on_target(
    ctx: &Context,
    inv: &mut Inventory,
    op: &VerbOp<'_>,
    target: &Target,
    role: &RoleName,
    reassign_to: Option<&RoleName>,
) -> Result<TargetResult> {
    let dry = op.change.dry_run;
    if let Err(e) = engine::fanout::guard(ctx, target, op) {
        return Ok(op.result_of(engine::refuse(ctx, inv, target, op, e)));
    }
    let settings = ConnectSettings::from_context(ctx);
    let inv = Mutex::new(inv);
    let att = engine::record::begin(ctx, &inv, target, op)?;
    let mut rec = att.rec.clone();
    let at = TargetFields::of(target, role.as_str());
    let mut fields = ChangeReport::default();
    let finish = |rec: &mut Record,
                  fields: &mut ChangeReport,
                  outcome: std::result::Result<(&str, bool), (Error, &str, bool)>|
     -> Result<TargetResult> {
        let (exit, error, changed) = match outcome {
            Ok((status, changed)) => {
                fields.status = Some(status.to_string());
                fields.changed = Some(changed);
                (ExitCode::Success, None, changed)
            }
            Err((e, status, changed)) => {
                let e = e.on(target.name());
                fields.status = Some(status.to_string());
                fields.changed = Some(changed);
                let exit = if changed {
                    ExitCode::Partial
                } else {
                    e.exit_code()
                };
                (exit, Some(e), changed)
            }
        };
        let done = match &error {
            None => Ok((changed, rec.steps.clone(), None)),
            Some(e) => Err(e),
        };
        let fin = engine::completion_record(rec, done, dry, att.at);
        if let Some(id) = engine::finish_audit_shared(ctx, &inv, target, att.started, &fin) {
            fields.audit_id = Some(Some(id));
        }
        Ok(TargetResult {
            at: at.clone(),
            fields: Box::new(std::mem::take(fields)),
            exit,
            error,
        })
    };
    let mut session = match engine::connect(ctx, target, dry) {
        Ok(s) => s,
        Err(e) => return finish(&mut rec, &mut fields, Err((e, "failed", false))),
    };
    let admin = session.admin_user.clone();
    let database = session.database.clone();
    let creds = session.credentials().clone();
    // The other databases cleaned (their transactions committed), sessions ended, and
    // whether the target's own transaction was being applied, for the outcome.
    let done: std::cell::RefCell<Vec<String>> = std::cell::RefCell::new(vec![]);
    let terminated = std::cell::Cell::new(0i64);
    let applying = std::cell::Cell::new(false);
    // The plan and the result's fields, once the target's own steps are being applied.
    #[allow(clippy::type_complexity)]
    let staged: std::cell::RefCell<Option<(Plan, ChangeReport, Option<String>)>> =
        std::cell::RefCell::new(None);
    // One transaction on the target's database, for the whole drop: its first flight
    // (with BEGIN and the session's own first read) takes the role's lock and reads the
    // role, its dependencies across the cluster and what the admin may do; the other
    // databases are cleaned in their own transactions while it stays open; its own steps
    // and DROP ROLE go with its COMMIT.
    let run = engine::tx::transact(
        &mut session,
        dry,
        |tx| -> std::result::Result<DropRun, Failure> {
            done.borrow_mut().clear();
            terminated.set(0);
            applying.set(false);
            if !dry {
                catalog::queue_lock_role(tx.reads()?, role.as_str())?;
            }
            let name = || target::flight::p(role.as_str().to_string(), Type::NAME);
            let mut flight = target::flight::Flight::new();
            let filter = inspect::RoleFilter {
                name: Some(role.as_str().to_string()),
                ..Default::default()
            };
            let (roles_q, comments_q) = inspect::roles_in(&mut flight, &filter);
            let deps_q: Vec<usize> = inspect::CLUSTER_DEPENDENCIES_SQL
                .iter()
                .map(|sql| flight.add(inspect::by_name(sql), vec![name()]))
                .collect();
            // What this admin may do to the role, in the same flight.
            let (sql, params) = drop_rights_read(role, reassign_to);
            let rights_q = flight.add(sql, params);
            // With no new owner: what the role owns here (an object created since the
            // preflight would be dropped by DROP OWNED).
            let owned_q = reassign_to
                .is_none()
                .then(|| flight.add(OWNED_HERE_SQL, vec![name()]));
            let rows = target::flight::run_in(tx.reads()?, &flight)?;
            // The session's own first read went with that flight: the server's identity is
            // checked before anything else is sent.
            tx.settle()?;
            // Known from that read (the login is pipelined with it).
            let version = tx.version()?;
            let info = inspect::roles_from(&rows[roles_q], &rows[comments_q], &admin).pop();
            let deps = inspect::cluster_dependencies_from(
                &rows[deps_q[0]],
                &rows[deps_q[1]],
                &rows[deps_q[2]],
                &rows[deps_q[3]],
            );
            let Some(info) = info else {
                return Ok(DropRun::Gone);
            };
            if let Some(e) = protected_role(&info, &admin) {
                return Ok(DropRun::Stop(e, ChangeReport::default()));
            }
            if let Some(to) = reassign_to {
                match inspect::role(tx.reads()?, to.as_str(), &admin)? {
                    None => {
                        return Ok(DropRun::Stop(
                            Error::not_found(format!("reassign-to: role {to} not found"))
                                .hint("name an existing role to receive the objects"),
                            ChangeReport::default(),
                        ));
                    }
                    Some(r) if r.name.starts_with("pg_") => {
                        return Ok(DropRun::Stop(
                            Error::refused(format!(
                                "reassign-to: {to} is a PostgreSQL system role"
                            )),
                            ChangeReport::default(),
                        ));
                    }
                    _ => {}
                }
            }
            let pf = preflight(
                &settings,
                target,
                &creds,
                &database,
                tx.reads()?,
                &info,
                deps,
            )?;
            let f = ChangeReport {
                kind: Some(info.kind.clone()),
                report: Some(preflight_lines(&pf)),
                preflight: Some(pf.clone()),
                ..Default::default()
            };
            // What this admin may do to the role: REASSIGN OWNED / DROP OWNED need the
            // role's privileges (taken as a membership where the admin may grant the role to
            // itself), and on 16+ DROP ROLE needs ADMIN OPTION on it.
            let Some(may) = drop_rights(version, &rows[rights_q]) else {
                // Dropped meanwhile by a concurrent run.
                return Ok(DropRun::Gone);
            };
            let admin_q = crate::ident::quote_ident(&admin);
            let admin_option_fix = format!(
                "as a superuser: `GRANT {} TO {admin_q} WITH ADMIN OPTION;`",
                role.sql()
            );
            if version >= 160000 && !may.superuser && !may.admin_option {
                let e = Error::refused(format!(
                "the admin {admin} holds no ADMIN OPTION on {role} (created by another role), and on PostgreSQL 16+ a CREATEROLE admin may drop only roles it holds ADMIN OPTION on; nothing was changed"
            ))
            .hint(admin_option_fix);
                return Ok(DropRun::Stop(e, f));
            }
            let can_act = may.superuser || may.privileges || may.can_take;
            if pf.owns_anything() && reassign_to.is_none() {
                let lines = pf.ownership_lines();
                let e = Error::refused(format!(
                "{role} owns objects that a drop would lose: {}",
                lines.join("; ")
            ))
            .hint(if can_act {
                format!(
                    "pass --reassign-to ROLE to give them to another role first (e.g. --reassign-to {admin})"
                )
            } else {
                format!(
                    "the admin {admin} cannot take over what {role} owns (it lacks the role's privileges and may not grant the role to itself): {admin_option_fix} then pass --reassign-to {admin}"
                )
            });
                return Ok(DropRun::Stop(e, f));
            }
            if let Some(to) = reassign_to {
                if !may.superuser && !may.to_privileges {
                    let e = Error::refused(format!(
                    "the admin {admin} does not have the privileges of {to}, which REASSIGN OWNED needs to give {role}'s objects to it; nothing was changed"
                ))
                .hint(format!(
                    "pass --reassign-to {admin} (then hand the objects on), or as a superuser: `GRANT {} TO {admin_q};`",
                    to.sql()
                ));
                    return Ok(DropRun::Stop(e, f));
                }
            }
            let mut plan = dplan::drop(role, reassign_to, &database, &pf, version);
            if !may.superuser && !may.privileges {
                let needs = plan.has(StepKind::Owned);
                if needs && !may.can_take {
                    let e = Error::refused(format!(
                    "the admin {admin} lacks the privileges of {role}, which REASSIGN OWNED and DROP OWNED need, and may not grant the role to itself; nothing was changed"
                ))
                .hint(admin_option_fix);
                    return Ok(DropRun::Stop(e, f));
                }
                dplan::take_membership(&mut plan, role, &admin);
            }
            if dry {
                return Ok(DropRun::Planned(plan, f, info.kind));
            }
            // End sessions first, so that their locks don't hold up DROP OWNED.
            let before: Vec<String> = plan.at(&Stage::Before).map(|s| s.sql.clone()).collect();
            for sql in &before {
                match tx.reads()?.query_typed_one(sql, &[]) {
                    Ok(row) => terminated.set(terminated.get() + row.get::<_, i64>(0)),
                    Err(e) => {
                        let mut err = target::pg_error(&e, target);
                        if err.sqlstate.as_deref() == Some("42501") {
                            err = err.hint(format!(
                            "ending other roles' sessions needs pg_signal_backend: as a superuser, `GRANT pg_signal_backend TO {};` and run the drop again (nothing was changed)",
                            crate::ident::quote_ident(&admin)
                        ));
                        }
                        return Ok(DropRun::Failed(err, plan, f, info.kind, false, false));
                    }
                }
            }
            // The other databases first, each in its own transaction.
            for (db, steps) in plan.databases() {
                if db == database {
                    continue;
                }
                let steps = steps.moved_to(&Stage::Tx);
                let vanished = std::cell::Cell::new(false);
                let planner = |tx: &mut Transaction<'_>, _apply: bool| {
                    // One flight with BEGIN: the role's lock, whether it is still there, and
                    // (with no new owner) what it owns here, re-checked in the transaction.
                    catalog::queue_lock_role(tx, role.as_str())?;
                    let rows = target::flight::run_in(tx, &still_owned(role, reassign_to))?;
                    if !rows[0].first().is_some_and(|r| r.get::<_, bool>(0)) {
                        vanished.set(true);
                        return Ok((Plan::default(), ()));
                    }
                    owned_since(role, &db, rows.get(1))?;
                    Ok((steps.clone(), ()))
                };
                let res =
                    target::connect_with(&settings, target, &db, Purpose::Change, creds.clone())
                        .and_then(|mut other| engine::tx::run(&mut other, false, None, planner));
                match res {
                    Err(e) => {
                        let e = Error {
                            message: format!("in database {db}: {}", e.message),
                            ..e
                        };
                        let changed = !done.borrow().is_empty();
                        return Ok(DropRun::Failed(e, plan, f, info.kind, changed, true));
                    }
                    Ok(_) if vanished.get() => return Ok(DropRun::Vanished(plan, f, info.kind)),
                    Ok(_) => done.borrow_mut().push(db),
                }
            }
            // The target's own database: checked in the first flight, its steps and DROP ROLE
            // go with the COMMIT.
            if let Some(q) = owned_q {
                owned_since(role, &database, rows.get(q)).map_err(Failure::Other)?;
            }
            let own = plan
                .databases()
                .into_iter()
                .find(|(db, _)| *db == database)
                .map(|(_, p)| p.moved_to(&Stage::Tx))
                .unwrap_or_default();
            *staged.borrow_mut() = Some((plan.clone(), f.clone(), info.kind.clone()));
            applying.set(true);
            tx.apply(&own, None)?;
            Ok(DropRun::Dropped(plan, f, info.kind))
        },
    );
    let done = done.into_inner();
    let with_plan = |rec: &mut Record,
                     fields: &mut ChangeReport,
                     plan: &Plan,
                     f: ChangeReport,
                     kind: Option<String>| {
        fields.merge(f);
        rec.kind = kind;
        rec.steps = plan.descriptions();
    };
    match run {
        Err(failure) => {
            let e = engine::map_failure(failure, target);
            if !applying.get() {
                return finish(&mut rec, &mut fields, Err((e, "failed", false)));
            }
            // The target's own transaction failed: the others committed.
            if let Some((plan, f, kind)) = staged.into_inner() {
                with_plan(&mut rec, &mut fields, &plan, f, kind);
            }
            let changed = !done.is_empty();
            fields.sessions_terminated = Some(terminated.get());
            fields.databases_done = Some(done.clone());
            let mut e = Error {
                message: format!("in database {database}: {}", e.message),
                ..e
            };
            if changed {
                e = e.hint(format!(
                    "the databases {} were already cleaned (their transactions committed); fix the cause and run the drop again",
                    done.join(", ")
                ));
            }
            finish(&mut rec, &mut fields, Err((e, "failed", changed)))
        }
        Ok(DropRun::Gone) => finish(&mut rec, &mut fields, Ok(("user does not exist", false))),
        Ok(DropRun::Stop(e, extra)) => {
            fields.merge(extra);
            finish(&mut rec, &mut fields, Err((e, "refused", false)))
        }
        Ok(DropRun::Planned(plan, f, kind)) => {
            with_plan(&mut rec, &mut fields, &plan, f, kind);
            fields.dry_run = Some(true);
            fields.sql = Some(plan.sql());
            finish(&mut rec, &mut fields, Ok(("user dropped", true)))
        }
        Ok(DropRun::Failed(mut e, plan, f, kind, changed, sessions_ended)) => {
            with_plan(&mut rec, &mut fields, &plan, f, kind);
            if sessions_ended {
                fields.sessions_terminated = Some(terminated.get());
                fields.databases_done = Some(done.clone());
            }
            if changed {
                e = e.hint(format!(
                    "the databases {} were already cleaned (their transactions committed); fix the cause and run the drop again",
                    done.join(", ")
                ));
            }
            finish(&mut rec, &mut fields, Err((e, "failed", changed)))
        }
        Ok(DropRun::Vanished(plan, f, kind)) => {
            with_plan(&mut rec, &mut fields, &plan, f, kind);
            fields.sessions_terminated = Some(terminated.get());
            fields.databases_done = Some(done.clone());
            if done.is_empty() {
                return finish(&mut rec, &mut fields, Ok(("user does not exist", false)));
            }
            rec.detail =
                Some(json!({ "databases": done, "sessions_terminated": terminated.get() }));
            finish(&mut rec, &mut fields, Ok(("user dropped", true)))
        }
        Ok(DropRun::Dropped(plan, f, kind)) => {
            with_plan(&mut rec, &mut fields, &plan, f, kind);
            let mut done = done;
            done.push(database);
            fields.sessions_terminated = Some(terminated.get());
            fields.databases_done = Some(done.clone());
            rec.detail =
                Some(json!({ "databases": done, "sessions_terminated": terminated.get() }));
            finish(&mut rec, &mut fields, Ok(("user dropped", true)))
        }
    }
}

/// How a drop's transaction on the target's database ended.
enum DropRun {
    /// The role does not exist.
    Gone,
    /// Refused after the preflight (its fields).
    Stop(Error, ChangeReport),
    /// A dry run's plan.
    Planned(Plan, ChangeReport, Option<String>),
    /// Failed before the target's own steps (ending sessions, another database); whether
    /// another database was changed, and whether the sessions were ended.
    Failed(Error, Plan, ChangeReport, Option<String>, bool, bool),
    /// A concurrent run dropped the role meanwhile.
    Vanished(Plan, ChangeReport, Option<String>),
    /// Dropped: the target's own steps went with its COMMIT.
    Dropped(Plan, ChangeReport, Option<String>),
}

/// Whether `role` is still there and (with no new owner) what it owns in the current
/// database: one flight.
fn still_owned(role: &RoleName, reassign_to: Option<&RoleName>) -> target::flight::Flight {
    let name = || target::flight::p(role.as_str().to_string(), Type::NAME);
    let mut flight = target::flight::Flight::new();
    flight.add(ROLE_EXISTS_SQL, vec![name()]);
    if reassign_to.is_none() {
        flight.add(OWNED_HERE_SQL, vec![name()]);
    }
    flight
}

/// Refused when the role owns objects in `database` created since the preflight (`rows`:
/// the count read in the transaction; none with a new owner).
fn owned_since(
    role: &RoleName,
    database: &str,
    rows: Option<&Vec<postgres::Row>>,
) -> std::result::Result<(), Error> {
    let n: i64 = rows.and_then(|r| r.first()).map_or(0, |r| r.get(0));
    if n > 0 {
        return Err(Error::refused(format!(
            "{role} owns {n} object(s) created in {database} since the preflight"
        ))
        .hint("run the drop again to see them, or pass --reassign-to ROLE"));
    }
    Ok(())
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
