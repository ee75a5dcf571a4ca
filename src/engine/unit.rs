//! One unit of work on one target: audit the start, connect, plan, apply (or dry-run),
//! the after-commit steps, audit the end. Single commands and fan-out run it per target
//! (`execute`); `user apply` runs it per line over a session it keeps open
//! ([`run_on_session`], or pipelined for create lines: [`run_lines`]); `--atomic` and drop
//! compose its parts ([`plan_apply`], [`finish_planned`], [`connect`]).

use super::fanout::guard;
use super::record::{Attempt, audit_record, complete, lock, refuse_shared, unrecorded};
use super::{Done, Failure, Operation, Planned, SessionFacts, TargetRun, map_failure, tx};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::inventory::Inventory;
use crate::inventory::targets::Target;
use crate::plan::Plan;
use crate::target::{ConnectSettings, Purpose, Session};
use std::sync::Mutex;
use std::time::Instant;

/// One target once its guards passed: audit the start, connect, plan, apply or dry-run,
/// audit the end.
pub(super) fn execute<O: Operation>(
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
    let outcome = session.and_then(|mut session| {
        let facts = facts(&session, target, crate::catalog::Statements::once());
        apply_on(ctx, &mut session, &facts, op, None)
    });
    complete(ctx, inv, target, op, &rec, started, started_at, outcome)
}

/// Run `op` on `facts.target` over an open `session` (a batch reuses one per target):
/// the guards (precheck, confirmation of a protected target), the started row, plan and
/// apply or dry-run (by `op.change().dry_run`; the session must have been opened for that
/// purpose), the completion row. A refusal by a guard writes one row. `verifiers`: the
/// password verifiers when they are not the operation's password (a batch line's,
/// computed ahead).
pub fn run_on_session<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    session: &mut Session,
    facts: &SessionFacts,
    op: &O,
    verifiers: Option<&dyn tx::Verifiers>,
) -> TargetRun<O::Output> {
    let target = &facts.target;
    if let Err(e) = guard(ctx, target, op) {
        return refuse_shared(ctx, inv, target, op, e);
    }
    let started_at = Instant::now();
    let rec = audit_record(op, target);
    let started = match lock(inv).audit_begin(&ctx.actor, &rec) {
        Ok(id) => id,
        Err(e) => return unrecorded(target, e),
    };
    let outcome = apply_on(ctx, session, facts, op, verifiers);
    complete(ctx, inv, target, op, &rec, started, started_at, outcome)
}

/// A session to `target`, read-only for a dry run: the one way every runner connects. Its
/// own first read (password_encryption, TLS, identity) goes out with the work's first
/// flight ([`crate::target::connect_deferred`]); [`tx::transact`] settles it before
/// anything that changes the server is sent.
pub fn connect(ctx: &Context, target: &Target, dry_run: bool) -> Result<Session> {
    let settings = ConnectSettings::from_context(ctx);
    let purpose = if dry_run {
        Purpose::Read
    } else {
        Purpose::Change
    };
    crate::target::connect_deferred(&settings, target, purpose)
}

/// What a planner learns about `session` on `target`; `statements`: how its catalog
/// reads are sent (once per command, or prepared and reused in a batch).
pub fn facts(
    session: &Session,
    target: &Target,
    statements: crate::catalog::Statements,
) -> SessionFacts {
    SessionFacts {
        target: target.clone(),
        admin_user: session.admin_user.clone(),
        server_version_num: session.server_version_num,
        password_encryption: session.password_encryption.clone(),
        statements,
        first_read: session.deferred().cloned(),
    }
}

/// Plan `op` inside `tx` (its advisory lock and catalog reads, then the pure plan) and
/// apply it (nothing in a dry run): the verifiers of its password steps come from
/// `verifiers`, else from the operation's password (asked for after planning).
pub fn plan_apply<O: Operation + ?Sized>(
    tx: &mut tx::Tx<'_>,
    facts: &SessionFacts,
    op: &O,
    verifiers: Option<&dyn tx::Verifiers>,
) -> std::result::Result<Planned<O::Output>, Failure> {
    let apply = !tx.dry_run();
    let p = op.plan(tx.reads()?, facts, apply)?;
    let v = verifiers.or_else(|| op.password().map(|p| p as &dyn tx::Verifiers));
    tx.apply(&p.plan, v)?;
    if let Some(reads) = &p.reads_after {
        tx.read_after(reads.clone());
    }
    Ok(p)
}

