//! The per-target pipeline shared by every verb that touches a server: resolve targets,
//! guard protected ones, audit the start, connect, plan, apply or dry-run, audit the end.
//!
//! A verb implements [`Operation`] (what to audit, whether protected targets need a
//! confirmation, and how to plan inside the target's transaction); [`run`] does the rest
//! for a list of targets and returns one [`TargetRun`] per target, in target order.
//!
//! Fan-out: the guards that need no server (the verb's precheck, the confirmation of
//! protected targets) run first, one target after the other on the calling thread, so
//! that a typed confirmation never interleaves with anything. The targets that pass run
//! concurrently on up to `--jobs` threads (default [`DEFAULT_JOBS`]), each with its own
//! server connection; audit writes take turns on the caller's inventory behind a mutex
//! (the SQLite connection is not `Sync`; other processes are kept in line by WAL and
//! `BEGIN IMMEDIATE`, so the hash chain stays linear). A single target runs on the
//! calling thread.
//! Targets on one cluster need no special care: the create plan takes a per-role
//! advisory lock and retries a lost `CREATE ROLE` race as `access granted`.
//!
//! Audit: for each target a `started` row is written while the connection is being opened
//! and before anything is sent on it (if the row cannot be written, the target is
//! refused and the connection closed unused: no change without a record), and a
//! completion row with the
//! outcome, the plan's step descriptions (never SQL, never a verifier), the error, the
//! duration and what `undo` needs. Refusals by a guard before that write one row.
//!
//! Protected targets, one rule: every change on a protected target (create, reset, lock,
//! unlock, search-path, revoke, drop, undo, and each changing line of `user apply`) asks
//! for the env name on a terminal or needs `--yes`; dry runs and reads never ask. The
//! check is [`confirm`], called by [`guard`] for every [`Operation`] (and by `user apply`
//! before its workers start). A target is protected by `registry add --protected` (the
//! default for env `prod`) or `registry set ENV/DB --protected true`; see README
//! "Protected targets".

use crate::apply::{self, Failure};
use crate::cli::user::{ChangeArgs, TargetSelection};
use crate::context::Context;
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::inventory::Inventory;
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::{Target, TargetKey};
use crate::plan::Plan;
use crate::secret::Secret;
use crate::target::{ConnectSettings, Purpose, Session};
use postgres::Transaction;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// How many targets run at once when `--jobs` is not given.
pub const DEFAULT_JOBS: usize = 4;

/// How a run over several targets proceeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fanout {
    /// Targets worked on at once (at least 1).
    pub jobs: usize,
}

impl Default for Fanout {
    fn default() -> Self {
        Fanout { jobs: DEFAULT_JOBS }
    }
}

impl Fanout {
    /// `--jobs` (0 counts as 1) and `--all-envs` of a command line.
    pub fn from_selection(sel: &TargetSelection) -> Fanout {
        Fanout {
            jobs: sel.jobs.max(1),
        }
    }
}

/// What a planner learns about the session it runs on.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    pub target: Target,
    pub admin_user: String,
    pub server_version_num: i32,
    pub password_encryption: String,
    /// How catalog reads are sent on this session (prepared and reused in a batch).
    pub statements: crate::catalog::Statements,
}

/// What a planner returns: the plan, the verb's own report, and what undo needs.
pub struct Planned<T> {
    pub plan: Plan,
    pub detail: T,
    pub undo: Option<serde_json::Value>,
}

/// One verb, as the pipeline runs it on each target.
pub trait Operation {
    /// The verb's own per-target report (e.g. the create result fields).
    type Output;

