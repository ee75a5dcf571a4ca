//! `user apply` without `--atomic`: the create lines, each in its own transaction, on a few
//! connections per target at once (see the parent module).

use super::*;

/// Group the items into units of work: per target (in order of first appearance); a
/// target's lines split round-robin over its share of the connections.
pub(super) fn units(items: &[Item], jobs: usize) -> Vec<Vec<usize>> {
    let mut groups: Vec<(i64, Vec<usize>)> = vec![];
    for (i, it) in items.iter().enumerate() {
        match groups.iter_mut().find(|g| g.0 == it.line.target.id) {
            Some(g) => g.1.push(i),
            None => groups.push((it.line.target.id, vec![i])),
        }
    }
    if groups.is_empty() {
        return vec![];
    }
    let share = (jobs / groups.len()).max(1);
    let mut out = vec![];
    for (_, g) in groups {
        let k = share.min(g.len());
        let mut chunks: Vec<Vec<usize>> = vec![vec![]; k];
        for (n, i) in g.into_iter().enumerate() {
            chunks[n % k].push(i);
        }
        out.extend(chunks);
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn execute(
    ctx: &Context,
    inv: &mut Inventory,
    items: &[Item],
    units: &[Vec<usize>],
    jobs: usize,
    dry_run: bool,
    pw_file: Option<&PasswordFile>,
    progress: &indicatif::ProgressBar,
) -> Vec<LineRun> {
    let inv = Mutex::new(inv);
    let done: Mutex<Vec<(usize, LineRun)>> = Mutex::new(vec![]);
    let failed = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    // The order the connections will want verifiers in: the first line of every unit,
    // then the second, ...
    let mut order = vec![];
    let longest = units.iter().map(|u| u.len()).max().unwrap_or(0);
    for k in 0..longest {
        for u in units {
            if let Some(&i) = u.get(k) {
                order.push(i);
            }
        }
    }
    let workers = jobs.min(units.len()).max(1);
    let sink = |i: usize, run: LineRun| {
        if run.result.is_err() {
            let f = failed.fetch_add(1, Ordering::Relaxed) + 1;
            progress.set_message(format!("({f} failed)"));
        }
        progress.inc(1);
        done.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((i, run));
    };
    std::thread::scope(|s| {
        hash_ahead(s, items, &order, &finished, dry_run);
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    loop {
                        let k = next.fetch_add(1, Ordering::SeqCst);
                        let Some(unit) = units.get(k) else { break };
                        run_unit(ctx, &inv, items, unit, dry_run, pw_file, &sink);
                    }
                })
            })
            .collect();
        for h in handles {
            let _ = h.join();
        }
        finished.store(true, Ordering::Relaxed);
    });
    in_order(items.len(), done, |_| create_not_run())
}

/// An attempt in the audit log: its base record, `started` row id and start time.
pub(super) struct Attempt {
    pub(super) rec: crate::inventory::audit::Record,
    pub(super) started: i64,
    pub(super) at: Instant,
}

pub(super) fn begin(ctx: &Context, inv: &Mutex<&mut Inventory>, it: &Item) -> Result<Attempt> {
    let rec = pipeline::audit_record(&it.op, &it.line.target);
    let at = Instant::now();
    match lock(inv).audit_begin(&ctx.actor, &rec) {
        Ok(started) => Ok(Attempt { rec, started, at }),
        Err(e) => Err(pipeline::unrecorded_error(&it.line.target, e)),
    }
}

