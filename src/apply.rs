//! Run a plan in one transaction on one target; map SQLSTATEs to outcomes.
//!
//! The catalog is read and the plan is made inside the same transaction that applies it
//! (after the verb's advisory locks), so nothing can change in between. Any error rolls
//! the whole transaction back. A conflict with a concurrent run (duplicate_object 42710
//! or unique_violation 23505 on CREATE ROLE of the same name from another database,
//! "tuple concurrently updated", serialization failures and deadlocks) is retried in a
//! fresh transaction, where the re-read sees what the other run committed.
//!
//! A plan's steps go to the server as one multi-statement query (after its session
//! steps, which turn statement logging off and must be in effect before the query that
//! holds a verifier arrives); when that fails for a reason other than a concurrent run,
//! nothing was applied and the plan runs again step by step to name the failing step.

use crate::error::Error;
use crate::inventory::targets::Target;
use crate::plan::Plan;
use crate::secret::Secret;
use crate::target::Session;
use postgres::Transaction;

/// How many times a plan is attempted when it collides with a concurrent run.
const ATTEMPTS: usize = 3;

/// A failure while planning or applying: from the server (mapped with the target's
/// error rules once the transaction is gone) or from pgacct itself (a refusal).
#[derive(Debug)]
pub enum Failure {
    Pg(postgres::Error),
    /// A server error while executing the step with this description.
    Step(postgres::Error, String),
    Other(Error),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Pg(e)
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Other(e)
    }
}

/// True for errors a concurrent run causes, which a fresh attempt resolves.
pub fn is_retryable(e: &postgres::Error) -> bool {
    let Some(db) = e.as_db_error() else {
        return false;
    };
    matches!(db.code().code(), "42710" | "23505" | "40001" | "40P01")
        || (db.code().code() == "XX000" && db.message().contains("concurrently"))
}

/// The result of a plan: the plan, what the planner wants to report, and whether it was
/// applied.
pub struct Applied<T> {
    pub plan: Plan,
    pub detail: T,
    pub dry_run: bool,
}