    /// Audit action, e.g. `user create`.
    fn action(&self) -> &str;
    /// The role acted on, for the audit row.
    fn role(&self) -> Option<String> {
        None
    }
    /// The kind, for the audit row.
    fn kind(&self) -> Option<String> {
        None
    }
    fn change(&self) -> &ChangeArgs;
    /// A guard that needs no server (e.g. the admin's own name): refuse before connecting.
    fn precheck(&self, _target: &Target) -> Result<()> {
        Ok(())
    }
    /// The password whose verifier replaces the plan's placeholder. Asked for after
    /// [`Operation::plan`] (in the same transaction), so an operation may make it there,
    /// e.g. only once the role is known to exist.
    fn password(&self) -> Option<&Secret> {
        None
    }
    /// The audit entry this run reverses (`undo`), for its audit rows.
    fn undo_of(&self) -> Option<i64> {
        None
    }
    /// Whether a successful run changed something (default: its plan does).
    fn changes(&self, plan: &Plan, _detail: &Self::Output) -> bool {
        plan.changes()
    }
    /// After the transaction committed (never in a dry run), on the same session: steps
    /// that must wait for the commit (ending sessions after NOLOGIN or a new password)
    /// and reports read after the change. The change stands whatever this returns; an
    /// error is shown as a warning (an operation that must report it keeps it in its
    /// output).
    fn after_commit(
        &self,
        _session: &mut Session,
        _facts: &SessionFacts,
        _detail: &mut Self::Output,
    ) -> Result<()> {
        Ok(())
    }
    /// Complete the audit row of a run that succeeded (dry run included) from the
    /// operation's output: e.g. the kind read from the catalog, the steps run after the
    /// commit, what they did.
    fn record_done(&self, _detail: &Self::Output, _rec: &mut Record) {}
    /// Read the catalog and plan, inside the target's transaction. `apply` is false for
    /// a dry run (read-only transaction: take no locks).
    fn plan(
        &self,
        tx: &mut Transaction<'_>,
        facts: &SessionFacts,
        apply: bool,
    ) -> std::result::Result<Planned<Self::Output>, Failure>;
}

/// What happened on one target.
pub struct TargetRun<T> {
    pub target: Target,
    pub result: Result<Done<T>>,
    /// The completion (or refusal) audit row.
    pub audit_id: Option<i64>,
}

/// A plan that was applied (or shown, for a dry run).
pub struct Done<T> {
    pub plan: Plan,
    pub detail: T,
    pub changed: bool,
    pub dry_run: bool,
}

