//! `pgacct user apply FILE`: many users at once from a batch file (see [`crate::batch`]
//! for the format). Every line is validated before anything runs; then the create lines
//! run on a few server connections at once, each line in its own transaction, each line
//! audited like `user create` (`--atomic`: see below).
//!
//! Then the lines of the other verbs run, each through its single command's operation
//! ([`crate::commands::lifecycle`]), so each is one transaction and one audit entry, with
//! the same guards and results as the single command: reset, lock, unlock and
//! search-path lines as a [`VerbOp`] on [`pipeline::run_on_session`], one connection per
//! target for all its lines in file order (steps after the commit, like reporting open
//! sessions, run after each line's commit on that connection); a server's targets one
//! after the other (roles are cluster-wide), different servers at once up to `--jobs`.
//! A target that cannot be reached fails each of its lines, each audited. Drop lines
//! need a connection to every database of the cluster: they run last, one at a time in
//! file order, through drop's per-database runner. Batch lines do not end sessions (no
//! `--terminate-sessions` column). A reset's new password is delivered like a created
//! user's. The other verbs run after the creates (a file may create a user on one
//! database and set its search path on another); as validation allows only one line
//! per user and target (and per cluster for the cluster-wide verbs), the order between
//! the lines of different targets does not change the outcome.
//!
//! `--atomic` (validation refuses drop lines with it): all the lines of a target, create,
//! reset, lock, unlock and search-path alike, are one unit: one connection, a started
//! audit row per line before anything that changes the server is sent, then every line
//! planned and applied in file order in ONE transaction (creates through the create
//! planner below, the other verbs through their [`VerbOp`]'s `plan` and `password`, the
//! steps sent by [`crate::apply::execute_steps`]), committed or rolled back whole (a dry
//! run: one read-only transaction, rolled back). If a line fails (on the server, or
//! refused by a guard while planning, e.g. a superuser), that line reports its own error
//! and every other line of the target `not applied: line N failed, ...`; each line gets
//! its completion row (failed, or refused for the refusal). After the commit each verb
//! line's after-commit step (`VerbOp::after_commit`: ending sessions, `finish`) runs on
//! the connection, then its completion row (`record_done`) and result (`result_of`),
//! exactly as for a single run; new passwords (created users, resets) are delivered only
//! for a committed unit. Protected targets: each verb line's confirmation is asked first
//! (a refusal refuses that line and leaves the target's other lines unapplied). A
//! server's targets run one after the other (targets with create lines first, so that a
//! search path set on another database of the cluster finds a user created in the same
//! file; a file where two such targets need each other's users cannot be applied
//! atomically), different servers at once, up to `--jobs`.
//!
//! How the work is spread:
//! - lines are grouped by target; with `--atomic` a target's lines are one unit (one
//!   connection, one transaction); otherwise a target's create lines are dealt
//!   round-robin over `--jobs / number of targets` connections (at least one), since each
//!   CREATE ROLE costs the server time and several connections are the lever for
//!   throughput;
//! - up to `--jobs` units run at once, each on its own connection;
//! - every line gets its own generated password; its SCRAM-SHA-256 verifier (4096
//!   PBKDF2 iterations) is computed ahead on one thread per core, in the order the
//!   connections will need them, so hashing overlaps with the server round trips (md5
//!   servers get their verifier at apply time: it needs no stretching);
//! - audit writes take turns on one inventory connection behind a mutex.
//!
//! Passwords of created users go to `--password-file` (0600, created with O_EXCL unless
//! `--force`, one line per user in the libpq password file format
//! `host:port:database:user:password`, so it can serve as a `PGPASSFILE`) or into the
//! JSON output; never into the table, so a table run without `--password-file` is
//! refused before anything happens. Lines are written to the file as they commit.

use crate::apply::{Failure, from_batch, is_retryable, map_failure};
use crate::batch::{self, CreateLine, LineError, Verb, VerbLine};
use crate::cli::user::{ApplyArgs, ChangeArgs};
use crate::commands::create::{CreateDetail, CreateOp, CreateResult};
use crate::commands::lifecycle::{self, TargetResult, VerbOp};
use crate::context::Context;
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::inventory::Inventory;
use crate::inventory::targets::Target;
use crate::output::sanitize;
use crate::pipeline::{self, Operation, Planned, SessionFacts};
use crate::secret::Secret;
use crate::target::{ConnectSettings, Purpose, Session};
use serde::Serialize;
use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Instant, SystemTime};
use zeroize::Zeroizing;

/// How many times a transaction is attempted when it collides with a concurrent run.
const ATTEMPTS: usize = 3;
/// Below this many lines no progress bar is drawn (the run is short).
const PROGRESS_MIN_LINES: usize = 20;

/// One line, ready to run.
struct Item {
    line: CreateLine,
    op: CreateOp,
    secret: Secret,
    /// The SCRAM verifier, computed ahead by the hashing threads or on demand.
    scram: OnceLock<String>,
}

impl Item {
    fn verifier(&self, encryption: &str, role: &str) -> String {
        if encryption.eq_ignore_ascii_case("md5") {
            self.secret.verifier(encryption, role)
        } else {
            self.scram
                .get_or_init(|| self.secret.verifier("scram-sha-256", role))
                .clone()
        }
    }
}

/// What happened to one line.
struct LineRun {
    result: Result<Planned<CreateDetail>>,
    audit_id: Option<i64>,
    /// The new user's password was written to --password-file.
    in_file: bool,
}