pub(super) fn finish(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    it: &Item,
    att: &Attempt,
    result: &Result<Planned<CreateDetail>>,
    dry_run: bool,
) -> Option<i64> {
    let fin = pipeline::completion_record(
        &att.rec,
        result
            .as_ref()
            .map(|p| (p.plan.changes(), p.plan.descriptions(), p.undo.clone())),
        dry_run,
        att.at,
    );
    pipeline::finish_audit_shared(ctx, inv, &it.line.target, att.started, &fin)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run_unit(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    items: &[Item],
    unit: &[usize],
    dry_run: bool,
    pw_file: Option<&PasswordFile>,
    sink: &(dyn Fn(usize, LineRun) + Sync),
) {
    let target = &items[unit[0]].line.target;
    let settings = ConnectSettings::from_context(ctx);
    let purpose = if dry_run {
        Purpose::Read
    } else {
        Purpose::Change
    };
    let mut session = match crate::target::connect(&settings, target, purpose) {
        Ok(s) => s,
        Err(e) => {
            // Every line is still an audited attempt.
            for &i in unit {
                let it = &items[i];
                let result = Err(e.clone());
                let audit_id = match begin(ctx, inv, it) {
                    Ok(att) => finish(ctx, inv, it, &att, &result, dry_run),
                    Err(_) => None,
                };
                sink(
                    i,
                    LineRun {
                        result,
                        audit_id,
                        in_file: false,
                    },
                );
            }
            return;
        }
    };
    let facts = SessionFacts {
        target: target.clone(),
        admin_user: session.admin_user.clone(),
        server_version_num: session.server_version_num,
        password_encryption: session.password_encryption.clone(),
        statements: crate::catalog::Statements::reused(),
    };
    let deliver = |it: &Item, r: &Result<Planned<CreateDetail>>| {
        deliver_created(ctx, pw_file, it, r, dry_run)
    };
    for &i in unit {
        let it = &items[i];
        let att = match begin(ctx, inv, it) {
            Ok(a) => a,
            Err(e) => {
                sink(
                    i,
                    LineRun {
                        result: Err(e),
                        audit_id: None,
                        in_file: false,
                    },
                );
                continue;
            }
        };
        let mut attempt = 0;
        let mut batched = true;
        let result = loop {
            attempt += 1;
            match apply_line(&mut session.client, &facts, it, dry_run, batched) {
                Ok(p) => break Ok(p),
                // Nothing was applied: run it again step by step to name the failing step.
                Err(f) if batched && from_batch(&f) => {
                    batched = false;
                    attempt -= 1;
                }
                Err(Failure::Pg(e) | Failure::Step(e, _))
                    if attempt < ATTEMPTS && is_retryable(&e) =>
                {
                    continue;
                }
                Err(f) => break Err(map_failure(f, target)),
            }
        };
        let audit_id = finish(ctx, inv, it, &att, &result, dry_run);
        let in_file = deliver(it, &result);
        sink(
            i,
            LineRun {
                result,
                audit_id,
                in_file,
            },
        );
    }
}

/// Plan and (unless a dry run) execute one line's plan inside `tx`. `batched`: send the
/// steps as one multi-statement query (one round trip); otherwise one step at a time,
/// which names the failing step.
pub(super) fn plan_and_execute(
    tx: &mut postgres::Transaction<'_>,
    facts: &SessionFacts,
    it: &Item,
    dry_run: bool,
    batched: bool,
) -> std::result::Result<Planned<CreateDetail>, Failure> {
    let p = it.op.plan(tx, facts, !dry_run)?;
    if dry_run || p.plan.steps.is_empty() {
        return Ok(p);
    }
    if p.plan.steps.iter().any(|s| s.verifier_for.is_some()) {
        crate::secret::check_encryption(&facts.password_encryption)?;
    }
    let mut sqls = Zeroizing::new(Vec::with_capacity(p.plan.steps.len()));
    for step in &p.plan.steps {
        let v = step
            .verifier_for
            .as_deref()
            .map(|role| it.verifier(&facts.password_encryption, role));
        sqls.push(step.executable(v.as_deref())?);
    }
    crate::apply::execute_steps(tx, &p.plan, &sqls, batched, facts.server_version_num)?;
    Ok(p)
}

/// One line in its own transaction.
pub(super) fn apply_line(
    client: &mut postgres::Client,
    facts: &SessionFacts,
    it: &Item,
    dry_run: bool,
    batched: bool,
) -> std::result::Result<Planned<CreateDetail>, Failure> {
    let mut tx = client.transaction()?;
    if dry_run {
        tx.batch_execute("SET TRANSACTION READ ONLY")?;
    }
    let p = plan_and_execute(&mut tx, facts, it, dry_run, batched)?;
    if dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(p)
}

/// Write a created user's password to `--password-file` (when the line created it for
/// real): true when the file took it.
pub(super) fn deliver_created(
    ctx: &Context,
    pw_file: Option<&PasswordFile>,
    it: &Item,
    r: &Result<Planned<CreateDetail>>,
    dry_run: bool,
) -> bool {
    if let (Some(f), Ok(p)) = (pw_file, r) {
        if p.detail.creates_role && !dry_run {
            match append_password(f, &it.line.target, it.line.role.as_str(), &it.secret) {
                Ok(()) => return true,
                Err(e) => ctx.out.error(&e),
            }
        }
    }
    false
}