/// Resolve `--target ENV/DB` (repeatable), `--env E --db D`, `--env E` alone (every
/// active database of E) or `--all-envs`. Unknown targets: exit 3 with the closest
/// entries. Duplicates are dropped, order kept.
pub fn resolve_targets(inv: &Inventory, sel: &TargetSelection) -> Result<Vec<Target>> {
    let mut out: Vec<Target> = vec![];
    let push = |t: Target, out: &mut Vec<Target>| {
        if !out.iter().any(|o| o.id == t.id) {
            out.push(t);
        }
    };
    for s in &sel.targets {
        let key: TargetKey = s.parse()?;
        push(inv.require_target(&key)?, &mut out);
    }
    match (&sel.env, &sel.db) {
        (Some(env), Some(db)) => {
            let key: TargetKey = format!("{env}/{db}").parse()?;
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

/// Ask for confirmation on a protected target: `--yes`, or the env name typed on an
/// interactive terminal. Non-interactive without `--yes`: refused (exit 5).
pub fn confirm(ctx: &Context, target: &Target, action: &str, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    // The error names the target once (`prod/app: protected target: ...`).
    let refuse = || {
        Error::refused(format!("protected target: `{action}` needs confirmation"))
            .on(target.name())
            .hint("pass --yes to confirm (or run it interactively and type the env name)")
    };
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(refuse());
    }
    let _ = ctx;
    eprint!(
        "{} is protected. Type the env name ({}) to confirm `{action}`: ",
        target.name(),
        target.env
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::failed(format!("reading the confirmation: {e}")))?;
    let typed = line.trim();
    if typed == target.env {
        Ok(())
    } else {
        Err(Error::refused(format!(
            "protected target: `{action}` not confirmed: {typed:?} is not the env name {:?}; nothing was changed",
            target.env
        ))
        .on(target.name())
        .hint(format!(
            "run it again and type {} exactly (the env, not ENV/DB), or pass --yes",
            target.env
        )))
    }
}

/// The audit record of `op` on `t` (action, place, role, kind, reason, ticket), before
/// its outcome is known.
pub fn audit_record<O: Operation>(op: &O, t: &Target) -> Record {
    let c = op.change();
    Record {
        action: op.action().to_string(),
        env: Some(t.env.clone()),
        db_name: Some(t.database.clone()),
        server: Some(t.server()),
        role: op.role(),
        kind: op.kind(),
        reason: c.reason.clone(),
        ticket: c.ticket.clone(),
        undo_of: op.undo_of(),
        ..Default::default()
    }
}

/// Run `op` on every target with the default [`Fanout`]; one result per target, in order.
pub fn run<O>(
    ctx: &Context,
    inv: &mut Inventory,
    targets: &[Target],
    op: &O,
) -> Vec<TargetRun<O::Output>>
where
    O: Operation + Sync,
    O::Output: Send,
{
    run_with(ctx, inv, targets, op, Fanout::default())
}

/// Run `op` on every target, up to `fanout.jobs` at once; one result per target, in
/// target order. Guards and confirmations run first on this thread.
pub fn run_with<O>(
    ctx: &Context,
    inv: &mut Inventory,
    targets: &[Target],
    op: &O,
    fanout: Fanout,
) -> Vec<TargetRun<O::Output>>
where
    O: Operation + Sync,
    O::Output: Send,
{
    let mut slots: Vec<Option<TargetRun<O::Output>>> = targets.iter().map(|_| None).collect();
    let mut pending = vec![];
    for (i, t) in targets.iter().enumerate() {
        match guard(ctx, t, op) {
            Ok(()) => pending.push(i),
            Err(e) => slots[i] = Some(refuse(ctx, inv, t, op, e)),
        }
    }
    // Targets of one server (host:port) run one after the other, in order, on one worker:
    // roles are cluster-wide, so two databases of a cluster changing the same role at once
    // would both read the old state and both report a change (advisory locks are per
    // database). Different servers run at once.
    let groups = group_by_server(targets, &pending);
    let workers = fanout.jobs.max(1).min(groups.len());
    // One inventory connection for all workers: audit writes are short, and taking turns
    // on a mutex beats SQLite's busy-wait between connections of one process.
    let shared = Mutex::new(inv);
    if workers <= 1 {
        for i in pending {
            slots[i] = Some(execute(ctx, &shared, &targets[i], op));
        }
    } else {
        let next = AtomicUsize::new(0);
        let done: Mutex<Vec<(usize, TargetRun<O::Output>)>> = Mutex::new(vec![]);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, Ordering::SeqCst);
                        let Some(group) = groups.get(k) else { break };
                        for &i in group {
                            let run = execute(ctx, &shared, &targets[i], op);
                            done.lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .push((i, run));
                        }
                    }
                });
            }
        });
        for (i, run) in done.into_inner().unwrap_or_else(|p| p.into_inner()) {
            slots[i] = Some(run);
        }
    }
    slots
        .into_iter()
        .map(|s| s.expect("every target has a result"))
        .collect()
}