/// The stable JSON of one line's result: `line` and `verb`, then the `user create` fields.
#[derive(Debug, Serialize)]
pub struct LineResult {
    pub line: usize,
    pub verb: &'static str,
    #[serde(flatten)]
    pub result: CreateResult,
}

fn read_input(file: &str) -> Result<String> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .lock()
            .read_to_string(&mut text)
            .map_err(|e| Error::usage(format!("cannot read the batch from stdin: {e}")))?;
    } else {
        File::open(file)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(|e| {
                Error::usage(format!("cannot read the batch file {file}: {e}"))
                    .hint("give the path of a CSV or JSON lines file, or - for stdin")
            })?;
    }
    Ok(text)
}

fn report_invalid(ctx: &Context, errors: &[LineError]) {
    if ctx.out.is_json() {
        let v: Vec<serde_json::Value> = errors
            .iter()
            .map(|e| serde_json::json!({ "line": e.line, "error": e.error.to_json() }))
            .collect();
        ctx.out
            .json(&serde_json::json!({ "applied": false, "errors": v }));
    }
    for e in errors {
        eprintln!("error: {}", sanitize(&e.to_string()));
        if let Some(h) = &e.error.hint {
            eprintln!("  hint: {}", sanitize(h));
        }
    }
    eprintln!(
        "{} invalid line{}: nothing was run",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
}

pub fn run(ctx: &Context, a: ApplyArgs) -> Result<ExitCode> {
    // Intent: read and validate every line before any network.
    let text = read_input(&a.file)?;
    let mut inv = ctx.inventory()?;
    let kinds = super::kinds::load(&inv)?;
    let (raws, mut errors) = batch::parse(&text);
    let lookup = |k: &crate::inventory::targets::TargetKey| inv.require_target(k);
    let validated = match batch::validate(
        &raws,
        &kinds,
        &lookup,
        &a.change,
        a.atomic,
        SystemTime::now(),
    ) {
        Ok(v) => v,
        Err(more) => {
            errors.extend(more);
            batch::Validated::default()
        }
    };
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        report_invalid(ctx, &errors);
        return Ok(ExitCode::Usage);
    }
    let batch::Validated {
        creates: lines,
        verbs,
    } = validated;
    if lines.is_empty() && verbs.is_empty() {
        return Err(Error::usage(format!("{}: no lines to apply", a.file)));
    }
    let dry_run = a.change.dry_run;
    let makes_passwords = !lines.is_empty() || verbs.iter().any(|l| l.verb == Verb::Reset);
    if makes_passwords && !dry_run && !ctx.out.is_json() && a.password_file.is_none() {
        return Err(Error::usage(
            "user apply never prints passwords in a table; nothing was run",
        )
        .hint("pass --password-file PATH (created 0600), or --json to get them in the JSON output"));
    }
    // Check the length once (a usage error), then one password per line.
    drop(Secret::generate(a.password_length)?);
    let mut pw_file = match (&a.password_file, dry_run) {
        (Some(p), false) => Some(PasswordFile::open(p, a.force)?),
        _ => None,
    };
    for l in &lines {
        for n in &l.notes {
            ctx.out.info(format!("line {}: note: {n}", l.line));
        }
    }
    let mut items = vec![];
    for l in lines {
        let op = CreateOp {
            role: l.role.clone(),
            kind: l.kind.clone(),
            schemas: l.schemas.clone(),
            conn_limit: l.conn_limit,
            valid_until: l.valid_until.clone(),
            change: ChangeArgs {
                dry_run,
                reason: l.reason.clone(),
                ticket: l.ticket.clone(),
                yes: a.change.yes,
            },
            password: None,
            reserved: false,
        };
        items.push(Item {
            secret: Secret::generate(a.password_length)?,
            scram: OnceLock::new(),
            op,
            line: l,
        });
    }

    let progress = progress_bar(ctx, items.len() + verbs.len());
    let (runs, verb_runs) = if a.atomic {
        // Every line of a target in one transaction on one connection.
        run_atomic(
            ctx,
            &mut inv,
            &items,
            &verbs,
            &a,
            pw_file.as_ref(),
            &progress,
        )
    } else {
        let units = units(&items, a.jobs.max(1));
        let runs = execute(
            ctx,
            &mut inv,
            &items,
            &units,
            a.jobs.max(1),
            dry_run,
            pw_file.as_ref(),
            &progress,
        );
        // The other verbs: reset, lock, unlock and search-path on one connection per
        // target (servers at once, up to --jobs), then drop lines one at a time; each line
        // through its verb's own operation, so each is one transaction (drop: one per
        // database) and one audit entry, as the single command.
        let verb_runs = run_verbs(ctx, &mut inv, &verbs, &a, pw_file.as_ref(), &progress);
        (runs, verb_runs)
    };
    progress.finish_and_clear();

    let created = runs
        .iter()
        .filter(|r| {
            r.result
                .as_ref()
                .is_ok_and(|p| p.detail.creates_role && !dry_run)
        })
        .count();
    let reset = verb_runs.iter().filter(|r| r.secret.is_some()).count();
    let in_file =
        runs.iter().filter(|r| r.in_file).count() + verb_runs.iter().filter(|r| r.in_file).count();
    if let Some(f) = pw_file.take() {
        let path = f.path.clone();
        match f.close(in_file) {
            Ok(true) => ctx.out.info(format!(
                "the passwords of {in_file} new or reset user{} are in {} (mode 0600)",
                if in_file == 1 { "" } else { "s" },
                path.display()
            )),
            Ok(false) => {}
            Err(e) => ctx.out.error(&e),
        }
    }
    let mut results: Vec<(LineResult, Option<Error>)> = items
        .iter()
        .zip(&runs)
        .map(|(it, r)| (result_of(it, r, dry_run), r.result.as_ref().err().cloned()))
        .collect();
    for (l, r) in verbs.iter().zip(&verb_runs) {
        // The new password, once: in the JSON output unless the file took it.
        let pw = match &r.secret {
            Some(s) if !r.in_file => Some(s.expose().to_string()),
            _ => None,
        };
        let err = (r.result.exit != ExitCode::Success)
            .then(|| r.result.error.clone())
            .flatten();
        results.push((verb_result(l, &r.result, pw, dry_run), err));
    }
    results.sort_by_key(|(r, _)| r.line);
    if created + reset > in_file && !ctx.out.is_json() {
        // Passwords the file did not take: never in the table, but not lost either.
        ctx.out.warn(
            "some passwords could not be written to --password-file; they follow, in its format",
        );
        // If stdout cannot take them either, the caller hears which roles lost theirs.
        let owner = |role: &str, t: &Target, created: bool| crate::output::PasswordOwner {
            role: role.to_string(),
            target: t.name(),
            created,
        };
        let mut owners = vec![];
        for (it, r) in items.iter().zip(&runs) {
            if r.result.as_ref().is_ok_and(|p| p.detail.creates_role) && !r.in_file {
                owners.push(owner(it.line.role.as_str(), &it.line.target, true));
            }
        }
        for (l, r) in verbs.iter().zip(&verb_runs) {
            if let (Some(_), false) = (&r.secret, r.in_file) {
                owners.push(owner(l.role.as_str(), &l.target, false));
            }
        }
        let _carrying = crate::output::PasswordOnStdout::new(owners);
        for (it, r) in items.iter().zip(&runs) {
            if r.result.as_ref().is_ok_and(|p| p.detail.creates_role) && !r.in_file {
                let t = &it.line.target;
                let mut line = Zeroizing::new(format!(
                    "{}:{}:{}:{}:",
                    t.host, t.port, t.database, it.line.role
                ));
                line.push_str(it.secret.expose());
                ctx.out.print(line.as_str());
            }
        }
        for (l, r) in verbs.iter().zip(&verb_runs) {
            if let (Some(pw), false) = (&r.secret, r.in_file) {
                let t = &l.target;
                let mut line =
                    Zeroizing::new(format!("{}:{}:{}:{}:", t.host, t.port, t.database, l.role));
                line.push_str(pw.expose());
                ctx.out.print(line.as_str());
            }
        }
    }
    render(ctx, &results);
    let errs: Vec<Option<&Error>> = results.iter().map(|(_, e)| e.as_ref()).collect();
    let failed = errs.iter().filter(|e| e.is_some()).count();
    let total = results.len();
    let targets = {
        let mut ids: Vec<i64> = items
            .iter()
            .map(|i| i.line.target.id)
            .chain(verbs.iter().map(|l| l.target.id))
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    ctx.out.info(format!(
        "{total} line{} on {targets} target{}: {} ok, {failed} failed{}",
        if total == 1 { "" } else { "s" },
        if targets == 1 { "" } else { "s" },
        total - failed,
        if dry_run {
            " (dry run: nothing was changed)"
        } else {
            ""
        }
    ));
    Ok(pipeline::exit_code_of(&errs))
}

/// Group the items into units of work: per target (in order of first appearance); a
/// target's lines split round-robin over its share of the connections.
fn units(items: &[Item], jobs: usize) -> Vec<Vec<usize>> {
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

fn progress_bar(ctx: &Context, n: usize) -> indicatif::ProgressBar {
    if ctx.out.quiet || n < PROGRESS_MIN_LINES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::with_draw_target(
        Some(n as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} lines {msg} [{elapsed}]")
    {
        pb.set_style(style);
    }
    pb
}

#[allow(clippy::too_many_arguments)]
fn execute(
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
    let hashers = if dry_run {
        0
    } else {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(order.len())
    };
    let hashed = AtomicUsize::new(0);
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
        for _ in 0..hashers {
            s.spawn(|| {
                while !finished.load(Ordering::Relaxed) {
                    let k = hashed.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let it = &items[i];
                    it.scram
                        .get_or_init(|| it.secret.verifier("scram-sha-256", it.line.role.as_str()));
                }
            });
        }
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
    let mut slots: Vec<Option<LineRun>> = items.iter().map(|_| None).collect();
    for (i, run) in done.into_inner().unwrap_or_else(|p| p.into_inner()) {
        slots[i] = Some(run);
    }
    slots
        .into_iter()
        .map(|s| {
            s.unwrap_or_else(|| LineRun {
                result: Err(Error::failed("internal error: the line was not run")),
                audit_id: None,
                in_file: false,
            })
        })
        .collect()
}

fn lock<'a, 'b>(inv: &'a Mutex<&'b mut Inventory>) -> std::sync::MutexGuard<'a, &'b mut Inventory> {
    inv.lock().unwrap_or_else(|p| p.into_inner())
}

/// An attempt in the audit log: its base record, `started` row id and start time.
struct Attempt {
    rec: crate::inventory::audit::Record,
    started: i64,
    at: Instant,
}

fn begin(ctx: &Context, inv: &Mutex<&mut Inventory>, it: &Item) -> Result<Attempt> {
    let rec = pipeline::audit_record(&it.op, &it.line.target);
    let at = Instant::now();
    match lock(inv).audit_begin(&ctx.actor, &rec) {
        Ok(started) => Ok(Attempt { rec, started, at }),
        Err(e) => Err(pipeline::unrecorded_error(&it.line.target, e)),
    }
}

fn finish(
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
    pipeline::finish_audit(ctx, &mut lock(inv), &it.line.target, att.started, &fin)
}

#[allow(clippy::too_many_arguments)]
fn run_unit(
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
fn plan_and_execute(
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
    let mut sqls = Zeroizing::new(Vec::with_capacity(p.plan.steps.len()));
    for step in &p.plan.steps {
        let v = step
            .verifier_for
            .as_deref()
            .map(|role| it.verifier(&facts.password_encryption, role));
        sqls.push(step.executable(v.as_deref())?);
    }
    crate::apply::execute_steps(tx, &p.plan, &sqls, batched)?;
    Ok(p)
}

/// One line in its own transaction.
fn apply_line(
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
fn deliver_created(
    ctx: &Context,
    pw_file: Option<&PasswordFile>,
    it: &Item,
    r: &Result<Planned<CreateDetail>>,
    dry_run: bool,
) -> bool {
    if let (Some(f), Ok(p)) = (pw_file, r) {
        if p.detail.creates_role && !dry_run {
            match f.append(&it.line.target, it.line.role.as_str(), &it.secret) {
                Ok(()) => return true,
                Err(e) => ctx.out.error(&e),
            }
        }
    }
    false
}

/// A line of an `--atomic` unit: a create item or a verb line, by index.
#[derive(Clone, Copy)]
enum UnitLine {
    Create(usize),
    Verb(usize),
}

/// `--atomic`: a target's create, reset, lock, unlock and search-path lines, in file
/// order, for one transaction on one connection.
struct AtomicUnit<'t> {
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
fn run_atomic(
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
        let mut groups = pipeline::group_by_server(&ts, &all);
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
                match pipeline::confirm(ctx, u.target, &action_of(&verbs[i]), false) {
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
    let hashers = if dry_run {
        0
    } else {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(order.len())
    };
    let hashed = AtomicUsize::new(0);
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
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let k = next.fetch_add(1, Ordering::SeqCst);
            let Some(group) = servers.get(k) else { break };
            for &u in group {
                run_atomic_unit(
                    ctx, &shared, &units[u], items, verbs, a, &guards, pw_file, &sink_c, &sink_v,
                );
            }
        }
    };
    let workers = a.jobs.max(1).min(servers.len()).max(1);
    std::thread::scope(|s| {
        for _ in 0..hashers {
            s.spawn(|| {
                while !finished.load(Ordering::Relaxed) {
                    let k = hashed.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let it = &items[i];
                    it.scram
                        .get_or_init(|| it.secret.verifier("scram-sha-256", it.line.role.as_str()));
                }
            });
        }
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(work)).collect();
        for h in handles {
            let _ = h.join();
        }
        finished.store(true, Ordering::Relaxed);
    });
    let mut runs: Vec<Option<LineRun>> = items.iter().map(|_| None).collect();
    for (i, run) in done_c.into_inner().unwrap_or_else(|p| p.into_inner()) {
        runs[i] = Some(run);
    }
    let mut vruns: Vec<Option<VerbRun>> = verbs.iter().map(|_| None).collect();
    for (i, run) in done_v.into_inner().unwrap_or_else(|p| p.into_inner()) {
        vruns[i] = Some(run);
    }
    let runs = runs
        .into_iter()
        .map(|s| {
            s.unwrap_or_else(|| LineRun {
                result: Err(Error::failed("internal error: the line was not run")),
                audit_id: None,
                in_file: false,
            })
        })
        .collect();
    let vruns = vruns
        .into_iter()
        .zip(verbs)
        .map(|(s, l)| s.unwrap_or_else(|| not_run(l)))
        .collect();
    (runs, vruns)
}

/// A line of an `--atomic` unit, ready to run: a create item, or a verb line with its
/// operation as its single command builds it.
enum Member<'a> {
    Create(usize),
    Verb(usize, VerbOp<'a>),
}

/// What a line of an `--atomic` unit planned inside the unit's transaction (one value
/// per line, moved once: the size difference does not matter).
#[allow(clippy::large_enum_variant)]
enum MemberPlan {
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
fn run_atomic_unit(
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
fn unit_outs(
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
                let change = ChangeArgs {
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
                    Some(e) => pipeline::refuse(ctx, &mut lock(inv), target, op, e.clone()),
                    None => failed_attempt(ctx, inv, target, op, not_applied(failing)),
                }),
                Member::Create(i) => End::Create(failed_create(
                    ctx,
                    inv,
                    &items[*i],
                    not_applied(failing),
                    dry_run,
                )),
            });
        }
        return outs_of(verbs, &members, ends);
    }

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
            for (k, m) in members.iter().enumerate() {
                ends[k] = Some(match m {
                    Member::Verb(_, op) => {
                        End::Verb(failed_attempt(ctx, inv, target, op, e.clone()))
                    }
                    Member::Create(i) => {
                        End::Create(failed_create(ctx, inv, &items[*i], e.clone(), dry_run))
                    }
                });
            }
            return outs_of(verbs, &members, ends);
        }
    };

    // The started rows, before anything that changes the server is sent.
    let mut atts: Vec<Attempt> = vec![];
    for m in &members {
        let begun = match m {
            Member::Create(i) => begin(ctx, inv, &items[*i]),
            Member::Verb(_, op) => {
                let rec = pipeline::audit_record(op, target);
                let at = Instant::now();
                match lock(inv).audit_begin(&ctx.actor, &rec) {
                    Ok(started) => Ok(Attempt { rec, started, at }),
                    Err(e) => Err(pipeline::unrecorded_error(target, e)),
                }
            }
        };
        match begun {
            Ok(att) => atts.push(att),
            Err(e) => {
                // Cannot record: refuse the whole unit, closing what was started.
                for (k, m) in members.iter().enumerate() {
                    let audit_id = atts.get(k).and_then(|att| {
                        let fin = pipeline::completion_record(&att.rec, Err(&e), dry_run, att.at);
                        pipeline::finish_audit(ctx, &mut lock(inv), target, att.started, &fin)
                    });
                    ends[k] = Some(match m {
                        Member::Create(_) => End::Create(LineRun {
                            result: Err(e.clone()),
                            audit_id,
                            in_file: false,
                        }),
                        Member::Verb(..) => End::Verb(pipeline::TargetRun {
                            target: target.clone(),
                            result: Err(e.clone()),
                            audit_id,
                        }),
                    });
                }
                return outs_of(verbs, &members, ends);
            }
        }
    }

    let facts = SessionFacts {
        target: target.clone(),
        admin_user: session.admin_user.clone(),
        server_version_num: session.server_version_num,
        password_encryption: session.password_encryption.clone(),
        statements: crate::catalog::Statements::reused(),
    };
    let mut attempt = 0;
    let mut batched = true;
    let outcome = loop {
        attempt += 1;
        match apply_unit(
            &mut session.client,
            &facts,
            items,
            &members,
            dry_run,
            batched,
        ) {
            Ok(plans) => break Ok(plans),
            // Nothing was applied: run it again step by step to name the failing step.
            Err((_, f)) if batched && from_batch(&f) => {
                batched = false;
                attempt -= 1;
            }
            Err((_, Failure::Pg(e) | Failure::Step(e, _)))
                if attempt < ATTEMPTS && is_retryable(&e) =>
            {
                continue;
            }
            Err((at, f)) => break Err((at, map_failure(f, target))),
        }
    };
    match outcome {
        Ok(plans) => {
            for (k, ((m, att), p)) in members.iter().zip(&atts).zip(plans).enumerate() {
                ends[k] = Some(match (m, p) {
                    (Member::Create(i), MemberPlan::Create(p)) => {
                        let it = &items[*i];
                        let result = Ok(p);
                        let audit_id = finish(ctx, inv, it, att, &result, dry_run);
                        End::Create(LineRun {
                            result,
                            audit_id,
                            in_file: false,
                        })
                    }
                    (Member::Verb(_, op), MemberPlan::Verb(p)) => {
                        End::Verb(finish_verb(ctx, inv, &mut session, &facts, op, att, p))
                    }
                    (Member::Create(_), _) => End::Create(LineRun {
                        result: Err(Error::failed(
                            "internal error: a line's plan is of another verb",
                        )),
                        audit_id: None,
                        in_file: false,
                    }),
                    (Member::Verb(..), _) => End::Verb(pipeline::TargetRun {
                        target: target.clone(),
                        result: Err(Error::failed(
                            "internal error: a line's plan is of another verb",
                        )),
                        audit_id: None,
                    }),
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
                let fin = pipeline::completion_record(&att.rec, Err(&e), dry_run, att.at);
                let audit_id =
                    pipeline::finish_audit(ctx, &mut lock(inv), target, att.started, &fin);
                ends[k] = Some(match m {
                    Member::Create(_) => End::Create(LineRun {
                        result: Err(e),
                        audit_id,
                        in_file: false,
                    }),
                    Member::Verb(..) => End::Verb(pipeline::TargetRun {
                        target: target.clone(),
                        result: Err(e),
                        audit_id,
                    }),
                });
            }
        }
    }
    outs_of(verbs, &members, ends)
}

/// How a line of an `--atomic` unit ended: a create's run, or a verb's pipeline run (one
/// value per line: the size difference does not matter).
#[allow(clippy::large_enum_variant)]
enum End {
    Create(LineRun),
    Verb(pipeline::TargetRun<lifecycle::VerbDetail>),
}

/// A create line that never reached the server (no connection, or its unit was
/// refused): its started row and its failed completion row.
fn failed_create(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    it: &Item,
    e: Error,
    dry_run: bool,
) -> LineRun {
    let result = Err(e);
    let audit_id = match begin(ctx, inv, it) {
        Ok(att) => finish(ctx, inv, it, &att, &result, dry_run),
        Err(_) => None,
    };
    LineRun {
        result,
        audit_id,
        in_file: false,
    }
}

/// A committed (or dry-run) verb line of an `--atomic` unit, as [`pipeline`] completes a
/// single run: the after-commit steps on the session (not in a dry run), then the
/// completion row with what the operation records.
fn finish_verb(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    session: &mut Session,
    facts: &SessionFacts,
    op: &VerbOp<'_>,
    att: &Attempt,
    p: Planned<lifecycle::VerbDetail>,
) -> pipeline::TargetRun<lifecycle::VerbDetail> {
    let dry_run = op.change().dry_run;
    let target = &facts.target;
    let mut detail = p.detail;
    let changed = op.changes(&p.plan, &detail);
    if !dry_run {
        if let Err(e) = op.after_commit(session, facts, &mut detail) {
            ctx.out.warn(format!(
                "{}: the change was committed, but what follows it failed: {}",
                target.name(),
                e.message
            ));
        }
    }
    let mut fin = pipeline::completion_record(
        &att.rec,
        Ok((changed, p.plan.descriptions(), p.undo)),
        dry_run,
        att.at,
    );
    op.record_done(&detail, &mut fin);
    let audit_id = pipeline::finish_audit(ctx, &mut lock(inv), target, att.started, &fin);
    pipeline::TargetRun {
        target: target.clone(),
        result: Ok(pipeline::Done {
            plan: p.plan,
            detail,
            changed,
            dry_run,
        }),
        audit_id,
    }
}

/// A line of an `--atomic` unit once run.
enum Out {
    Create(usize, LineRun),
    /// A verb line's result, and whether its new password (reset) was set.
    Verb(usize, TargetResult, bool),
}

/// Each line's end as its result: a verb run through its operation's `result_of`, a
/// reset's password kept only when its change committed.
fn outs_of(verbs: &[VerbLine], members: &[Member<'_>], ends: Vec<Option<End>>) -> Vec<Out> {
    let internal = || Error::failed("internal error: the line was not run");
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
            (Member::Create(i), _) => Out::Create(
                *i,
                LineRun {
                    result: Err(internal()),
                    audit_id: None,
                    in_file: false,
                },
            ),
            (Member::Verb(i, _), _) => Out::Verb(*i, not_run(&verbs[*i]).result, false),
        })
        .collect()
}