/// Plan, then apply or dry-run, `op` on `session` in one transaction (retried on a
/// conflict), then its after-commit steps.
#[allow(clippy::type_complexity)]
pub fn apply_on<O: Operation>(
    ctx: &Context,
    session: &mut Session,
    facts: &SessionFacts,
    op: &O,
    verifiers: Option<&dyn tx::Verifiers>,
) -> Result<(Done<O::Output>, Option<serde_json::Value>)> {
    let dry_run = op.change().dry_run;
    let p = tx::transact(session, dry_run, |tx| plan_apply(tx, facts, op, verifiers))
        .map_err(|f| map_failure(f, &facts.target))?;
    let done = conclude(ctx, session, facts, op, p.plan, p.detail, dry_run);
    Ok((done, p.undo))
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

/// A plan that was committed on `session` in a unit of several operations (or planned,
/// for a dry run), completed as a single run is: [`conclude`] (the after-commit steps),
/// then the completion row of its attempt `att`.
pub fn finish_planned<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    session: &mut Session,
    facts: &SessionFacts,
    op: &O,
    att: &Attempt,
    p: Planned<O::Output>,
) -> TargetRun<O::Output> {
    let dry_run = op.change().dry_run;
    let done = conclude(ctx, session, facts, op, p.plan, p.detail, dry_run);
    complete(
        ctx,
        inv,
        &facts.target,
        op,
        &att.rec,
        att.started,
        att.at,
        Ok((done, p.undo)),
    )
}

/// Run `lines` (one operation each, with its verifiers) on `session` on `facts.target`,
/// each in its own transaction, pipelined (`user apply`'s create lines): a line's
/// statements and COMMIT are queued and go out in one flight with the next line's BEGIN,
/// lock and reads, so a line costs one round trip. Each line is guarded and audited as
/// [`run_on_session`] does it (its started row before its first flight); a line whose
/// queued transaction failed (a concurrent run, a failing step) runs again on its own
/// through [`apply_on`] (the retry loop, step by step), under the same audit entry.
/// `done` gets each line's run (not in line order when one ran again). A dry run runs
/// the lines one after the other.
pub fn run_lines<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    session: &mut Session,
    facts: &SessionFacts,
    lines: &[(&O, Option<&dyn tx::Verifiers>)],
    done: &mut dyn FnMut(usize, TargetRun<O::Output>),
) {
    let target = &facts.target;
    if lines.iter().any(|(op, _)| op.change().dry_run) {
        for (k, (op, v)) in lines.iter().enumerate() {
            done(k, run_on_session(ctx, inv, session, facts, *op, *v));
        }
        return;
    }
    // The line whose transaction is queued: its index, attempt, plan and outcome.
    let mut queued: Option<(usize, Attempt, Planned<O::Output>, tx::Queued)> = None;
    let mut again: Vec<(usize, Attempt)> = vec![];
    // The queued line's outcome is known once a request was answered since.
    #[allow(clippy::type_complexity)]
    let conclude_queued = |session: &mut Session,
                           q: Option<(usize, Attempt, Planned<O::Output>, tx::Queued)>,
                           again: &mut Vec<(usize, Attempt)>|
     -> Option<(usize, TargetRun<O::Output>)> {
        let (k, att, p, out) = q?;
        match out.outcome() {
            Ok(()) => Some((
                k,
                finish_planned(ctx, inv, session, facts, lines[k].0, &att, p),
            )),
            Err(_) => {
                again.push((k, att));
                None
            }
        }
    };
    for (k, (op, v)) in lines.iter().enumerate() {
        if let Err(e) = guard(ctx, target, *op) {
            done(k, refuse_shared(ctx, inv, target, *op, e));
            continue;
        }
        let att = match super::record::begin(ctx, inv, target, *op) {
            Ok(a) => a,
            Err(e) => {
                done(
                    k,
                    TargetRun {
                        target: target.clone(),
                        result: Err(e),
                        audit_id: None,
                    },
                );
                continue;
            }
        };
        let attempt = tx::open_queued(session, |tx| plan_apply(tx, facts, *op, *v));
        // This line's first flight carried the queued line's COMMIT: its outcome is in.
        let prev = queued.take();
        if let Some((j, run)) = conclude_queued(session, prev, &mut again) {
            done(j, run);
        }
        match attempt {
            Ok((p, out)) => queued = Some((k, att, p, out)),
            Err(_) => again.push((k, att)),
        }
    }
    if queued.is_some() {
        let flushed = tx::flush(session);
        let last = queued.take();
        if flushed.is_err() {
            if let Some((k, att, _, _)) = last {
                again.push((k, att));
            }
        } else if let Some((j, run)) = conclude_queued(session, last, &mut again) {
            done(j, run);
        }
    }
    let _ = session.settle();
    // Lines whose queued transaction failed: on their own, as a single run.
    for (k, att) in again {
        let (op, v) = lines[k];
        let outcome = apply_on(ctx, session, facts, op, v);
        done(
            k,
            complete(ctx, inv, target, op, &att.rec, att.started, att.at, outcome),
        );
    }
}
