//! `user apply --atomic`: per target, all its lines in one transaction on one connection,
//! all applied or none (see the parent module).

use super::*;

/// A line of an `--atomic` unit: a create item or a verb line, by index.
#[derive(Clone, Copy)]
pub(super) enum UnitLine {
    Create(usize),
    Verb(usize),
}

/// `--atomic`: a target's create, reset, lock, unlock and search-path lines, in file
/// order, for one transaction on one connection.
pub(super) struct AtomicUnit<'t> {
    target: &'t Target,
    lines: Vec<UnitLine>,
}

/// `--atomic`: per target, all its lines in one transaction on one connection, all
/// applied or none (see [`run_atomic_unit`]). The confirmations of protected targets
/// are asked first, on this thread, one per verb line as without `--atomic` (after a
/// refusal, a target's other lines are not asked about: they cannot apply anyway).
/// A server's targets run one after the other (roles are cluster-wide; targets with
/// create lines first, so that a user created on one database of the cluster exists
/// when another database's line sets its search path), different servers at once, up
/// to `--jobs`. Verifiers of created users are hashed ahead, as without `--atomic`.
pub(super) fn run_atomic(
    ctx: &Context,
    inv: &mut Inventory,
    items: &[Item],
    verbs: &[VerbLine],
    a: &ApplyArgs,
    pw_file: Option<&PasswordFile>,
    progress: &indicatif::ProgressBar,
) -> (Vec<LineRun>, Vec<VerbRun>) {
    let dry_run = a.change.dry_run;
    // Every line in file order, grouped by target (in order of first appearance).
    let mut all: Vec<(usize, &Target, UnitLine)> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.line.line, &it.line.target, UnitLine::Create(i)))
        .chain(
            verbs
                .iter()
                .enumerate()
                // Validation refuses drop lines with --atomic.
                .filter(|(_, l)| l.verb != Verb::Drop)
                .map(|(i, l)| (l.line, &l.target, UnitLine::Verb(i))),
        )
        .collect();
    all.sort_by_key(|(line, _, _)| *line);
    let mut units: Vec<AtomicUnit<'_>> = vec![];
    for (_, t, l) in all {
        match units.iter_mut().find(|u| u.target.id == t.id) {
            Some(u) => u.lines.push(l),
            None => units.push(AtomicUnit {
                target: t,
                lines: vec![l],
            }),
        }
    }
    let servers = {
        let ts: Vec<Target> = units.iter().map(|u| u.target.clone()).collect();
        let all: Vec<usize> = (0..ts.len()).collect();
        let mut groups = engine::group_by_server(&ts, &all);
        for g in &mut groups {
            // Stable: targets with create lines first, each kind in file order.
            g.sort_by_key(|&u| {
                !units[u]
                    .lines
                    .iter()
                    .any(|l| matches!(l, UnitLine::Create(_)))
            });
        }
        groups
    };
    // Confirmations of protected targets, one per verb line, before any worker starts.
    let mut confirmed = vec![false; verbs.len()];
    let mut refused: Vec<Option<Error>> = vec![None; verbs.len()];
    if !dry_run && !a.change.yes {
        for u in units.iter().filter(|u| u.target.protected) {
            for l in &u.lines {
                let UnitLine::Verb(i) = *l else { continue };
                match engine::confirm(ctx, u.target, &action_of(&verbs[i]), false) {
                    Ok(()) => confirmed[i] = true,
                    Err(e) => {
                        // The unit cannot apply: its other lines are not asked about.
                        refused[i] = Some(e);
                        break;
                    }
                }
            }
        }
    }
    let guards = Guards {
        confirmed: &confirmed,
        refused: &refused,
    };
    // The order the unit will want verifiers in.
    let order: Vec<usize> = servers
        .iter()
        .flatten()
        .flat_map(|&u| units[u].lines.iter())
        .filter_map(|l| match l {
            UnitLine::Create(i) => Some(*i),
            UnitLine::Verb(_) => None,
        })
        .collect();
    let finished = AtomicBool::new(false);
    let done_c: Mutex<Vec<(usize, LineRun)>> = Mutex::new(vec![]);
    let done_v: Mutex<Vec<(usize, VerbRun)>> = Mutex::new(vec![]);
    let failed = AtomicUsize::new(0);
    let tick = |ok: bool| {
        if !ok {
            let f = failed.fetch_add(1, Ordering::Relaxed) + 1;
            progress.set_message(format!("({f} failed)"));
        }
        progress.inc(1);
    };
    let sink_c = |i: usize, run: LineRun| {
        tick(run.result.is_ok());
        done_c
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((i, run));
    };
    let sink_v = |i: usize, run: VerbRun| {
        tick(run.result.exit == ExitCode::Success);
        done_v
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((i, run));
    };
    let shared = Mutex::new(inv);
    std::thread::scope(|s| {
        hash_ahead(s, items, &order, &finished, dry_run);
        engine::fanout::each(&servers, a.jobs, |group| {
            for &u in group {
                run_atomic_unit(
                    ctx, &shared, &units[u], items, verbs, a, &guards, pw_file, &sink_c, &sink_v,
                );
            }
        });
        finished.store(true, Ordering::Relaxed);
    });
    (
        in_order(items.len(), done_c, |_| create_not_run()),
        in_order(verbs.len(), done_v, |i| not_run(&verbs[i])),
    )
}

