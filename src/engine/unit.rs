//! One unit of work on one target: audit the start, connect, plan, apply (or dry-run),
//! the after-commit steps, audit the end. Single commands and fan-out run it per target
//! (`execute`); `user apply` runs it per line over a session it keeps open
//! ([`run_on_session`], or pipelined for create lines: [`run_lines`]); `--atomic` and drop
//! compose its parts ([`plan_apply`], [`finish_planned`], [`connect`]).

use super::fanout::guard;
use super::record::{
    Attempt, audit_record, complete, completion_of, finish_audit_shared, lock, refuse_shared,
    unrecorded, unrecorded_error,
};
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
        server_version_num: session.server_version_num(),
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
    plan_then_apply(tx, facts, op, verifiers, || Ok(()))
}

/// [`plan_apply`], with `before_apply` run between the plan and its statements: its
/// error fails the attempt before anything that changes the server is queued.
fn plan_then_apply<O: Operation + ?Sized>(
    tx: &mut tx::Tx<'_>,
    facts: &SessionFacts,
    op: &O,
    verifiers: Option<&dyn tx::Verifiers>,
    before_apply: impl FnOnce() -> std::result::Result<(), Failure>,
) -> std::result::Result<Planned<O::Output>, Failure> {
    let apply = !tx.dry_run();
    let p = op.plan(tx.reads()?, facts, apply)?;
    before_apply()?;
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
/// each in its own transaction, pipelined (`user apply`'s create lines), up to
/// 1 + `AHEAD` lines a round trip. A line's flight carries the statements and COMMITs
/// queued before it, its BEGIN, lock and reads, then the reads of the next lines
/// (captured from their planners, see [`crate::catalog::Statements::read_ahead`]), each
/// after its role's lock, taken by the session ([`crate::catalog::lock_role_ahead`])
/// and released once the line's COMMIT went ([`crate::catalog::queue_unlock_ahead`]):
/// a line's reads and its transaction are under its lock, as a single run's are. The
/// lines read ahead are then planned from those rows (a line reads on its own what they
/// do not answer, e.g. again under the database's lock while its groups are missing)
/// and their transactions queued with no round trip of their own. Each line is guarded
/// and audited as [`run_on_session`] does it (its started row before its statements
/// are queued); a line whose queued transaction failed (a concurrent run, a failing
/// step, a deadlock between runs holding locks taken ahead) runs again on its own
/// through [`apply_on`] (the retry loop, step by step), under the same audit entry. The
/// inventory is written beside the network: a line's started row while its first
/// flight (BEGIN, lock, reads: nothing that changes the server) is out, on a side
/// thread, together with the completion rows of the lines whose outcome came in before.
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
    // The lines whose transaction is queued: index, attempt, plan and outcome.
    #[allow(clippy::type_complexity)]
    let mut queued: Vec<(usize, Attempt, Planned<O::Output>, tx::Queued)> = vec![];
    let mut again: Vec<(usize, Attempt)> = vec![];
    // Lines whose outcome is known, their completion row not written yet: written on
    // the side while the next line's first flight is out.
    let mut unwritten: Vec<Unwritten<O::Output>> = vec![];
    // The queued lines' outcomes are known once a request was answered since.
    #[allow(clippy::type_complexity)]
    let conclude_queued = |session: &mut Session,
                           q: Vec<(usize, Attempt, Planned<O::Output>, tx::Queued)>,
                           again: &mut Vec<(usize, Attempt)>,
                           unwritten: &mut Vec<Unwritten<O::Output>>| {
        for (k, att, p, out) in q {
            match out.outcome() {
                Ok(()) => {
                    let op = lines[k].0;
                    let done = conclude(ctx, session, facts, op, p.plan, p.detail, false);
                    let outcome = Ok((done, p.undo));
                    let fin = completion_of(op, &att.rec, att.at, &outcome);
                    unwritten.push(Unwritten {
                        line: k,
                        started: att.started,
                        fin,
                        result: outcome.map(|(d, _)| d),
                    });
                }
                Err(_) => again.push((k, att)),
            }
        }
    };
    // Every line's guard, asked before anything is sent (it may ask for a confirmation:
    // never while this session holds a lock or an open transaction).
    let guards: Vec<Result<()>> = lines
        .iter()
        .map(|(op, _)| guard(ctx, target, *op))
        .collect();
    let guarded = |k: usize| -> Result<()> { guards[k].clone() };
    // The first failure of a line's first flight: when the connection is gone after it
    // (the login refused: it ends with the first flight), every failed line's error.
    let mut first_failure: Option<Error> = None;
    let st = &facts.statements;
    let mut k = 0;
    while k < lines.len() {
        let (op, v) = lines[k];
        if let Err(e) = guarded(k) {
            done(k, refuse_shared(ctx, inv, target, op, e));
            k += 1;
            continue;
        }
        // The next lines are read ahead in this line's flight (their reads after this
        // line's, each under its role's lock held by the session until it committed),
        // then planned from those rows and queued with no round trip of their own:
        // 1 + AHEAD lines a round trip.
        let mut ahead = vec![];
        for (j, (next, _)) in lines.iter().enumerate().skip(k + 1).take(AHEAD) {
            let lock = guarded(j)
                .ok()
                .and_then(|_| next.role())
                .and_then(|r| crate::catalog::lock_role_ahead(&r));
            match lock {
                Some(l) => ahead.push((j, l)),
                None => break,
            }
        }
        let read_ahead = !ahead.is_empty();
        let mut sent = 0;
        let rec = audit_record(op, target);
        let at = Instant::now();
        let fins = std::mem::take(&mut unwritten);
        let rows: Vec<(i64, &crate::inventory::audit::Record)> =
            fins.iter().map(|u| (u.started, &u.fin)).collect();
        // The line's started row and the completion rows of the lines before it are
        // written on the side while its BEGIN, lock and reads (which change nothing) are
        // out; its statements are queued only once the started row is in.
        let (started, attempt, written) = std::thread::scope(|s| {
            let (tx_started, rx_started) = std::sync::mpsc::channel();
            let rec = &rec;
            let side = s.spawn(move || {
                let _ = tx_started.send(lock(inv).audit_begin(&ctx.actor, rec));
                rows.into_iter()
                    .map(|(started, fin)| finish_audit_shared(ctx, inv, target, started, fin))
                    .collect::<Vec<_>>()
            });
            let mut started: Option<Result<i64>> = None;
            let attempt = tx::open_queued(session, |tx| {
                let mut send = vec![];
                for (j, lock) in ahead {
                    let next = lines[j].0;
                    let reads = st.capture(|| {
                        if let Ok(t) = tx.reads() {
                            let _ = next.plan(t, facts, false);
                        }
                    });
                    match reads {
                        Some(reads) => send.push((lock, reads)),
                        None => break,
                    }
                }
                sent = send.len();
                if sent > 0 {
                    st.read_ahead(send);
                }
                plan_then_apply(tx, facts, op, v, || {
                    let s = rx_started.recv().unwrap_or_else(|_| {
                        Err(Error::failed("the audit writer stopped unexpectedly"))
                    });
                    let refused = s
                        .as_ref()
                        .err()
                        .map(|e| unrecorded_error(target, e.clone()));
                    started = Some(s);
                    match refused {
                        Some(e) => Err(Failure::Other(e)),
                        None => Ok(()),
                    }
                })
            });
            let started = started.unwrap_or_else(|| {
                rx_started
                    .recv()
                    .unwrap_or_else(|_| Err(Error::failed("the audit writer stopped unexpectedly")))
            });
            let written = side.join().unwrap_or_default();
            (started, attempt, written)
        });
        let mut written = written.into_iter();
        for u in fins {
            let audit_id = written.next().flatten();
            done(u.line, u.run(target, audit_id));
        }
        // This line's first flight carried the queued lines' COMMITs: their outcomes
        // are in.
        let prev = std::mem::take(&mut queued);
        conclude_queued(session, prev, &mut again, &mut unwritten);
        match started {
            Ok(started) => {
                let att = Attempt { rec, started, at };
                match attempt {
                    Ok((p, out)) => queued.push((k, att, p, out)),
                    Err(f) => {
                        first_failure.get_or_insert_with(|| map_failure(f, target));
                        again.push((k, att))
                    }
                }
            }
            Err(e) => done(k, unrecorded(target, e)),
        }
        k += 1;
        if !read_ahead {
            continue;
        }
        // The lines read ahead whose lock was taken (a prefix of them: the first that
        // another session held, and the lines after it, run as the next line, their
        // reads in its flight): each its started row, then planned from the rows read
        // ahead, its statements and COMMIT queued after the line's before it.
        let answered = st.answered().min(sent);
        for _ in 0..answered {
            let (op, v) = lines[k];
            match super::record::begin(ctx, inv, target, op) {
                Ok(att) => match tx::open_queued(session, |tx| plan_apply(tx, facts, op, v)) {
                    Ok((p, out)) => queued.push((k, att, p, out)),
                    Err(f) => {
                        first_failure.get_or_insert_with(|| map_failure(f, target));
                        again.push((k, att))
                    }
                },
                Err(e) => done(
                    k,
                    TargetRun {
                        target: target.clone(),
                        result: Err(e),
                        audit_id: None,
                    },
                ),
            }
            k += 1;
        }
        st.clear_ahead();
        // The roles' locks, taken ahead, go once the lines' COMMITs went (not queued:
        // the session is gone, and its locks with it).
        let _ = crate::catalog::queue_unlock_ahead(&mut session.client);
    }
    if !queued.is_empty() {
        let flushed = tx::flush(session);
        let last = std::mem::take(&mut queued);
        if flushed.is_err() {
            again.extend(last.into_iter().map(|(k, att, _, _)| (k, att)));
        } else {
            conclude_queued(session, last, &mut again, &mut unwritten);
        }
    }
    for u in unwritten {
        let audit_id = finish_audit_shared(ctx, inv, target, u.started, &u.fin);
        done(u.line, u.run(target, audit_id));
    }
    // The session's own first read and the login's end went with the first line's
    // flight: when the login was refused (the connection is gone) or another server
    // answers, that is every failed line's error, not the closed connection a run on its
    // own would meet.
    let settled = session.settle();
    let settled = match first_failure {
        Some(e) if session.client.is_closed() => Err(e),
        _ => settled,
    };
    // Lines whose queued transaction failed: on their own, as a single run.
    for (k, att) in again {
        let (op, v) = lines[k];
        let outcome = match &settled {
            Err(e) => Err(e.clone()),
            Ok(()) => apply_on(ctx, session, facts, op, v),
        };
        done(
            k,
            complete(ctx, inv, target, op, &att.rec, att.started, att.at, outcome),
        );
    }
}

/// How many lines [`run_lines`] reads ahead in a line's flight (each holding its
/// role's lock, taken by the session, until its COMMIT went).
const AHEAD: usize = 2;

/// A line of [`run_lines`] whose outcome is known and whose completion row is still to
/// be written.
struct Unwritten<T> {
    line: usize,
    started: i64,
    fin: crate::inventory::audit::Record,
    result: Result<Done<T>>,
}

impl<T> Unwritten<T> {
    /// The line's run, once its completion row was written (`audit_id`, None when it
    /// could not be: warned about).
    fn run(self, target: &Target, audit_id: Option<i64>) -> TargetRun<T> {
        TargetRun {
            target: target.clone(),
            result: self.result,
            audit_id,
        }
    }
}