/// `pending` target indexes grouped by server (`host:port`), groups in order of their
/// first target, indexes in order within a group.
pub(crate) fn group_by_server(targets: &[Target], pending: &[usize]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(String, Vec<usize>)> = vec![];
    for &i in pending {
        let key = targets[i].server();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The guards that need no server, in order: the verb's precheck, then the confirmation
/// of a protected target (every change; dry runs need none).
fn guard<O: Operation>(ctx: &Context, target: &Target, op: &O) -> Result<()> {
    op.precheck(target)?;
    if target.protected && !op.change().dry_run {
        confirm(ctx, target, op.action(), op.change().yes)?;
    }
    Ok(())
}

/// The summary line of a run over several targets, on stderr:
/// `3 targets: 2 ok, 1 failed`.
pub fn summary<T>(ctx: &Context, runs: &[TargetRun<T>]) {
    ctx.out.info(summary_line(
        runs.len(),
        runs.iter().filter(|r| r.result.is_err()).count(),
    ));
}

/// `N targets: X ok, Y failed`.
pub fn summary_line(total: usize, failed: usize) -> String {
    format!(
        "{total} target{}: {} ok, {failed} failed",
        if total == 1 { "" } else { "s" },
        total - failed
    )
}

/// Refuse `target` with an audit row (outcome refused).
pub fn refuse<T, O: Operation>(
    ctx: &Context,
    inv: &mut Inventory,
    target: &Target,
    op: &O,
    e: Error,
) -> TargetRun<T> {
    let mut rec = audit_record(op, target);
    rec.outcome = Some(Outcome::Refused);
    rec.error = Some(e.audit_text());
    let id = match inv.record(&ctx.actor, &rec) {
        Ok(id) => {
            crate::notify::send(ctx, inv, id);
            Some(id)
        }
        Err(ae) => {
            ctx.out
                .warn(format!("could not record the refusal: {}", ae.message));
            None
        }
    };
    TargetRun {
        target: target.clone(),
        result: Err(e.on(target.name())),
        audit_id: id,
    }
}

/// Refused before anything was recorded: the inventory cannot be written.
pub fn unrecorded<T>(target: &Target, e: Error) -> TargetRun<T> {
    TargetRun {
        target: target.clone(),
        result: Err(unrecorded_error(target, e)),
        audit_id: None,
    }
}

/// The error of an attempt refused because its audit record cannot be written.
pub fn unrecorded_error(target: &Target, e: Error) -> Error {
    Error::failed(format!(
        "refusing to act on {}: the audit record cannot be written: {}",
        target.name(),
        e.message
    ))
    .on(target.name())
    .hint(
        e.hint
            .unwrap_or_else(|| "fix the inventory (permissions, disk space) and try again".into()),
    )
}

/// One target once its guards passed: audit the start, connect, plan, apply or dry-run,
/// audit the end.
fn execute<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
) -> TargetRun<O::Output> {
    let dry_run = op.change().dry_run;
    let started_at = Instant::now();
    let rec = audit_record(op, target);
    // Connecting changes nothing, so the connection is opened while the started row is
    // written (both take a few milliseconds); nothing is sent that could change the
    // server before that row is in the inventory.
    let (started, session) = std::thread::scope(|s| {
        let connecting = s.spawn(|| connect(ctx, target, dry_run));
        let started = lock(inv).audit_begin(&ctx.actor, &rec);
        let session = connecting.join().unwrap_or_else(|_| {
            Err(Error::failed(format!(
                "connecting to {} failed unexpectedly",
                target.name()
            )))
        });
        (started, session)
    });
    let started = match started {
        Ok(id) => id,
        Err(e) => return unrecorded(target, e),
    };
    let outcome = session.and_then(|mut session| apply_on(ctx, &mut session, target, op));
    complete(ctx, inv, target, op, &rec, started, started_at, outcome)
}

/// Run `op` on `target` over an open `session` (a batch reuses one per target): the
/// guards (precheck, confirmation of a protected target), the started row, plan and apply or dry-run (by
/// `op.change().dry_run`; the session must have been opened for that purpose), the
/// completion row. A refusal by a guard writes one row.
pub fn run_on_session<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    session: &mut Session,
    target: &Target,
    op: &O,
) -> TargetRun<O::Output> {
    if let Err(e) = guard(ctx, target, op) {
        return refuse(ctx, &mut lock(inv), target, op, e);
    }
    let started_at = Instant::now();
    let rec = audit_record(op, target);
    let started = match lock(inv).audit_begin(&ctx.actor, &rec) {
        Ok(id) => id,
        Err(e) => return unrecorded(target, e),
    };
    let outcome = apply_on(ctx, session, target, op);
    complete(ctx, inv, target, op, &rec, started, started_at, outcome)
}

/// Write the completion row of an attempt (`started`) from its outcome.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn complete<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
    rec: &Record,
    started: i64,
    started_at: Instant,
    outcome: Result<(Done<O::Output>, Option<serde_json::Value>)>,
) -> TargetRun<O::Output> {
    let dry_run = op.change().dry_run;
    let mut fin = completion_record(
        rec,
        outcome
            .as_ref()
            .map(|(done, undo)| (done.changed, done.plan.descriptions(), undo.clone())),
        dry_run,
        started_at,
    );
    if let Ok((done, _)) = &outcome {
        op.record_done(&done.detail, &mut fin);
    }
    let audit_id = finish_audit_shared(ctx, inv, target, started, &fin);
    TargetRun {
        target: target.clone(),
        result: outcome.map(|(d, _)| d),
        audit_id,
    }
}

