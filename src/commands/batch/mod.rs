//! `pgacct user apply FILE`: many users at once from a batch file (see [`crate::batch`]
//! for the format). Every line is validated before anything runs; then the create lines
//! run on a few server connections at once, each line in its own transaction, each line
//! audited like `user create` (`--atomic`: see below).
//!
//! Then the lines of the other verbs run, each through its single command's operation
//! ([`crate::commands::lifecycle`]), so each is one transaction and one audit entry, with
//! the same guards and results as the single command: reset, lock, unlock and
//! search-path lines as a [`VerbOp`] on [`engine::run_on_session`], one connection per
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
//! steps sent by [`crate::engine::tx`]), committed or rolled back whole (a dry
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

use crate::batch::{self, CreateLine, LineError, Verb, VerbLine};
use crate::cli::user::ApplyArgs;
use crate::commands::create::{CreateDetail, CreateOp, CreateResult};
use crate::commands::lifecycle::{self, TargetResult, VerbOp};
use crate::context::Context;
use crate::engine::record::{Attempt, failed_attempt};
use crate::engine::{self, Done, Planned};
use crate::error::{Error, ErrorKind, ExitCode, Result};
use crate::intent::Change;
use crate::inventory::Inventory;
use crate::inventory::targets::Target;
use crate::output::sanitize;
use crate::secret::{PasswordFile, Secret};
use crate::target::Session;
use serde::Serialize;
use std::fs::File;
use std::io::{IsTerminal, Read};

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

mod atomic;
mod creates;
mod verbs;

use atomic::*;
use creates::*;
use verbs::*;

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