/// The results of an `--atomic` unit's lines to the sinks, the new passwords (created
/// users; resets whose change committed) to the password file.
#[allow(clippy::too_many_arguments)]
fn deliver_outs(
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
                let in_file = match (&secret, pw_file) {
                    (Some(pw), Some(f)) => match f.append(&l.target, l.role.as_str(), pw) {
                        Ok(()) => true,
                        Err(e) => {
                            ctx.out.error(&e);
                            false
                        }
                    },
                    _ => false,
                };
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

/// Plan (and unless a dry run, execute) every line of an `--atomic` unit in one
/// transaction. On failure: the index of the failing line (None: the transaction itself).
fn apply_unit(
    client: &mut postgres::Client,
    facts: &SessionFacts,
    items: &[Item],
    members: &[Member<'_>],
    dry_run: bool,
    batched: bool,
) -> std::result::Result<Vec<MemberPlan>, (Option<usize>, Failure)> {
    let mut tx = client.transaction().map_err(|e| (None, e.into()))?;
    if dry_run {
        tx.batch_execute("SET TRANSACTION READ ONLY")
            .map_err(|e| (None, e.into()))?;
    }
    let mut out = Vec::with_capacity(members.len());
    for (k, m) in members.iter().enumerate() {
        let p = match m {
            Member::Create(i) => plan_and_execute(&mut tx, facts, &items[*i], dry_run, batched)
                .map(MemberPlan::Create),
            Member::Verb(_, op) => {
                plan_and_execute_op(&mut tx, facts, op, dry_run, batched).map(MemberPlan::Verb)
            }
        };
        out.push(p.map_err(|f| (Some(k), f))?);
    }
    if dry_run {
        tx.rollback().map_err(|e| (None, e.into()))?;
    } else {
        tx.commit().map_err(|e| (None, e.into()))?;
    }
    Ok(out)
}

/// Plan an operation inside `tx` and (unless a dry run) execute its steps there, as
/// [`crate::apply`] does for a single run: the password (asked for after planning)
/// fills in the steps' verifiers, with the server's `password_encryption`.
fn plan_and_execute_op<O: Operation>(
    tx: &mut postgres::Transaction<'_>,
    facts: &SessionFacts,
    op: &O,
    dry_run: bool,
    batched: bool,
) -> std::result::Result<Planned<O::Output>, Failure> {
    let p = op.plan(tx, facts, !dry_run)?;
    if dry_run || p.plan.steps.is_empty() {
        return Ok(p);
    }
    let password = op.password();
    let mut sqls = Zeroizing::new(Vec::with_capacity(p.plan.steps.len()));
    for step in &p.plan.steps {
        let v = match (&step.verifier_for, password) {
            (Some(role), Some(pw)) => Some(pw.verifier(&facts.password_encryption, role)),
            _ => None,
        };
        sqls.push(step.executable(v.as_deref())?);
    }
    crate::apply::execute_steps(tx, &p.plan, &sqls, batched)?;
    Ok(p)
}

/// What happened to a line of another verb than create.
struct VerbRun {
    result: TargetResult,
    /// reset: the new password, when it was set.
    secret: Option<Secret>,
    /// The new password was written to --password-file.
    in_file: bool,
}

/// `user VERB`: the audit action of a line.
fn action_of(l: &VerbLine) -> String {
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
fn run_verbs(
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
            match pipeline::confirm(ctx, &l.target, &action_of(l), false) {
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
        pipeline::group_by_server(&ts, &all)
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
        let next = AtomicUsize::new(0);
        let guards = Guards {
            confirmed: &confirmed,
            refused: &refused,
        };
        let work = || {
            loop {
                let k = next.fetch_add(1, Ordering::SeqCst);
                let Some(group) = servers.get(k) else {
                    break;
                };
                for &ti in group {
                    let (target, lines) = &targets[ti];
                    run_target_verbs(
                        ctx, &shared, target, verbs, lines, a, &guards, pw_file, &sink,
                    );
                }
            }
        };
        let workers = a.jobs.max(1).min(servers.len());
        if workers <= 1 {
            work();
        } else {
            std::thread::scope(|s| {
                for _ in 0..workers {
                    s.spawn(work);
                }
            });
        }
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
    let mut slots: Vec<Option<VerbRun>> = verbs.iter().map(|_| None).collect();
    for (i, run) in done.into_inner().unwrap_or_else(|p| p.into_inner()) {
        slots[i] = Some(run);
    }
    slots
        .into_iter()
        .zip(verbs)
        .map(|(s, l)| s.unwrap_or_else(|| not_run(l)))
        .collect()
}

/// A line that was not run (an internal error), as a failed result.
fn not_run(l: &VerbLine) -> VerbRun {
    let e = Error::failed("internal error: the line was not run").on(l.target.name());
    let mut fields = crate::output::target_fields(&l.target, l.role.as_str());
    fields.insert("status".into(), serde_json::json!("failed"));
    fields.insert("changed".into(), serde_json::json!(false));
    e.insert_fields(&mut fields);
    VerbRun {
        result: TargetResult {
            fields,
            exit: e.exit_code(),
            error: Some(e),
        },
        secret: None,
        in_file: false,
    }
}

/// What the guards decided per line before the workers started: confirmed protected
/// targets, and refusals.
struct Guards<'a> {
    confirmed: &'a [bool],
    refused: &'a [Option<Error>],
}

/// The `lines` of one target, in order, on one session: opened at the first line that
/// needs it (again if the server closed it); if it cannot be opened, each line is a
/// failed attempt with its own audit entry.
#[allow(clippy::too_many_arguments)]
fn run_target_verbs(
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
    let settings = ConnectSettings::from_context(ctx);
    let purpose = if dry_run {
        Purpose::Read
    } else {
        Purpose::Change
    };
    let len = a.password_length;
    let make = move || Secret::generate(len);
    let mut session: Option<Result<Session>> = None;
    for &i in lines {
        let l = &verbs[i];
        let change = ChangeArgs {
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
                Some(e) => pipeline::refuse(ctx, &mut lock(inv), target, &op, e.clone()),
                None => {
                    if matches!(&session, Some(Ok(s)) if s.client.is_closed()) {
                        session = None;
                    }
                    let s = session
                        .get_or_insert_with(|| crate::target::connect(&settings, target, purpose));
                    match s {
                        Ok(s) => pipeline::run_on_session(ctx, inv, s, target, &op, false),
                        Err(e) => failed_attempt(ctx, inv, target, &op, e.clone()),
                    }
                }
            };
            let set =
                l.verb == Verb::Reset && run.result.as_ref().is_ok_and(|d| !d.dry_run && d.changed);
            (op.result_of(run), set)
        };
        let secret = if set { secret.into_inner() } else { None };
        let in_file = match (&secret, pw_file) {
            (Some(pw), Some(f)) => match f.append(target, l.role.as_str(), pw) {
                Ok(()) => true,
                Err(e) => {
                    ctx.out.error(&e);
                    false
                }
            },
            _ => false,
        };
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

/// An attempt that could not reach its target (no connection): its started row and its
/// failed completion row, as the pipeline writes them.
fn failed_attempt<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
    e: Error,
) -> pipeline::TargetRun<O::Output> {
    let rec = pipeline::audit_record(op, target);
    let at = Instant::now();
    let mut inv = lock(inv);
    let started = match inv.audit_begin(&ctx.actor, &rec) {
        Ok(id) => id,
        Err(ae) => return pipeline::unrecorded(target, ae),
    };
    let fin = pipeline::completion_record(&rec, Err(&e), op.change().dry_run, at);
    let audit_id = pipeline::finish_audit(ctx, &mut inv, target, started, &fin);
    pipeline::TargetRun {
        target: target.clone(),
        result: Err(e),
        audit_id,
    }
}

/// The operation of a line, as its single command builds it (for drop: its identity for
/// the guard and audit records; drop plans and applies per database, so `prepare` is
/// never called). `secret` and `make`: a reset's new password.
fn verb_op<'a>(
    ctx: &'a Context,
    l: &'a VerbLine,
    change: &ChangeArgs,
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
        .finish(Box::new(move |s, _, applied, f| {
            lifecycle::lock_finish(s, role, applied, f)
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
            .finish(Box::new(move |s, _, applied, f| {
                lifecycle::report_open_sessions(s, role, applied, f)
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
fn run_drop_line(ctx: &Context, inv: &mut Inventory, l: &VerbLine, a: &ApplyArgs) -> TargetResult {
    let change = ChangeArgs {
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
        Err(e) => {
            let e = pipeline::unrecorded_error(&l.target, e);
            let mut fields = crate::output::target_fields(&l.target, role.as_str());
            fields.insert("status".into(), serde_json::json!("failed"));
            fields.insert("changed".into(), serde_json::json!(false));
            e.insert_fields(&mut fields);
            TargetResult {
                fields,
                exit: e.exit_code(),
                error: Some(e),
            }
        }
    }
}

/// A line of another verb than create in the batch's JSON shape: the create fields that
/// do not apply to the verb are empty (kind: the role's kind as recorded by pgacct).
fn verb_result(
    l: &VerbLine,
    r: &TargetResult,
    password: Option<String>,
    dry_run: bool,
) -> LineResult {
    let f = &r.fields;
    let s = |k: &str| {
        f.get(k)
            .and_then(serde_json::Value::as_str)
            .map(String::from)
    };
    let t = &l.target;
    LineResult {
        line: l.line,
        verb: l.verb.as_str(),
        result: CreateResult {
            username: l.role.to_string(),
            password,
            status: s("status").unwrap_or_else(|| "failed".into()),
            changed: f
                .get("changed")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            env: t.env.clone(),
            database: t.database.clone(),
            hostname: t.host.clone(),
            port: t.port,
            kind: s("kind").unwrap_or_default(),
            connection_limit: None,
            valid_until: if l.verb == Verb::Reset {
                s("valid_until")
            } else {
                None
            },
            groups: vec![],
            search_path: l.schemas.iter().map(|s| s.to_string()).collect(),
            drift: vec![],
            sql: if dry_run {
                f.get("sql").and_then(serde_json::Value::as_array).map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
            } else {
                None
            },
            dry_run,
            error: if r.exit == ExitCode::Success {
                None
            } else {
                r.error.as_ref().map(|e| e.to_json())
            },
            audit_id: f.get("audit_id").and_then(serde_json::Value::as_i64),
        },
    }
}

fn result_of(it: &Item, r: &LineRun, dry_run: bool) -> LineResult {
    let t = &it.line.target;
    let mut out = CreateResult {
        username: it.line.role.to_string(),
        password: None,
        status: "failed".into(),
        changed: false,
        env: t.env.clone(),
        database: t.database.clone(),
        hostname: t.host.clone(),
        port: t.port,
        kind: it.line.kind.name.clone(),
        connection_limit: None,
        valid_until: None,
        groups: vec![],
        search_path: it.line.schemas.iter().map(|s| s.to_string()).collect(),
        drift: vec![],
        sql: None,
        dry_run,
        error: None,
        audit_id: r.audit_id,
    };
    match &r.result {
        Ok(p) => {
            out.status = p.detail.status.as_str().to_string();
            out.changed = p.plan.changes();
            out.connection_limit = Some(p.detail.connection_limit);
            out.valid_until = p.detail.valid_until.clone();
            out.groups = p.detail.groups.clone();
            out.drift = p.detail.drift.clone();
            if dry_run {
                out.sql = Some(p.plan.sql());
            } else if p.detail.creates_role && !r.in_file {
                out.password = Some(it.secret.expose().to_string());
            }
        }
        Err(e) => {
            if e.kind == ErrorKind::Refused {
                out.status = "refused".into();
            }
            out.error = Some(e.to_json());
        }
    }
    LineResult {
        line: it.line.line,
        verb: "create",
        result: out,
    }
}

fn render(ctx: &Context, results: &[(LineResult, Option<Error>)]) {
    if ctx.out.is_json() {
        let v: Vec<&LineResult> = results.iter().map(|(r, _)| r).collect();
        ctx.out.json(&v);
    } else {
        let mut t = ctx.out.table(&[
            "line", "verb", "target", "username", "kind", "status", "changed", "audit",
        ]);
        for (r, _) in results {
            t.add_row(vec![
                r.line.to_string(),
                r.verb.to_string(),
                sanitize(&format!("{}/{}", r.result.env, r.result.database)),
                r.result.username.clone(),
                r.result.kind.clone(),
                r.result.status.clone(),
                r.result.changed.to_string(),
                r.result.audit_id.map(|i| i.to_string()).unwrap_or_default(),
            ]);
        }
        ctx.out.print(t);
        for (r, _) in results.iter().filter(|(r, _)| r.result.sql.is_some()) {
            ctx.out
                .info(format!("line {} (dry run) would run:", r.line));
            for s in r.result.sql.as_deref().unwrap_or_default() {
                ctx.out.print(sanitize(s));
            }
        }
    }
    for (r, e) in results {
        if let Some(e) = e {
            eprintln!("line {}: error: {}", r.line, sanitize(&e.to_string()));
            if let Some(h) = &e.hint {
                eprintln!("line {}: hint: {}", r.line, sanitize(h));
            }
        }
    }
}

/// The password file: opened (0600, O_EXCL unless forced) before anything runs, a line
/// appended as each user is created.
struct PasswordFile {
    path: PathBuf,
    file: Mutex<File>,
    created: bool,
}

impl PasswordFile {
    fn open(path: &Path, force: bool) -> Result<PasswordFile> {
        let (file, created) = crate::secret::open_0600(path, force)?;
        // Lines are appended: an existing file (--force) starts empty.
        file.set_len(0).map_err(|e| {
            Error::failed(format!(
                "--password-file: cannot empty {}: {e}",
                path.display()
            ))
        })?;
        Ok(PasswordFile {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            created,
        })
    }

    /// Append `host:port:database:user:password` (`:` and `\` escaped, as libpq reads it).
    fn append(&self, t: &Target, user: &str, pw: &Secret) -> Result<()> {
        let esc = |s: &str| s.replace('\\', "\\\\").replace(':', "\\:");
        let mut line = Zeroizing::new(String::new());
        line.push_str(&format!(
            "{}:{}:{}:{}:",
            esc(&t.host),
            t.port,
            esc(&t.database),
            esc(user)
        ));
        line.push_str(&esc(pw.expose()));
        line.push('\n');
        let mut f = self.file.lock().unwrap_or_else(|p| p.into_inner());
        f.write_all(line.as_bytes()).map_err(|e| {
            Error::failed(format!(
                "--password-file: cannot write {}: {e}",
                self.path.display()
            ))
        })
    }

    /// Sync the file; remove it if this run created it and no user was created. True
    /// when the file holds passwords.
    fn close(self, created_users: usize) -> Result<bool> {
        if created_users == 0 {
            if self.created {
                let _ = std::fs::remove_file(&self.path);
            }
            return Ok(false);
        }
        let f = self.file.into_inner().unwrap_or_else(|p| p.into_inner());
        f.sync_all().map_err(|e| {
            Error::failed(format!(
                "--password-file: cannot write {}: {e}",
                self.path.display()
            ))
        })?;
        Ok(true)
    }
}