fn lock<'a, 'b>(inv: &'a Mutex<&'b mut Inventory>) -> std::sync::MutexGuard<'a, &'b mut Inventory> {
    inv.lock().unwrap_or_else(|p| p.into_inner())
}

/// The completion row of an attempt that started with `base`: the outcome (dry-run,
/// changed, unchanged, refused, failed), the step descriptions, what undo needs (only
/// for a real change), the error and the duration since `started_at`.
pub fn completion_record(
    base: &Record,
    result: std::result::Result<(bool, Vec<String>, Option<serde_json::Value>), &Error>,
    dry_run: bool,
    started_at: Instant,
) -> Record {
    let mut fin = base.clone();
    fin.duration_ms = Some(started_at.elapsed().as_millis() as i64);
    match result {
        Ok((changed, steps, undo)) => {
            fin.outcome = Some(if dry_run {
                Outcome::DryRun
            } else if changed {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            });
            fin.steps = steps;
            if !dry_run && changed {
                fin.undo = undo;
            }
        }
        Err(e) => {
            fin.outcome = Some(if e.kind == ErrorKind::Refused {
                Outcome::Refused
            } else {
                Outcome::Failed
            });
            fin.error = Some(e.audit_text());
        }
    }
    fin
}

/// Write the completion row `fin` of the attempt `started` and notify; a failure to
/// record is a warning (the change is done), and the entry stays open.
pub fn finish_audit(
    ctx: &Context,
    inv: &mut Inventory,
    target: &Target,
    started: i64,
    fin: &Record,
) -> Option<i64> {
    let id = record_finish(ctx, inv, target, started, fin)?;
    crate::notify::send(ctx, inv, id);
    // The attempt's id, as `audit list` shows it (`audit show` and `undo` take either id
    // of an attempt).
    Some(started)
}

/// [`finish_audit`] for workers sharing the inventory: the lock is held to write the
/// completion row, not while notifications are delivered.
pub fn finish_audit_shared(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    started: i64,
    fin: &Record,
) -> Option<i64> {
    let id = record_finish(ctx, &mut lock(inv), target, started, fin)?;
    crate::notify::send_shared(ctx, inv, id);
    Some(started)
}

/// Write the completion row; its id, or None (warned about) when it could not be written.
fn record_finish(
    ctx: &Context,
    inv: &mut Inventory,
    target: &Target,
    started: i64,
    fin: &Record,
) -> Option<i64> {
    match inv.audit_finish(&ctx.actor, started, fin) {
        Ok(id) => Some(id),
        Err(e) => {
            ctx.out.warn(format!(
                "{}: the outcome could not be recorded (audit entry {started} stays open): {}",
                target.name(),
                e.message
            ));
            None
        }
    }
}

/// A session to `target`, read-only for a dry run.
fn connect(ctx: &Context, target: &Target, dry_run: bool) -> Result<Session> {
    let settings = ConnectSettings::from_context(ctx);
    let purpose = if dry_run {
        Purpose::Read
    } else {
        Purpose::Change
    };
    crate::target::connect(&settings, target, purpose)
}

/// Plan, then apply or dry-run, `op` on `session`, then its after-commit steps.
#[allow(clippy::type_complexity)]
fn apply_on<O: Operation>(
    ctx: &Context,
    session: &mut Session,
    target: &Target,
    op: &O,
) -> Result<(Done<O::Output>, Option<serde_json::Value>)> {
    let dry_run = op.change().dry_run;
    let facts = SessionFacts {
        target: target.clone(),
        admin_user: session.admin_user.clone(),
        server_version_num: session.server_version_num,
        password_encryption: session.password_encryption.clone(),
        statements: crate::catalog::Statements::once(),
    };
    let applied = apply::run_lazy(
        session,
        dry_run,
        || op.password(),
        |tx, apply| {
            let p = op.plan(tx, &facts, apply)?;
            Ok((p.plan, (p.detail, p.undo)))
        },
    )?;
    let (detail, undo) = applied.detail;
    let done = conclude(
        ctx,
        session,
        &facts,
        op,
        applied.plan,
        detail,
        applied.dry_run,
    );
    Ok((done, undo))
}

