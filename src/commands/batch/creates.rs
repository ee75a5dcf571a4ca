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
        engine::fanout::each(units, workers, |unit| {
            run_unit(ctx, &inv, items, unit, dry_run, pw_file, &sink)
        });
        finished.store(true, Ordering::Relaxed);
    });
    in_order(items.len(), done, |_| create_not_run())
}

/// The create lines `unit` of one target, in order, on one connection (statements
/// prepared once and reused), pipelined by the engine ([`engine::unit::run_lines`]: a
/// few lines a round trip, their statements and COMMITs in one flight with the next
/// lines' reads), each new password delivered once its line committed. No connection: each line is still an audited attempt.
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
    let mut session = match engine::connect(ctx, target, dry_run) {
        Ok(s) => s,
        Err(e) => {
            for &i in unit {
                let run = engine::record::failed_attempt(ctx, inv, target, &items[i].op, e.clone());
                sink(i, LineRun::of(run, false));
            }
            return;
        }
    };
    let facts = engine::unit::facts(&session, target, crate::catalog::Statements::reused());
    // Pipelined: lines' statements and COMMITs go with the next lines' first flight.
    let lines: Vec<(&CreateOp, Option<&dyn engine::tx::Verifiers>)> = unit
        .iter()
        .map(|&i| {
            let it = &items[i];
            (&it.op, Some(it as &dyn engine::tx::Verifiers))
        })
        .collect();
    engine::unit::run_lines(ctx, inv, &mut session, &facts, &lines, &mut |k, run| {
        let i = unit[k];
        let in_file = deliver_created(ctx, pw_file, &items[i], &run.result, dry_run);
        sink(i, LineRun::of(run, in_file));
    });
}

/// Write a created user's password to `--password-file` (when the line created it for
/// real): true when the file took it.
pub(super) fn deliver_created(
    ctx: &Context,
    pw_file: Option<&PasswordFile>,
    it: &Item,
    r: &Result<Done<CreateDetail>>,
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