/// A line of an `--atomic` unit, ready to run: a create item, or a verb line with its
/// operation as its single command builds it.
#[allow(clippy::large_enum_variant)] // a few per target, built once
pub(super) enum Member<'a> {
    Create(usize),
    Verb(usize, VerbOp<'a>),
}

/// What a line of an `--atomic` unit planned inside the unit's transaction (one value
/// per line, moved once: the size difference does not matter).
#[allow(clippy::large_enum_variant)]
pub(super) enum MemberPlan {
    Create(Planned<CreateDetail>),
    Verb(Planned<lifecycle::VerbDetail>),
}

/// One target's `--atomic` unit: every line an audited attempt (its started row is
/// written before anything that changes the server is sent), then all lines planned and
/// applied in one transaction on one connection (a dry run: one read-only transaction,
/// rolled back), retried whole on a conflict with a concurrent run. If a line fails (on
/// the server, or refused by a guard while planning), the transaction is rolled back:
/// that line fails with its own error, every other line with "not applied". After the
/// commit each verb line's after-commit step runs on the connection, as for the single
/// command; then the completion rows, and the new passwords (created users, resets) go
/// to the password file. A line refused at confirmation (protected target) refuses the
/// unit before it connects.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_atomic_unit(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    unit: &AtomicUnit<'_>,
    items: &[Item],
    verbs: &[VerbLine],
    a: &ApplyArgs,
    guards: &Guards<'_>,
    pw_file: Option<&PasswordFile>,
    sink_c: &(dyn Fn(usize, LineRun) + Sync),
    sink_v: &(dyn Fn(usize, VerbRun) + Sync),
) {
    // A reset's new password, per line (made while planning, in the transaction).
    let secrets: Vec<OnceLock<Secret>> = unit.lines.iter().map(|_| OnceLock::new()).collect();
    let outs = unit_outs(ctx, inv, unit, items, verbs, a, guards, &secrets);
    deliver_outs(
        ctx,
        items,
        verbs,
        outs,
        secrets,
        pw_file,
        a.change.dry_run,
        sink_c,
        sink_v,
    );
}