/// A plan that was committed on `session` (or planned, for a dry run) as a [`Done`]:
/// whether it changed something, then the operation's after-commit steps (never in a
/// dry run), whose failure is a warning: the change stands.
pub fn conclude<O: Operation>(
    ctx: &Context,
    session: &mut Session,
    facts: &SessionFacts,
    op: &O,
    plan: Plan,
    mut detail: O::Output,
    dry_run: bool,
) -> Done<O::Output> {
    let changed = op.changes(&plan, &detail);
    if !dry_run {
        if let Err(e) = op.after_commit(session, facts, &mut detail) {
            ctx.out.warn(format!(
                "{}: the change was committed, but what follows it failed: {}",
                facts.target.name(),
                e.message
            ));
        }
    }
    Done {
        plan,
        detail,
        changed,
        dry_run,
    }
}

/// The exit code of a run over several targets: 0 all succeeded; with one target, its
/// error's code; with several, 1 when all failed and 6 when some did.
pub fn exit_code<T>(runs: &[TargetRun<T>]) -> ExitCode {
    exit_code_of(
        &runs
            .iter()
            .map(|r| r.result.as_ref().err())
            .collect::<Vec<_>>(),
    )
}

/// [`exit_code`] over each target's error (None: succeeded): 0 when none failed; with one
/// target its error's code; with several, 6 when some failed and some did not, 1 when all
/// failed (issue 7's contract for scripts: "1 when all failed"; each target's result or
/// error object says how it failed).
pub fn exit_code_of(errors: &[Option<&Error>]) -> ExitCode {
    let failed: Vec<&Error> = errors.iter().filter_map(|e| *e).collect();
    if failed.is_empty() {
        ExitCode::Success
    } else if errors.len() == 1 {
        failed[0].exit_code()
    } else if failed.len() == errors.len() {
        ExitCode::Failed
    } else {
        ExitCode::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_over_targets() {
        let down = Error::connect("down");
        let no = Error::refused("no");
        assert_eq!(exit_code_of(&[None, None]), ExitCode::Success);
        assert_eq!(exit_code_of(&[Some(&down)]), ExitCode::Connect);
        assert_eq!(exit_code_of(&[Some(&no)]), ExitCode::Refused);
        assert_eq!(exit_code_of(&[None, Some(&down)]), ExitCode::Partial);
        assert_eq!(exit_code_of(&[Some(&no), Some(&down)]), ExitCode::Failed);
        // Several targets all failing: 1, whether or not they failed the same way.
        let also_no = Error::refused("no either");
        assert_eq!(exit_code_of(&[Some(&no), Some(&also_no)]), ExitCode::Failed);
        assert_eq!(exit_code_of(&[Some(&down), Some(&down)]), ExitCode::Failed);
        assert_eq!(
            exit_code_of(&[Some(&no), Some(&no), None]),
            ExitCode::Partial
        );
    }

    fn target(id: i64, host: &str, port: u16) -> Target {
        Target {
            id,
            env: "dev".into(),
            database: format!("db{id}"),
            host: host.into(),
            port,
            active: true,
            notes: None,
            admin_user: None,
            sslmode: crate::inventory::targets::SslMode::Prefer,
            sslmode_explicit: false,
            sslrootcert: None,
            sslcert: None,
            sslkey: None,
            password_command: None,
            hostaddr: None,
            require_auth: None,
            protected: false,
            server_identity: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn targets_of_one_server_form_one_ordered_group() {
        let t = [
            target(0, "a", 5432),
            target(1, "b", 5432),
            target(2, "a", 5432),
            target(3, "a", 5433),
            target(4, "b", 5432),
        ];
        assert_eq!(
            group_by_server(&t, &[0, 1, 2, 3, 4]),
            vec![vec![0, 2], vec![1, 4], vec![3]]
        );
        assert_eq!(group_by_server(&t, &[1, 2]), vec![vec![1], vec![2]]);
    }

    #[test]
    fn summary_lines() {
        assert_eq!(summary_line(3, 1), "3 targets: 2 ok, 1 failed");
        assert_eq!(summary_line(1, 0), "1 target: 1 ok, 0 failed");
    }
}
