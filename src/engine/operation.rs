//! What a verb is to the engine: an [`Operation`] (what to audit, how to plan inside the
//! target's transaction, its hooks), what a planner learns about its session
//! ([`SessionFacts`]) and what a run gives back ([`Planned`], [`Done`], [`TargetRun`]).

use super::Failure;
use crate::error::Result;
use crate::intent::Change;
use crate::inventory::audit::Record;
use crate::inventory::targets::Target;
use crate::plan::Plan;
use crate::secret::Secret;
use crate::target::Session;
use crate::target::flight::Flight;
use postgres::Transaction;

/// What a planner learns about the session it runs on.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    pub target: Target,
    pub admin_user: String,
    /// The server version as the session knew it when the facts were taken: None while
    /// its first read is in flight (a pipelined login); planners use
    /// [`SessionFacts::version`].
    pub server_version_num: Option<i32>,
    pub password_encryption: String,
    /// How catalog reads are sent on this session (prepared and reused in a batch).
    pub statements: crate::catalog::Statements,
    /// The session's first read, when it was still in flight as the facts were taken: it
    /// goes out with the work's first flight and says the server version.
    pub first_read: Option<crate::target::flight::DeferredFacts>,
}

impl SessionFacts {
    /// The server's `server_version_num`: the session's, else (a pipelined login) what
    /// its first read answered, which a planner has once its first flight is back. An
    /// internal error before that (no planner asks then: the first flight's SQL is the
    /// same on every version).
    pub fn version(&self) -> Result<i32> {
        self.first_read
            .as_ref()
            .and_then(|d| d.version())
            .or(self.server_version_num)
            .ok_or_else(|| {
                crate::error::Error::failed(
                    "internal error: the server version is not known yet (the session's first read was not answered)",
                )
                .on(self.target.name())
            })
    }
}

/// What a planner returns: the plan, the verb's own report, and what undo needs.
pub struct Planned<T> {
    pub plan: Plan,
    pub detail: T,
    pub undo: Option<serde_json::Value>,
    /// Reads of what the committed change left (the role's open sessions, what a revoked
    /// user still has): sent right after the COMMIT, in its flight; the operation's
    /// after-commit hook finds their rows in the flight ([`Flight::answer`]). Never sent in
    /// a dry run.
    pub reads_after: Option<std::sync::Arc<Flight>>,
}

/// One verb, as the engine runs it on each target.
pub trait Operation {
    /// The verb's own per-target report (e.g. the create result fields).
    type Output;

    /// Audit action, e.g. `user create`.
    fn action(&self) -> &str;
    /// The role acted on, for the audit row.
    fn role(&self) -> Option<String> {
        None
    }
    /// The kind, for the audit row.
    fn kind(&self) -> Option<String> {
        None
    }
    fn change(&self) -> &Change;
    /// A guard that needs no server (e.g. the admin's own name): refuse before connecting.
    fn precheck(&self, _target: &Target) -> Result<()> {
        Ok(())
    }
    /// The password whose verifier replaces the plan's placeholder. Asked for after
    /// [`Operation::plan`] (in the same transaction), so an operation may make it there,
    /// e.g. only once the role is known to exist.
    fn password(&self) -> Option<&Secret> {
        None
    }
    /// The audit entry this run reverses (`undo`), for its audit rows.
    fn undo_of(&self) -> Option<i64> {
        None
    }
    /// Whether a successful run changed something (default: its plan does).
    fn changes(&self, plan: &Plan, _detail: &Self::Output) -> bool {
        plan.changes()
    }
    /// After the transaction committed (never in a dry run), on the same session: steps
    /// that must wait for the commit (ending sessions after NOLOGIN or a new password)
    /// and reports read after the change. The change stands whatever this returns; an
    /// error is shown as a warning (an operation that must report it keeps it in its
    /// output).
    fn after_commit(
        &self,
        _session: &mut Session,
        _facts: &SessionFacts,
        _detail: &mut Self::Output,
    ) -> Result<()> {
        Ok(())
    }
    /// Complete the audit row of a run that succeeded (dry run included) from the
    /// operation's output: e.g. the kind read from the catalog, the steps run after the
    /// commit, what they did.
    fn record_done(&self, _detail: &Self::Output, _rec: &mut Record) {}
    /// Read the catalog and plan, inside the target's transaction. `apply` is false for
    /// a dry run (read-only transaction: take no locks).
    fn plan(
        &self,
        tx: &mut Transaction<'_>,
        facts: &SessionFacts,
        apply: bool,
    ) -> std::result::Result<Planned<Self::Output>, Failure>;
}

/// What happened on one target.
pub struct TargetRun<T> {
    pub target: Target,
    pub result: Result<Done<T>>,
    /// The completion (or refusal) audit row.
    pub audit_id: Option<i64>,
}

/// A plan that was applied (or shown, for a dry run).
pub struct Done<T> {
    pub plan: Plan,
    pub detail: T,
    pub changed: bool,
    pub dry_run: bool,
}
