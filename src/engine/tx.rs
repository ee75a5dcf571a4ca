//! The one place a transaction is opened on a target, plans' verifiers are filled in and
//! their statements are sent.
//!
//! The catalog is read and the plan is made inside the same transaction that applies it
//! (after the verb's advisory locks), so nothing can change in between; any error rolls
//! the whole transaction back. A dry run's transaction is READ ONLY and rolled back.
//! [`transact`] runs a unit of work (one plan, or the lines of an `--atomic` unit one after
//! the other) in a [`Tx`], under the one retry loop ([`super::retry`]).
//!
//! Round trips: BEGIN (and READ ONLY) go out with the first catalog read; a plan's steps
//! go as one multi-statement query (after its session steps, which turn statement
//! logging off and must be in effect before the query that holds a verifier arrives),
//! kept pending until the next read or the COMMIT, so that the last plan and the COMMIT
//! are one flight; reads of what the change left follow the COMMIT in that flight
//! ([`Tx::read_after`]). The session's own first read (identity, password_encryption)
//! rides on the first flight and is settled before anything that changes the server is
//! sent ([`Tx::settle`]). [`open_queued`] leaves a transaction's statements and COMMIT
//! queued for the next request (`user apply`'s lines, one round trip each).

use super::failure::{Failure, WHILE_BATCH, map_failure};
use super::retry::retry;
use crate::error::Error;
use crate::plan::{Plan, Stage, StepKind};
use crate::secret::Secret;
use crate::target::Session;
use crate::target::flight::{DeferredFacts, Flight};
use postgres::Transaction;
use zeroize::Zeroizing;

/// Who makes the password verifiers of a plan's steps: a password, or a batch line whose
/// SCRAM verifier was computed ahead.
pub trait Verifiers {
    /// The verifier of the password for `role`, for the server's `password_encryption`.
    fn verifier(&self, encryption: &str, role: &str) -> String;
}

impl Verifiers for Secret {
    fn verifier(&self, encryption: &str, role: &str) -> String {
        Secret::verifier(self, encryption, role)
    }
}

/// A transaction on a target, opened by [`transact`].
pub struct Tx<'c> {
    tx: Transaction<'c>,
    dry_run: bool,
    batched: bool,
    /// None until known (after a pipelined login, until [`Tx::settle`]).
    version: Option<i32>,
    encryption: String,
    /// Batches of the last applied plan, sent with the next request (or the COMMIT).
    pending: Vec<Zeroizing<String>>,
    /// The session's own first read, in the first flight with the work's reads; settled
    /// (identity checked, password_encryption known) before anything changes the server.
    deferred: Option<DeferredFacts>,
    /// Reads sent after the COMMIT, in its flight.
    reads_after: Vec<std::sync::Arc<Flight>>,
}

impl<'c> Tx<'c> {
    /// BEGIN (and READ ONLY for a dry run), queued: they go out with the first read.
    fn open(session: &'c mut Session, dry_run: bool, batched: bool) -> Result<Tx<'c>, Failure> {
        let version = session.server_version_num();
        let encryption = session.password_encryption.clone();
        let deferred = session.deferred().cloned();
        let mut tx = session.client.transaction_pipelined()?;
        if dry_run {
            tx.queue_typed("SET TRANSACTION READ ONLY", &[])?;
        }
        Ok(Tx {
            tx,
            dry_run,
            batched,
            version,
            encryption,
            pending: vec![],
            deferred,
            reads_after: vec![],
        })
    }

    /// Read the session's first read (sent now if nothing went yet) and check the server's
    /// identity: before anything that changes the server is sent.
    pub fn settle(&mut self) -> Result<(), Failure> {
        let Some(d) = self.deferred.clone() else {
            return Ok(());
        };
        if !d.is_received() {
            self.tx.pipeline(|_| async { Ok(()) })?;
        }
        // Kept until the identity check passed: a refused server stays refused.
        let facts = d.facts()?;
        self.deferred = None;
        self.encryption = facts.password_encryption;
        self.version = Some(facts.server_version_num);
        Ok(())
    }

    /// The server's `server_version_num`, once settled ([`Tx::settle`]; with a pipelined
    /// login the session learns it from its first read).
    /// An internal error (never a placeholder) when asked before that.
    pub fn version(&self) -> Result<i32, Failure> {
        self.version.ok_or_else(|| {
            Failure::Other(Error::failed(
                "internal error: the server version is not known yet (the transaction was not settled)",
            ))
        })
    }

    /// The transaction, for catalog reads and locks: what an applied plan left pending is
    /// sent first.
    pub fn reads(&mut self) -> Result<&mut Transaction<'c>, Failure> {
        self.send_pending()?;
        Ok(&mut self.tx)
    }

