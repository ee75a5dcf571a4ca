//! Fan-out: one operation on many targets, the same unit of work per target
//! ([`super::unit`]), results in target order.
//!
//! A verb implements [`Operation`] (what to audit, whether protected targets need a
//! confirmation, and how to plan inside the target's transaction); [`run`] does the rest
//! for a list of targets and returns one [`TargetRun`] per target, in target order.
//!
//! The guards that need no server (the verb's precheck, the confirmation of protected
//! targets) run first, one target after the other on the calling thread, so that a typed
//! confirmation never interleaves with anything. The targets that pass run concurrently
//! on up to `--jobs` threads (default [`DEFAULT_JOBS`], the worker pool [`each`]), each
//! with its own server connection; audit writes take turns on the caller's inventory
//! behind a mutex (the SQLite connection is not `Sync`; other processes are kept in line
//! by WAL and `BEGIN IMMEDIATE`, so the hash chain stays linear). A single target runs on
//! the calling thread. Targets of one server run one after the other on one worker
//! ([`group_by_server`]): roles are cluster-wide and advisory locks are per database.
//!
//! Audit ([`super::record`]): for each target a `started` row is written while the
//! connection is being opened and before anything is sent on it (if the row cannot be
//! written, the target is refused and the connection closed unused: no change without a
//! record), and a completion row with the outcome, the plan's step descriptions (never
//! SQL, never a verifier), the error, the duration and what `undo` needs. Refusals by a
//! guard before that write one row.
//!
//! Protected targets, one rule: every change on a protected target (create, reset, lock,
//! unlock, search-path, revoke, drop, undo, and each changing line of `user apply`) asks
//! for the env name on a terminal or needs `--yes`; dry runs and reads never ask. The
//! check is [`confirm`], called by [`guard`] for every [`Operation`] (and by `user apply`
//! before its workers start). A target is protected by `registry add --protected` (the
//! default for env `prod`) or `registry set ENV/DB --protected true`; see README
//! "Protected targets".

use super::record::refuse;
use super::unit::execute;
use super::{Operation, TargetRun};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};
use crate::inventory::Inventory;
use crate::inventory::targets::Target;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    let done: Mutex<Vec<(usize, TargetRun<O::Output>)>> = Mutex::new(vec![]);
    each(&groups, workers, |group| {
        for &i in group {
            let run = execute(ctx, &shared, &targets[i], op);
            done.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((i, run));
        }
    });
    for (i, run) in done.into_inner().unwrap_or_else(|p| p.into_inner()) {
        slots[i] = Some(run);
    }
    slots
        .into_iter()
        .map(|s| s.expect("every target has a result"))
        .collect()
}

/// Run `f` on every item, on up to `workers` threads, each taking the next item not taken
/// yet (on this thread with one worker): the one worker pool of fan-out, `user apply` and
/// `registry check`.
pub fn each<T: Sync>(items: &[T], workers: usize, f: impl Fn(&T) + Sync) {
    let workers = workers.max(1).min(items.len());
    if workers <= 1 {
        items.iter().for_each(f);
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(it) = items.get(next.fetch_add(1, Ordering::SeqCst)) {
                    f(it);
                }
            });
        }
    });
}

/// `pending` target indexes grouped by server (`host:port`), groups in order of their
/// first target, indexes in order within a group.
pub fn group_by_server(targets: &[Target], pending: &[usize]) -> Vec<Vec<usize>> {
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
pub fn guard<O: Operation>(ctx: &Context, target: &Target, op: &O) -> Result<()> {
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