/// The lines of an `--atomic` unit run, audited: each line's result, in unit order.
#[allow(clippy::too_many_arguments)]
pub(super) fn unit_outs(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    unit: &AtomicUnit<'_>,
    items: &[Item],
    verbs: &[VerbLine],
    a: &ApplyArgs,
    guards: &Guards<'_>,
    secrets: &[OnceLock<Secret>],
) -> Vec<Out> {
    let dry_run = a.change.dry_run;
    let target = unit.target;
    let len = a.password_length;
    let make = move || Secret::generate(len);
    let members: Vec<Member<'_>> = unit
        .lines
        .iter()
        .zip(secrets)
        .map(|(l, secret)| match *l {
            UnitLine::Create(i) => Member::Create(i),
            UnitLine::Verb(i) => {
                let l = &verbs[i];
                let change = Change {
                    dry_run,
                    reason: l.reason.clone(),
                    ticket: l.ticket.clone(),
                    yes: a.change.yes || guards.confirmed[i],
                };
                Member::Verb(i, verb_op(ctx, l, &change, secret, &make))
            }
        })
        .collect();
    let line_no = |m: &Member<'_>| match m {
        Member::Create(i) => items[*i].line.line,
        Member::Verb(i, _) => verbs[*i].line,
    };
    let not_applied = |failing: usize| {
        Error::failed(format!(
            "not applied: line {failing} failed, and --atomic applies all lines of {} or none",
            target.name()
        ))
        .on(target.name())
    };
    // What each line's attempt ended with, in unit order: a create's result, or a verb's
    // run (turned into its result with its operation below).
    let mut ends: Vec<Option<End>> = members.iter().map(|_| None).collect();

    let refusal = members.iter().find_map(|m| match m {
        Member::Verb(i, _) => guards.refused[*i].as_ref().map(|_| line_no(m)),
        Member::Create(_) => None,
    });
    if let Some(failing) = refusal {
        // Refused at confirmation: one refused row per refused line; the others are
        // attempts that fail unapplied.
        for (k, m) in members.iter().enumerate() {
            ends[k] = Some(match m {
                Member::Verb(i, op) => End::Verb(match &guards.refused[*i] {
                    Some(e) => engine::record::refuse_shared(ctx, inv, target, op, e.clone()),
                    None => failed_attempt(ctx, inv, target, op, not_applied(failing)),
                }),
                Member::Create(i) => End::Create(LineRun::of(
                    failed_attempt(ctx, inv, target, &items[*i].op, not_applied(failing)),
                    false,
                )),
            });
        }
        return outs_of(verbs, &members, ends);
    }

    let mut session = match engine::connect(ctx, target, dry_run) {
        Ok(s) => s,
        Err(e) => {
            // Every line is still an audited attempt.
            for (k, m) in members.iter().enumerate() {
                ends[k] = Some(match m {
                    Member::Verb(_, op) => {
                        End::Verb(failed_attempt(ctx, inv, target, op, e.clone()))
                    }
                    Member::Create(i) => End::Create(LineRun::of(
                        failed_attempt(ctx, inv, target, &items[*i].op, e.clone()),
                        false,
                    )),
                });
            }
            return outs_of(verbs, &members, ends);
        }
    };

    // The started rows, before anything that changes the server is sent.
    let mut atts: Vec<Attempt> = vec![];
    for m in &members {
        let begun = match m {
            Member::Create(i) => engine::record::begin(ctx, inv, target, &items[*i].op),
            Member::Verb(_, op) => engine::record::begin(ctx, inv, target, op),
        };
        match begun {
            Ok(att) => atts.push(att),
            Err(e) => {
                // Cannot record: refuse the whole unit, closing what was started.
                for (k, m) in members.iter().enumerate() {
                    let audit_id = atts
                        .get(k)
                        .and_then(|att| att.failed(ctx, inv, target, &e, dry_run));
                    ends[k] = Some(failed_end(m, target, e.clone(), audit_id));
                }
                return outs_of(verbs, &members, ends);
            }
        }
    }

    let facts = engine::unit::facts(&session, target, crate::catalog::Statements::reused());
    // Every line planned and applied in one transaction, in unit order; on failure, the
    // line that failed (None: the transaction itself).
    let failing = std::cell::Cell::new(None);
    let outcome = engine::tx::transact(&mut session, dry_run, |tx| {
        let mut out = Vec::with_capacity(members.len());
        for (k, m) in members.iter().enumerate() {
            failing.set(Some(k));
            out.push(match m {
                Member::Create(i) => MemberPlan::Create(engine::unit::plan_apply(
                    tx,
                    &facts,
                    &items[*i].op,
                    Some(&items[*i]),
                )?),
                Member::Verb(_, op) => {
                    MemberPlan::Verb(engine::unit::plan_apply(tx, &facts, op, None)?)
                }
            });
            // Sent now, so that a failure names its line.
            tx.send_pending()?;
        }
        failing.set(None);
        Ok(out)
    })
    .map_err(|f| (failing.get(), engine::map_failure(f, target)));
    match outcome {
        Ok(plans) => {
            for (k, ((m, att), p)) in members.iter().zip(&atts).zip(plans).enumerate() {
                ends[k] = Some(match (m, p) {
                    (Member::Create(i), MemberPlan::Create(p)) => End::Create(LineRun::of(
                        engine::unit::finish_planned(
                            ctx,
                            inv,
                            &mut session,
                            &facts,
                            &items[*i].op,
                            att,
                            p,
                        ),
                        false,
                    )),
                    (Member::Verb(_, op), MemberPlan::Verb(p)) => End::Verb(
                        engine::unit::finish_planned(ctx, inv, &mut session, &facts, op, att, p),
                    ),
                    (m, _) => failed_end(
                        m,
                        target,
                        Error::failed("internal error: a line's plan is of another verb"),
                        None,
                    ),
                });
            }
        }
        Err((at, err)) => {
            let failing = at.map(|k| line_no(&members[k]));
            for (k, (m, att)) in members.iter().zip(&atts).enumerate() {
                let e = match (at, failing) {
                    (Some(a), Some(n)) if a != k => not_applied(n),
                    _ => err.clone(),
                };
                let audit_id = att.failed(ctx, inv, target, &e, dry_run);
                ends[k] = Some(failed_end(m, target, e, audit_id));
            }
        }
    }
    outs_of(verbs, &members, ends)
}