    /// Whether this is a dry run (nothing is applied).
    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// Apply `plan` (nothing in a dry run): its verifiers filled in by `verifiers`, its
    /// statements sent with the next request. Not batched, each step is executed now, one
    /// by one, naming the failing step.
    pub fn apply(&mut self, plan: &Plan, verifiers: Option<&dyn Verifiers>) -> Result<(), Failure> {
        if self.dry_run || plan.steps.is_empty() {
            return Ok(());
        }
        self.settle()?;
        self.send_pending()?;
        // Only what runs in the transaction (not the steps before it or after the commit).
        let plan = &plan.only(&Stage::Tx);
        let sqls = executable_sqls(plan, verifiers, &self.encryption)?;
        let version = self.version()?;
        self.pending = batches(&mut self.tx, plan, &sqls, self.batched, version)?;
        Ok(())
    }

    /// Send `reads` right after the COMMIT, in its flight (nothing in a dry run).
    pub fn read_after(&mut self, reads: std::sync::Arc<Flight>) {
        if !self.dry_run {
            self.reads_after.push(reads);
        }
    }

    /// Send what is pending (the last applied plan's batches), one flight.
    pub fn send_pending(&mut self) -> Result<(), Failure> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let all: Vec<&str> = self.pending.iter().map(|s| s.as_str()).collect();
        self.tx
            .pipeline(|t| async move {
                let done =
                    futures_util::future::join_all(all.iter().map(|q| t.batch_execute(q))).await;
                done.into_iter().collect::<Result<Vec<()>, _>>()
            })
            .map_err(|e| Failure::Step(e, WHILE_BATCH.to_string()))?;
        self.pending.clear();
        Ok(())
    }

    /// Roll a dry run back; otherwise what is pending and the COMMIT, one flight. The
    /// COMMIT is a query of its own: in the query that holds a verifier, it would end the
    /// transaction, and with it the quiet step's settings, before the server decides
    /// whether to log that query's duration (with its text). A failed batch aborts the
    /// transaction, and the COMMIT after it then rolls back.
    fn finish(mut self) -> Result<(), Failure> {
        if self.dry_run {
            return Ok(self.tx.rollback()?);
        }
        let all = with_commit(&self.pending);
        if self.reads_after.is_empty() {
            return self
                .tx
                .finish_with(&all)
                .map_err(|e| Failure::Step(e, WHILE_BATCH.to_string()));
        }
        let reads = std::mem::take(&mut self.reads_after);
        self.tx
            .finish_then(&all, |c| {
                Box::pin(async move {
                    let sent =
                        futures_util::future::join_all(reads.iter().map(|f| f.send_keep(c))).await;
                    // A failed read after the commit leaves its flight unanswered (the
                    // operation then reads on its own); the change stands.
                    let _ = sent;
                    Ok(())
                })
            })
            .map_err(|e| Failure::Step(e, WHILE_BATCH.to_string()))
    }
}

/// A transaction whose statements and COMMIT were queued ([`open_queued`]): their
/// outcome, known once the next request on the session has been answered.
pub struct Queued(Vec<postgres::Outcome>);

