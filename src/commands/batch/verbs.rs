//! `user apply` without `--atomic`: the lines of the other verbs (reset, lock, unlock,
//! search-path on one connection per target; drop one at a time), each through its single
//! command's operation (see the parent module).

use super::*;

/// `user VERB`: the audit action of a line.
pub(super) fn action_of(l: &VerbLine) -> String {
    format!("user {}", l.verb.as_str())
}

/// Run the lines of the other verbs than create, as the single commands do (sessions are
/// not ended: batch lines have no --terminate-sessions); one run per line, in `verbs`
/// order, with a reset's new password when it was set.
///
/// Reset, lock, unlock and search-path lines are grouped by target (file order within a
/// target) and the targets by server (`host:port`): a server's targets run one after
/// the other on one worker, each target on one connection for all its lines (roles are
/// cluster-wide, so two databases of one cluster must not change a role at once);
/// different servers run at once, up to `--jobs`. The confirmations of protected
/// targets are asked first, on this thread, one per line as the single command would,
/// so a typed confirmation never interleaves with the workers. Drop lines need a
/// connection to every database of the cluster: they run afterwards, one at a time, in
/// file order.
pub(super) fn run_verbs(
    ctx: &Context,
    inv: &mut Inventory,
    verbs: &[VerbLine],
    a: &ApplyArgs,
    pw_file: Option<&PasswordFile>,
    progress: &indicatif::ProgressBar,
) -> Vec<VerbRun> {
    let dry_run = a.change.dry_run;
    let mut confirmed = vec![false; verbs.len()];
    let mut refused: Vec<Option<Error>> = vec![None; verbs.len()];
    for (i, l) in verbs.iter().enumerate() {
        if l.verb != Verb::Drop && l.target.protected && !dry_run && !a.change.yes {
            match engine::confirm(ctx, &l.target, &action_of(l), false) {
                Ok(()) => confirmed[i] = true,
                Err(e) => refused[i] = Some(e),
            }
        }
    }
    let mut targets: Vec<(&Target, Vec<usize>)> = vec![];
    for (i, l) in verbs.iter().enumerate() {
        if l.verb == Verb::Drop {
            continue;
        }
        match targets.iter_mut().find(|(t, _)| t.id == l.target.id) {
            Some((_, lines)) => lines.push(i),
            None => targets.push((&l.target, vec![i])),
        }
    }
    let servers = {
        let ts: Vec<Target> = targets.iter().map(|(t, _)| (*t).clone()).collect();
        let all: Vec<usize> = (0..ts.len()).collect();
        engine::group_by_server(&ts, &all)
    };
    let done: Mutex<Vec<(usize, VerbRun)>> = Mutex::new(vec![]);
    let sink = |i: usize, run: VerbRun| {
        if run.result.exit != ExitCode::Success {
            progress.set_message("(some failed)");
        }
        progress.inc(1);
        done.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((i, run));
    };
    let shared = Mutex::new(inv);
    {
        let guards = Guards {
            confirmed: &confirmed,
            refused: &refused,
        };
        engine::fanout::each(&servers, a.jobs, |group| {
            for &ti in group {
                let (target, lines) = &targets[ti];
                run_target_verbs(
                    ctx, &shared, target, verbs, lines, a, &guards, pw_file, &sink,
                );
            }
        });
    }
    let inv = shared.into_inner().unwrap_or_else(|p| p.into_inner());
    for (i, l) in verbs.iter().enumerate() {
        if l.verb == Verb::Drop {
            sink(
                i,
                VerbRun {
                    result: run_drop_line(ctx, inv, l, a),
                    secret: None,
                    in_file: false,
                },
            );
        }
    }
    in_order(verbs.len(), done, |i| not_run(&verbs[i]))
}

/// A line that was not run (an internal error), as a failed result.
pub(super) fn not_run(l: &VerbLine) -> VerbRun {
    VerbRun {
        result: failed_result(
            l,
            Error::failed("internal error: the line was not run").on(l.target.name()),
        ),
        secret: None,
        in_file: false,
    }
}

/// A line's result when it failed before its operation produced one.
fn failed_result(l: &VerbLine, e: Error) -> TargetResult {
    TargetResult {
        at: crate::results::TargetFields::of(&l.target, l.role.as_str()),
        fields: Box::new(crate::results::ChangeReport {
            status: Some("failed".into()),
            changed: Some(false),
            ..Default::default()
        }),
        exit: e.exit_code(),
        error: Some(e),
    }
}

/// Write a reset's new password to `--password-file`: true when the file took it.
pub(super) fn deliver_reset(
    ctx: &Context,
    pw_file: Option<&PasswordFile>,
    l: &VerbLine,
    secret: Option<&Secret>,
) -> bool {
    match (secret, pw_file) {
        (Some(pw), Some(f)) => match append_password(f, &l.target, l.role.as_str(), pw) {
            Ok(()) => true,
            Err(e) => {
                ctx.out.error(&e);
                false
            }
        },
        _ => false,
    }
}