/// How a line of an `--atomic` unit ended: a create's run, or a verb's engine run (one
/// value per line: the size difference does not matter).
#[allow(clippy::large_enum_variant)]
pub(super) enum End {
    Create(LineRun),
    Verb(engine::TargetRun<lifecycle::VerbDetail>),
}

/// How a line of a unit that was not applied ended: its error and its completion row.
fn failed_end(m: &Member<'_>, target: &Target, e: Error, audit_id: Option<i64>) -> End {
    match m {
        Member::Create(_) => End::Create(LineRun {
            result: Err(e),
            audit_id,
            in_file: false,
        }),
        Member::Verb(..) => End::Verb(engine::TargetRun {
            target: target.clone(),
            result: Err(e),
            audit_id,
        }),
    }
}

/// A line of an `--atomic` unit once run.
pub(super) enum Out {
    Create(usize, LineRun),
    /// A verb line's result, and whether its new password (reset) was set.
    Verb(usize, TargetResult, bool),
}

/// Each line's end as its result: a verb run through its operation's `result_of`, a
/// reset's password kept only when its change committed.
pub(super) fn outs_of(
    verbs: &[VerbLine],
    members: &[Member<'_>],
    ends: Vec<Option<End>>,
) -> Vec<Out> {
    members
        .iter()
        .zip(ends)
        .map(|(m, end)| match (m, end) {
            (Member::Create(i), Some(End::Create(run))) => Out::Create(*i, run),
            (Member::Verb(i, op), Some(End::Verb(run))) => {
                let set = verbs[*i].verb == Verb::Reset
                    && run.result.as_ref().is_ok_and(|d| !d.dry_run && d.changed);
                Out::Verb(*i, op.result_of(run), set)
            }
            (Member::Create(i), _) => Out::Create(*i, create_not_run()),
            (Member::Verb(i, _), _) => Out::Verb(*i, not_run(&verbs[*i]).result, false),
        })
        .collect()
}

/// The results of an `--atomic` unit's lines to the sinks, the new passwords (created
/// users; resets whose change committed) to the password file.
#[allow(clippy::too_many_arguments)]
pub(super) fn deliver_outs(
    ctx: &Context,
    items: &[Item],
    verbs: &[VerbLine],
    outs: Vec<Out>,
    secrets: Vec<OnceLock<Secret>>,
    pw_file: Option<&PasswordFile>,
    dry_run: bool,
    sink_c: &(dyn Fn(usize, LineRun) + Sync),
    sink_v: &(dyn Fn(usize, VerbRun) + Sync),
) {
    for (out, secret) in outs.into_iter().zip(secrets) {
        match out {
            Out::Create(i, mut run) => {
                run.in_file = deliver_created(ctx, pw_file, &items[i], &run.result, dry_run);
                sink_c(i, run);
            }
            Out::Verb(i, result, set) => {
                let l = &verbs[i];
                let secret = if set { secret.into_inner() } else { None };
                let in_file = deliver_reset(ctx, pw_file, l, secret.as_ref());
                sink_v(
                    i,
                    VerbRun {
                        result,
                        secret,
                        in_file,
                    },
                );
            }
        }
    }
}