impl Queued {
    /// The first failure among the queued batches (the COMMIT after a failed batch rolls
    /// back without an error of its own); None when all went through. Sent and answered
    /// by now: the caller made a request since, or [`flush`].
    pub fn outcome(&self) -> std::result::Result<(), Failure> {
        for o in &self.0 {
            match o.take() {
                Some(Ok(())) => {}
                Some(Err(e)) => return Err(Failure::Step(e, WHILE_BATCH.to_string())),
                None => {
                    return Err(Failure::Other(Error::failed(
                        "internal error: a queued transaction was not answered",
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Send what is queued on `session` (a [`Queued`] transaction), one flight.
pub fn flush(session: &mut Session) -> std::result::Result<(), Failure> {
    session.client.pipeline(|_| async { Ok(()) })?;
    Ok(())
}

/// One attempt of `body` in a transaction on `session` (batched, not a dry run), its
/// statements and COMMIT queued to go with the next request on the session: the next
/// line's BEGIN and reads (`user apply`). No retry here: a line whose [`Queued`] outcome
/// failed runs again through [`transact`].
pub fn open_queued<T>(
    session: &mut Session,
    body: impl FnOnce(&mut Tx<'_>) -> Result<T, Failure>,
) -> Result<(T, Queued), Failure> {
    let mut tx = Tx::open(session, false, true)?;
    let out = body(&mut tx)?;
    tx.settle()?;
    if !tx.reads_after.is_empty() {
        return Err(Failure::Other(Error::failed(
            "internal error: reads after a change cannot be queued",
        )));
    }
    let all = with_commit(&tx.pending);
    let queued = tx.tx.finish_queued(&all)?;
    Ok((out, Queued(queued)))
}

/// Run `body` in a transaction on `session` and commit it (a dry run: read only, rolled
/// back), retried in a fresh transaction on a conflict with a concurrent run.
pub fn transact<T>(
    session: &mut Session,
    dry_run: bool,
    mut body: impl FnMut(&mut Tx<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let out = retry(|batched| {
        let mut tx = Tx::open(session, dry_run, batched)?;
        let out = body(&mut tx)?;
        tx.settle()?;
        tx.finish()?;
        Ok(out)
    })?;
    // What the first read said, into the session (answered already: no round trip).
    session.settle()?;
    Ok(out)
}

/// The result of a plan: the plan, what the planner wants to report, and whether it was
/// applied.
pub struct Applied<T> {
    pub plan: Plan,
    pub detail: T,
    pub dry_run: bool,
}

/// Plan with `planner` and (unless `dry_run`) apply, in one transaction on `session`
/// ([`transact`] with one plan).
///
/// `planner` gets the open transaction and whether it runs for real (take locks then).
/// `password` supplies the verifier for steps that set one, computed with the server's
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
    transact(session, dry_run, |tx| {
        let (plan, detail) = planner(tx.reads()?, !dry_run)?;
        tx.apply(&plan, password().map(|p| p as &dyn Verifiers))?;
        Ok((plan, detail))
    })
    .map(|(plan, detail)| Applied {
        plan,
        detail,
        dry_run,
    })
    .map_err(|f| map_failure(f, &target))
}

/// The batches of a plan's statements: the quiet step and the session steps (to be sent
/// first, as a query of their own), and the rest. Not batched, every step is executed
/// here, one by one, naming the failing step, and nothing is left to send.
fn batches(
    tx: &mut Transaction<'_>,
    plan: &Plan,
    sqls: &[String],
    batched: bool,
    server_version_num: i32,
) -> Result<Vec<Zeroizing<String>>, Failure> {
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
        return Ok(vec![]);
    }
    let session = plan
        .steps
        .iter()
        .take_while(|s| s.phase == crate::plan::Phase::Session)
        .count();
    // The session steps hold no secret.
    let mut first: Vec<&str> = quiet.iter().map(String::as_str).collect();
    first.extend(sqls[..session].iter().map(String::as_str));
    let mut out = vec![];
    if !first.is_empty() {
        out.push(Zeroizing::new(first.join(";\n")));
    }
    if session < sqls.len() {
        out.push(Zeroizing::new(sqls[session..].join(";\n")));
    }
    Ok(out)
}

/// A plan's statements as they are sent: each step's `<verifier>` placeholder filled in
/// by `verifiers` for the server's `password_encryption` (zeroized when dropped). The
/// one place verifiers are filled in.
pub fn executable_sqls(
    plan: &Plan,
    verifiers: Option<&dyn Verifiers>,
    encryption: &str,
) -> Result<Zeroizing<Vec<String>>, Failure> {
    if verifiers.is_some() && plan.steps.iter().any(|s| s.verifier_for.is_some()) {
        crate::secret::check_encryption(encryption)?;
    }
    let mut sqls = Zeroizing::new(Vec::with_capacity(plan.steps.len()));
    for step in &plan.steps {
        let verifier = match (&step.verifier_for, verifiers) {
            (Some(role), Some(v)) => Some(Zeroizing::new(v.verifier(encryption, role))),
            _ => None,
        };
        sqls.push(step.executable(verifier.as_deref().map(String::as_str))?);
    }
    Ok(sqls)
}

/// Run the steps of `plan` at `stage` outside any transaction on `session` (ending
/// sessions before a drop, or after the commit): the number of sessions ended by its
/// [`StepKind::TerminateSessions`] steps, None when it has none.
pub fn run_outside(
    session: &mut Session,
    plan: &Plan,
    stage: &Stage,
) -> Result<Option<i64>, Error> {
    let mut terminated = None;
    for step in plan.at(stage) {
        match step.kind {
            StepKind::TerminateSessions => {
                let row = session
                    .client
                    .query_typed_one(&step.sql, &[])
                    .map_err(|e| session.pg_error(&e))?;
                terminated = Some(terminated.unwrap_or(0) + row.get::<_, i64>(0));
            }
            _ => session
                .client
                .batch_execute(&step.sql)
                .map_err(|e| session.pg_error(&e))?,
        }
    }
    Ok(terminated)
}

/// The batches of an applied plan, then a lone COMMIT: what ends a writing transaction.
fn with_commit(pending: &[Zeroizing<String>]) -> Vec<&str> {
    pending
        .iter()
        .map(|s| s.as_str())
        .chain(["COMMIT"])
        .collect()
}