/// Plan with `planner` and (unless `dry_run`) apply, in one transaction on `session`.
///
/// `planner` gets the open transaction and whether it runs for real (take locks then);
/// a dry run runs it in a READ ONLY transaction and rolls back. `password` supplies the
/// verifier for steps that set one, computed here with the server's
/// `password_encryption` and never kept.
pub fn run<T>(
    session: &mut Session,
    dry_run: bool,
    password: Option<&Secret>,
    planner: impl FnMut(&mut Transaction<'_>, bool) -> Result<(Plan, T), Failure>,
) -> Result<Applied<T>, Error> {
    run_lazy(session, dry_run, || password, planner)
}

/// [`run`], with the password asked for after `planner` has run (in the same attempt),
/// so that a planner may make it only once it knows one is due (e.g. once the role is
/// known to exist).
pub fn run_lazy<'p, T>(
    session: &mut Session,
    dry_run: bool,
    password: impl Fn() -> Option<&'p Secret>,
    mut planner: impl FnMut(&mut Transaction<'_>, bool) -> Result<(Plan, T), Failure>,
) -> Result<Applied<T>, Error> {
    let target = session.target.clone();
    let encryption = session.password_encryption.clone();
    let version = session.server_version_num;
    let mut attempt = 0;
    let mut batched = true;
    loop {
        attempt += 1;
        let r = once(
            &mut session.client,
            dry_run,
            &password,
            &encryption,
            &mut planner,
            batched,
            version,
        );
        match r {
            Ok((plan, detail)) => {
                return Ok(Applied {
                    plan,
                    detail,
                    dry_run,
                });
            }
            // Nothing was applied: run it again step by step to name the failing step.
            Err(f) if batched && from_batch(&f) => {
                batched = false;
                attempt -= 1;
            }
            Err(Failure::Pg(e) | Failure::Step(e, _)) if attempt < ATTEMPTS && is_retryable(&e) => {
                continue;
            }
            Err(f) => return Err(map_failure(f, &target)),
        }
    }
}

/// True when a failure came from a plan sent as one batch (and is no concurrency
/// conflict): worth running again step by step to tell which step fails.
/// Not after a lock or statement timeout: the rerun would wait as long again (the lock
/// wait would be twice --lock-timeout), and the error names the timeout already.
pub fn from_batch(f: &Failure) -> bool {
    matches!(f, Failure::Step(e, what) if what == WHILE_BATCH && !is_retryable(e) && !is_timeout(e))
}

/// lock_timeout (55P03) or statement_timeout (57014) ran out.
pub fn is_timeout(e: &postgres::Error) -> bool {
    e.as_db_error()
        .is_some_and(|db| matches!(db.code().code(), "55P03" | "57014"))
}

/// PostgreSQL 16+ refuses a CREATEROLE admin a role it holds no ADMIN OPTION on, with a
/// detail naming the role (`... the ADMIN option on role "x" may alter this role.`): the
/// GRANT that fixes it, or None.
pub fn admin_option_fix(e: &postgres::Error, target: &Target) -> Option<String> {
    let db = e.as_db_error()?;
    let detail = db.detail()?;
    let rest = detail.split("ADMIN option on role \"").nth(1)?;
    let role = rest.split('"').next()?;
    let admin = target
        .admin_user
        .as_deref()
        .map(crate::ident::quote_ident)
        .unwrap_or_else(|| "<admin>".to_string());
    Some(format!(
        "PostgreSQL 16+: a CREATEROLE admin manages only roles it holds ADMIN OPTION on; as a superuser: `GRANT {} TO {admin} WITH ADMIN OPTION;`",
        crate::ident::quote_ident(role)
    ))
}

/// Turn a failure into a user-facing error on `target` (never containing SQL).
pub fn map_failure(f: Failure, target: &Target) -> Error {
    let fix = match &f {
        Failure::Pg(e) | Failure::Step(e, _) => admin_option_fix(e, target),
        Failure::Other(_) => None,
    };
    let mut err = map_failure_inner(f, target);
    if let Some(fix) = fix {
        err.hint = Some(fix);
    }
    err
}

fn map_failure_inner(f: Failure, target: &Target) -> Error {
    match f {
        Failure::Pg(e) => crate::target::pg_error(&e, target),
        Failure::Step(e, what) => {
            let mut err = crate::target::pg_error(&e, target);
            err.message = format!("{} (while: {what}; nothing was changed)", err.message);
            if err.sqlstate.as_deref() == Some("42501") {
                let more = "granting in a database needs an admin that is a superuser, or has CREATEROLE and owns (or is a member of the owner of) the database, its schemas and their tables";
                err.hint = Some(match err.hint.take() {
                    Some(h) => format!("{h}; {more}"),
                    None => more.to_string(),
                });
            }
            err
        }
        Failure::Other(e) => e.on(target.name()),
    }
}

/// Execute a plan's executable statements `sqls` (one per step, verifiers filled in) in
/// `tx`. Batched: the session steps (statement logging off) first, as one multi-statement
/// query of their own, since the server decides whether to log a query when it reads
/// it; then the rest as one multi-statement query, pipelined after it: one round trip,
/// whose failures name [`WHILE_BATCH`] (the caller then runs the plan again step by
/// step). Not batched: step by step, naming the failing step.
pub fn execute_steps(
    tx: &mut Transaction<'_>,
    plan: &Plan,
    sqls: &[String],
    batched: bool,
    server_version_num: i32,
) -> Result<(), Failure> {
    let (first, rest) = batches(tx, plan, sqls, batched, server_version_num)?;
    let all: Vec<&str> = first
        .iter()
        .map(String::as_str)
        .chain(rest.iter().map(|r| r.as_str()))
        .collect();
    if !all.is_empty() {
        tx.pipeline(|t| async move {
            let done = futures_util::future::join_all(all.iter().map(|q| t.batch_execute(q))).await;
            done.into_iter().collect::<Result<Vec<()>, _>>()
        })
        .map_err(|e| Failure::Step(e, WHILE_BATCH.to_string()))?;
    }
    Ok(())
}

/// [`execute_steps`] and COMMIT, batched: the plan's batches and the COMMIT go in one
/// flight. The COMMIT is a query of its own: in the query that holds a verifier, it
/// would end the transaction, and with it the quiet step's settings, before the server
/// decides whether to log that query's duration (with its text). A failed batch aborts
/// the transaction, and the COMMIT after it then rolls back.
fn execute_and_commit(
    mut tx: Transaction<'_>,
    plan: &Plan,
    sqls: &[String],
    batched: bool,
    server_version_num: i32,
) -> Result<(), Failure> {
    let (first, rest) = batches(&mut tx, plan, sqls, batched, server_version_num)?;
    let all: Vec<&str> = first
        .iter()
        .map(String::as_str)
        .chain(rest.iter().map(|r| r.as_str()))
        .chain(["COMMIT"])
        .collect();
    tx.finish_with(&all)
        .map_err(|e| Failure::Step(e, WHILE_BATCH.to_string()))
}

/// The batches of a plan's statements: the quiet step and the session steps (to be sent
/// first, as a query of their own), and the rest. Not batched, every step is executed
/// here, one by one, naming the failing step, and nothing is left to send.
#[allow(clippy::type_complexity)]
fn batches(
    tx: &mut Transaction<'_>,
    plan: &Plan,
    sqls: &[String],
    batched: bool,
    server_version_num: i32,
) -> Result<(Option<String>, Option<zeroize::Zeroizing<String>>), Failure> {
    // A plan that carries a verifier gets the one quiet step first (logging and
    // pg_stat_statements off, as far as the admin may), in every verb alike.
    let quiet = plan
        .steps
        .iter()
        .any(|s| s.verifier_for.is_some())
        .then(|| crate::secret::quiet_sql(server_version_num));
    if !batched {
        if let Some(q) = &quiet {
            tx.batch_execute(q).map_err(|e| {
                Failure::Step(e, "turn statement logging and tracking off".to_string())
            })?;
        }
        for (sql, step) in sqls.iter().zip(&plan.steps) {
            tx.batch_execute(sql)
                .map_err(|e| Failure::Step(e, step.description.clone()))?;
        }
        return Ok((None, None));
    }
    let session = plan
        .steps
        .iter()
        .take_while(|s| s.phase == crate::plan::Phase::Session)
        .count();
    // The session steps hold no secret.
    let mut first: Vec<&str> = quiet.iter().map(String::as_str).collect();
    first.extend(sqls[..session].iter().map(String::as_str));
    let first = (!first.is_empty()).then(|| first.join(";\n"));
    let rest = (session < sqls.len()).then(|| zeroize::Zeroizing::new(sqls[session..].join(";\n")));
    Ok((first, rest))
}

/// A plan's statements as they are sent: each step's `<verifier>` placeholder filled in
/// with a verifier of `password` for the server's `password_encryption` (zeroized when
/// dropped).
pub fn executable_sqls(
    plan: &Plan,
    password: Option<&Secret>,
    encryption: &str,
) -> Result<zeroize::Zeroizing<Vec<String>>, Failure> {
    if password.is_some() && plan.steps.iter().any(|s| s.verifier_for.is_some()) {
        crate::secret::check_encryption(encryption)?;
    }
    let mut sqls = zeroize::Zeroizing::new(Vec::with_capacity(plan.steps.len()));
    for step in &plan.steps {
        let verifier = match (&step.verifier_for, password) {
            (Some(role), Some(p)) => Some(p.verifier(encryption, role)),
            _ => None,
        };
        sqls.push(step.executable(verifier.as_deref())?);
    }
    Ok(sqls)
}

/// What a failure while running a plan's steps as one batch says it was doing.
pub const WHILE_BATCH: &str = "applying the plan";

fn once<'p, T>(
    client: &mut postgres::Client,
    dry_run: bool,
    password: &impl Fn() -> Option<&'p Secret>,
    encryption: &str,
    planner: &mut impl FnMut(&mut Transaction<'_>, bool) -> Result<(Plan, T), Failure>,
    batched: bool,
    server_version_num: i32,
) -> Result<(Plan, T), Failure> {
    // BEGIN goes out with the planner's first read (one flight).
    let mut tx = client.transaction_pipelined()?;
    if dry_run {
        tx.batch_execute("SET TRANSACTION READ ONLY")?;
    }
    let (plan, detail) = planner(&mut tx, !dry_run)?;
    if dry_run {
        tx.rollback()?;
        return Ok((plan, detail));
    }
    let sqls = executable_sqls(&plan, password(), encryption)?;
    execute_and_commit(tx, &plan, &sqls, batched, server_version_num)?;
    Ok((plan, detail))
}