/// A line's verifiers: its SCRAM verifier computed ahead (md5 servers get theirs now: it
/// needs no stretching).
impl engine::tx::Verifiers for Item {
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

/// Compute the SCRAM verifiers of `items` ahead, in `order` (the order the connections
/// will want them), on one thread per core spawned in `s`, until `finished` is set or
/// the order is done. Nothing is hashed for a dry run.
fn hash_ahead<'s, 'e>(
    s: &'s std::thread::Scope<'s, 'e>,
    items: &'e [Item],
    order: &'e [usize],
    finished: &'e AtomicBool,
    dry_run: bool,
) {
    if dry_run {
        return;
    }
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(order.len());
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    for _ in 0..threads {
        let next = next.clone();
        s.spawn(move || {
            while !finished.load(Ordering::Relaxed) {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let it = &items[i];
                it.scram
                    .get_or_init(|| it.secret.verifier("scram-sha-256", it.line.role.as_str()));
            }
        });
    }
}

/// What workers reported as (index, result), back in index order; an index no worker
/// reported (an internal error) gets `missing(index)`.
fn in_order<T>(n: usize, done: Mutex<Vec<(usize, T)>>, missing: impl Fn(usize) -> T) -> Vec<T> {
    let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
    for (i, run) in done.into_inner().unwrap_or_else(|p| p.into_inner()) {
        slots[i] = Some(run);
    }
    slots
        .into_iter()
        .enumerate()
        .map(|(i, s)| s.unwrap_or_else(|| missing(i)))
        .collect()
}

/// A create line that no worker ran (an internal error).
fn create_not_run() -> LineRun {
    LineRun {
        result: Err(Error::failed("internal error: the line was not run")),
        audit_id: None,
        in_file: false,
    }
}

/// What happened to one line.
struct LineRun {
    result: Result<Done<CreateDetail>>,
    audit_id: Option<i64>,
    /// The new user's password was written to --password-file.
    in_file: bool,
}

impl LineRun {
    fn of(run: engine::TargetRun<CreateDetail>, in_file: bool) -> LineRun {
        LineRun {
            result: run.result,
            audit_id: run.audit_id,
            in_file,
        }
    }
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
        &Change::from(&a.change),
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
        (Some(p), false) => Some(PasswordFile::open_for_lines(p, a.force)?),
        _ => None,
    };
    for l in &lines {
        for n in &l.notes {
            ctx.out.info(format!("line {}: note: {n}", l.line));
        }
    }
    // Protected targets: their create lines are confirmed once per target before anything
    // runs (a refusal stops the whole run, exit 5); verb lines are confirmed per line
    // (with --atomic a verb line's confirmation covers its target's create lines too).
    if !dry_run && !a.change.yes {
        let mut asked: Vec<i64> = vec![];
        let covered = |id: i64| {
            a.atomic
                && verbs
                    .iter()
                    .any(|v| v.target.id == id && v.verb != Verb::Drop)
        };
        for l in lines
            .iter()
            .filter(|l| l.target.protected && !covered(l.target.id))
        {
            if !asked.contains(&l.target.id) {
                asked.push(l.target.id);
                crate::engine::confirm(ctx, &l.target, "user apply (create lines)", false)?;
            }
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
            change: Change {
                dry_run,
                reason: l.reason.clone(),
                ticket: l.ticket.clone(),
                // A protected target's create lines were confirmed above (or, with
                // --atomic, are confirmed with its verb lines).
                yes: a.change.yes || l.target.protected,
            },
            password: None,
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
        let path = f.path().to_path_buf();
        match f.close(in_file > 0) {
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
            Some(s) if !r.in_file => Some(s.reveal()),
            _ => None,
        };
        let err = (r.result.exit != ExitCode::Success)
            .then(|| r.result.error.clone())
            .flatten();
        results.push((verb_result(l, &r.result, pw, dry_run), err));
    }
    results.sort_by_key(|(r, _)| r.line);
    // The new passwords no file took: printed once on stdout (the JSON results, or the
    // lines below), where a failed write is reported (`PasswordOnStdout`).
    let unfiled: Vec<(&Target, &str, &Secret, bool)> = items
        .iter()
        .zip(&runs)
        .filter(|(_, r)| {
            !dry_run && !r.in_file && r.result.as_ref().is_ok_and(|p| p.detail.creates_role)
        })
        .map(|(it, _)| (&it.line.target, it.line.role.as_str(), &it.secret, true))
        .chain(
            verbs
                .iter()
                .zip(&verb_runs)
                .filter_map(|(l, r)| match (&r.secret, r.in_file) {
                    (Some(pw), false) => Some((&l.target, l.role.as_str(), pw, false)),
                    _ => None,
                }),
        )
        .collect();
    let stdout = crate::output::PasswordOnStdout::new(
        unfiled
            .iter()
            .map(|(t, role, _, created)| crate::output::PasswordOwner {
                role: role.to_string(),
                target: t.name(),
                created: *created,
            })
            .collect(),
    );
    if created + reset > in_file && !ctx.out.is_json() {
        // Passwords the file did not take: never in the table, but not lost either.
        ctx.out.warn(
            "some passwords could not be written to --password-file; they follow, in its format",
        );
        for (t, role, pw, _) in &unfiled {
            stdout.print(
                pw.reveal()
                    .pgpass_line(&t.host, t.port, &t.database, role)
                    .as_str(),
            );
        }
    }
    render(ctx, &stdout, &results);
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
    stdout.finish()?;
    Ok(engine::exit_code_of(&errs))
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

/// What happened to a line of another verb than create.
struct VerbRun {
    result: TargetResult,
    /// reset: the new password, when it was set.
    secret: Option<Secret>,
    /// The new password was written to --password-file.
    in_file: bool,
}

/// What the guards decided per line before the workers started: confirmed protected
/// targets, and refusals.
struct Guards<'a> {
    confirmed: &'a [bool],
    refused: &'a [Option<Error>],
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
        gaps: vec![],
        warnings: vec![],
        sql: None,
        dry_run,
        error: None,
        audit_id: r.audit_id,
    };
    match &r.result {
        Ok(p) => {
            out.status = p.detail.status.as_str().to_string();
            out.changed = p.changed;
            out.connection_limit = Some(p.detail.connection_limit);
            out.valid_until = p.detail.valid_until.clone();
            out.groups = p.detail.groups.clone();
            out.drift = p.detail.drift.clone();
            out.gaps = p.detail.gaps.clone();
            out.warnings = p.detail.warnings.clone();
            if dry_run {
                out.sql = Some(p.plan.sql());
            } else if p.detail.creates_role && !r.in_file {
                out.password = Some(it.secret.reveal());
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

fn render(
    ctx: &Context,
    stdout: &crate::output::PasswordOnStdout,
    results: &[(LineResult, Option<Error>)],
) {
    if ctx.out.is_json() {
        let v: Vec<&LineResult> = results.iter().map(|(r, _)| r).collect();
        stdout.json(&v);
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
                crate::output::yes_no(r.result.changed).to_string(),
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

/// Append the pgpass line of `user` on `t` to the batch's password file.
fn append_password(f: &PasswordFile, t: &Target, user: &str, pw: &Secret) -> Result<()> {
    f.append(&t.host, t.port, &t.database, user, &pw.reveal())
}
