//! Failures while planning or applying, which of them a fresh attempt resolves, and how
//! they read once mapped to an error on a target (never containing SQL).

use crate::error::Error;
use crate::inventory::targets::Target;

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
/// What a failure while running a plan's steps as one batch says it was doing.
pub const WHILE_BATCH: &str = "applying the plan";