/// The `lines` of one target, in order, on one session: opened at the first line that
/// needs it (again if the server closed it); if it cannot be opened, each line is a
/// failed attempt with its own audit entry.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_target_verbs(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    verbs: &[VerbLine],
    lines: &[usize],
    a: &ApplyArgs,
    guards: &Guards<'_>,
    pw_file: Option<&PasswordFile>,
    sink: &(dyn Fn(usize, VerbRun) + Sync),
) {
    let dry_run = a.change.dry_run;
    let len = a.password_length;
    let make = move || Secret::generate(len);
    let mut session: Option<Result<Session>> = None;
    for &i in lines {
        let l = &verbs[i];
        let change = Change {
            dry_run,
            reason: l.reason.clone(),
            ticket: l.ticket.clone(),
            // A protected target's confirmation was asked before the workers started.
            yes: a.change.yes || guards.confirmed[i],
        };
        let secret: OnceLock<Secret> = OnceLock::new();
        let (result, set) = {
            let op = verb_op(ctx, l, &change, &secret, &make);
            let run = match &guards.refused[i] {
                Some(e) => engine::record::refuse_shared(ctx, inv, target, &op, e.clone()),
                None => {
                    if matches!(&session, Some(Ok(s)) if s.client.is_closed()) {
                        session = None;
                    }
                    let s = session.get_or_insert_with(|| engine::connect(ctx, target, dry_run));
                    match s {
                        Ok(s) => {
                            let facts =
                                engine::unit::facts(s, target, crate::catalog::Statements::once());
                            engine::run_on_session(ctx, inv, s, &facts, &op, None)
                        }
                        Err(e) => failed_attempt(ctx, inv, target, &op, e.clone()),
                    }
                }
            };
            let set =
                l.verb == Verb::Reset && run.result.as_ref().is_ok_and(|d| !d.dry_run && d.changed);
            (op.result_of(run), set)
        };
        let secret = if set { secret.into_inner() } else { None };
        let in_file = deliver_reset(ctx, pw_file, l, secret.as_ref());
        sink(
            i,
            VerbRun {
                result,
                secret,
                in_file,
            },
        );
    }
}

/// The operation of a line, as its single command builds it (for drop: its identity for
/// the guard and audit records; drop plans and applies per database, so `prepare` is
/// never called). `secret` and `make`: a reset's new password.
pub(super) fn verb_op<'a>(
    ctx: &'a Context,
    l: &'a VerbLine,
    change: &Change,
    secret: &'a OnceLock<Secret>,
    make: &'a (dyn Fn() -> Result<Secret> + Sync),
) -> VerbOp<'a> {
    let role = &l.role;
    let action = action_of(l);
    match l.verb {
        Verb::Lock => VerbOp::new(
            ctx,
            action,
            role,
            change,
            Box::new(move |tx, f, _| lifecycle::prepare_lock(tx, f, role, false)),
        )
        .finish(Box::new(move |s, p, applied, f| {
            lifecycle::lock_finish(s, role, p, applied, f)
        })),
        Verb::Unlock => VerbOp::new(
            ctx,
            action,
            role,
            change,
            Box::new(move |tx, f, _| lifecycle::prepare_unlock(tx, f, role)),
        ),
        Verb::SearchPath => VerbOp::new(
            ctx,
            action,
            role,
            change,
            Box::new(move |tx, f, _| lifecycle::prepare_search_path(ctx, tx, f, role, &l.schemas)),
        ),
        Verb::Reset => {
            let mut op = VerbOp::new(
                ctx,
                action,
                role,
                change,
                Box::new(move |tx, f, apply| {
                    lifecycle::prepare_reset(
                        tx,
                        f,
                        role,
                        l.valid_until.as_deref(),
                        false,
                        apply,
                        secret,
                        make,
                    )
                }),
            )
            .finish(Box::new(move |s, p, applied, f| {
                lifecycle::report_open_sessions(s, role, p, applied, f)
            }));
            op.secret = Some(secret);
            op
        }
        Verb::Drop => VerbOp::new(
            ctx,
            action,
            role,
            change,
            Box::new(|_, _, _| Err(Error::failed("internal error: drop plans per database"))),
        ),
    }
}

/// A drop line on its target, as `user drop` does it (one transaction per database).
pub(super) fn run_drop_line(
    ctx: &Context,
    inv: &mut Inventory,
    l: &VerbLine,
    a: &ApplyArgs,
) -> TargetResult {
    let change = Change {
        dry_run: a.change.dry_run,
        reason: l.reason.clone(),
        ticket: l.ticket.clone(),
        yes: a.change.yes,
    };
    let secret = OnceLock::new();
    let make = || Secret::generate(a.password_length);
    let op = verb_op(ctx, l, &change, &secret, &make);
    let role = &l.role;
    match lifecycle::drop_on_target(ctx, inv, &op, &l.target, role, l.reassign_to.as_ref()) {
        Ok(r) => r,
        // Refused: its audit record cannot be written.
        Err(e) => failed_result(l, e),
    }
}

/// A line of another verb than create in the batch's JSON shape: the create fields that
/// do not apply to the verb are empty (kind: the role's kind as recorded by pgacct).
pub(super) fn verb_result(
    l: &VerbLine,
    r: &TargetResult,
    password: Option<crate::secret::Reveal>,
    dry_run: bool,
) -> LineResult {
    let f = &r.fields;
    let t = &l.target;
    LineResult {
        line: l.line,
        verb: l.verb.as_str(),
        result: CreateResult {
            username: l.role.to_string(),
            password,
            status: f.status.clone().unwrap_or_else(|| "failed".into()),
            changed: f.changed.unwrap_or(false),
            env: t.env.clone(),
            database: t.database.clone(),
            hostname: t.host.clone(),
            port: t.port,
            kind: f.kind.clone().flatten().unwrap_or_default(),
            connection_limit: None,
            valid_until: if l.verb == Verb::Reset {
                f.valid_until.clone().flatten()
            } else {
                None
            },
            groups: vec![],
            search_path: l.schemas.iter().map(|s| s.to_string()).collect(),
            drift: vec![],
            gaps: vec![],
            warnings: vec![],
            sql: if dry_run { f.sql.clone() } else { None },
            dry_run,
            error: if r.exit == ExitCode::Success {
                None
            } else {
                r.error.as_ref().map(|e| e.to_json())
            },
            audit_id: f.audit_id.flatten(),
        },
    }
}
