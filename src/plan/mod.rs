//! Plans: pure functions from an intent and the observed catalog state to ordered SQL
//! steps. No client library in here; dry-run, JSON, apply and audit all read one plan.
//!
//! A password never appears in a plan: a step that sets one carries the placeholder
//! [`VERIFIER_PLACEHOLDER`] in its SQL and names the role the verifier is for; `apply`
//! substitutes the real verifier at execution time, in memory only. So a plan (SQL and
//! descriptions) can be printed, serialized and audited as it is.
//!
//! One [`Plan`] type for every verb: each [`Step`] says where it runs ([`Stage`]: before
//! the transaction, in the target's transaction, in a transaction on another database,
//! after the commit) and what it is ([`StepKind`]), so whoever runs a plan never
//! recognises a step by its SQL. `--dry-run`, the JSON `sql` field ([`Plan::sql`]), apply
//! (the engine) and the audit log ([`Plan::descriptions`]) all read it the same way.

pub mod create;
pub mod drop;
pub mod lifecycle;
pub mod repair;

use crate::error::{Error, Result};
use serde::Serialize;

/// What the printable SQL shows where a password verifier goes.
pub const VERIFIER_PLACEHOLDER: &str = "'<verifier>'";

/// The fixed order of steps in every plan. Steps are sorted by phase (stably, so steps of
/// one phase keep the order they were added in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Transaction-local settings (`SET LOCAL log_statement = 'none'`).
    Session,
    Create,
    Alter,
    Grant,
    Membership,
    /// Per-database role settings (search_path, ...).
    Settings,
    Revoke,
    Drop,
}

/// Where a step runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Before any transaction, on the target's session (ending sessions before a drop).
    Before,
    /// In the target's transaction.
    #[default]
    Tx,
    /// In a transaction of its own on this database, committed in plan order (a drop's
    /// owned objects, database by database; the target's own database last).
    TxIn(String),
    /// After the target's transaction committed, outside it (ending sessions after a
    /// NOLOGIN or a new password: a session ended before could log in again).
    AfterCommit,
}

impl Stage {
    /// Execution order: before, the transaction(s), after the commit.
    fn rank(&self) -> u8 {
        match self {
            Stage::Before => 0,
            Stage::Tx => 1,
            Stage::TxIn(_) => 2,
            Stage::AfterCommit => 3,
        }
    }
}

/// What a step is, for whoever runs it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// A statement whose result nobody reads.
    #[default]
    Statement,
    /// Ends the role's other sessions; answers one row with how many it ended.
    TerminateSessions,
    /// REASSIGN OWNED / DROP OWNED: needs the privileges of the role.
    Owned,
    /// Makes the admin a member of the role, for the privileges [`StepKind::Owned`] needs.
    TakeMembership,
}

/// One SQL statement with a one-line description of what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub sql: String,
    pub description: String,
    #[serde(skip)]
    pub phase: Phase,
    /// The role whose password verifier replaces [`VERIFIER_PLACEHOLDER`] at apply time.
    #[serde(skip)]
    pub verifier_for: Option<String>,
    #[serde(skip)]
    pub stage: Stage,
    #[serde(skip)]
    pub kind: StepKind,
}

impl Step {
    /// A statement in the target's transaction.
    pub fn new(phase: Phase, sql: impl Into<String>, description: impl Into<String>) -> Step {
        Step {
            sql: sql.into(),
            description: description.into(),
            phase,
            verifier_for: None,
            stage: Stage::Tx,
            kind: StepKind::Statement,
        }
    }

    /// This step, run at `stage`.
    pub fn at(mut self, stage: Stage) -> Step {
        self.stage = stage;
        self
    }

    /// This step, of `kind`.
    pub fn of_kind(mut self, kind: StepKind) -> Step {
        self.kind = kind;
        self
    }

    /// The SQL to execute: the printable SQL, with the verifier put in place of the
    /// placeholder for a password step. The result must never be printed or logged.
    pub fn executable(&self, verifier: Option<&str>) -> Result<String> {
        match (&self.verifier_for, verifier) {
            (None, _) => Ok(self.sql.clone()),
            (Some(_), Some(v)) => {
                Ok(self
                    .sql
                    .replacen(VERIFIER_PLACEHOLDER, &crate::ident::quote_literal(v), 1))
            }
            (Some(role), None) => Err(Error::failed(format!(
                "internal error: the plan sets a password for {role} but none was supplied"
            ))),
        }
    }
}

/// An ordered list of steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn push(&mut self, phase: Phase, sql: impl Into<String>, description: impl Into<String>) {
        self.steps.push(Step::new(phase, sql, description));
    }

    /// A step whose SQL holds [`VERIFIER_PLACEHOLDER`] for `role`'s password verifier.
    pub fn push_with_verifier(
        &mut self,
        phase: Phase,
        sql: impl Into<String>,
        description: impl Into<String>,
        role: &str,
    ) {
        let sql = sql.into();
        debug_assert!(sql.contains(VERIFIER_PLACEHOLDER));
        let mut step = Step::new(phase, sql, description);
        step.verifier_for = Some(role.to_string());
        self.steps.push(step);
    }

    /// Put the steps in the fixed phase order (stable).
    pub fn finish(mut self) -> Plan {
        self.steps.sort_by_key(|s| s.phase);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// True when the plan changes something (a session-only step changes nothing).
    pub fn changes(&self) -> bool {
        self.steps.iter().any(|s| s.phase != Phase::Session)
    }

    /// The steps in execution order: before, the target's transaction, the other
    /// transactions (in plan order), after the commit.
    pub fn ordered(&self) -> Vec<&Step> {
        let mut v: Vec<&Step> = self.steps.iter().collect();
        v.sort_by_key(|s| s.stage.rank());
        v
    }

    /// The steps run at `stage`, in order.
    pub fn at(&self, stage: &Stage) -> impl Iterator<Item = &Step> {
        let stage = stage.clone();
        self.steps.iter().filter(move |s| s.stage == stage)
    }

    /// The plan of the steps run at `stage` (e.g. what goes in the target's transaction).
    pub fn only(&self, stage: &Stage) -> Plan {
        Plan {
            steps: self.at(stage).cloned().collect(),
        }
    }

    /// This plan, every step run at `stage` (a database's steps as the transaction of a
    /// session on that database).
    pub fn moved_to(self, stage: &Stage) -> Plan {
        Plan {
            steps: self
                .steps
                .into_iter()
                .map(|s| s.at(stage.clone()))
                .collect(),
        }
    }

    /// The steps run after the commit.
    pub fn after_commit(&self) -> impl Iterator<Item = &Step> {
        self.at(&Stage::AfterCommit)
    }

    /// The transactions on other databases ([`Stage::TxIn`]), in order: each database and
    /// the plan of its transaction.
    pub fn databases(&self) -> Vec<(String, Plan)> {
        let mut out: Vec<(String, Plan)> = vec![];
        for s in &self.steps {
            if let Stage::TxIn(db) = &s.stage {
                match out.iter_mut().find(|(d, _)| d == db) {
                    Some((_, p)) => p.steps.push(s.clone()),
                    None => out.push((
                        db.clone(),
                        Plan {
                            steps: vec![s.clone()],
                        },
                    )),
                }
            }
        }
        out
    }

    /// True when a step of `kind` is in the plan.
    pub fn has(&self, kind: StepKind) -> bool {
        self.steps.iter().any(|s| s.kind == kind)
    }

    /// The descriptions in execution order, for the audit log and the table output; a
    /// step in a transaction on another database is prefixed with `[database]`.
    pub fn descriptions(&self) -> Vec<String> {
        self.ordered()
            .into_iter()
            .map(|s| match &s.stage {
                Stage::TxIn(db) => format!("[{db}] {}", s.description),
                _ => s.description.clone(),
            })
            .collect()
    }

    /// The printable SQL in execution order (placeholders, never verifiers), one
    /// statement per entry, each ending with `;` (the JSON `sql` field).
    pub fn sql(&self) -> Vec<String> {
        self.statements()
            .into_iter()
            .map(|s| format!("{s};"))
            .collect()
    }

    /// [`Plan::sql`] without the `;`.
    pub fn statements(&self) -> Vec<String> {
        self.ordered().into_iter().map(|s| s.sql.clone()).collect()
    }

    /// True when applying needs a password.
    pub fn needs_password(&self) -> bool {
        self.steps.iter().any(|s| s.verifier_for.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_sort_by_phase_stably_and_verifiers_only_at_execution() {
        let mut p = Plan::default();
        p.push(Phase::Settings, "ALTER ROLE a SET x = 1", "set x");
        p.push_with_verifier(
            Phase::Create,
            format!("CREATE ROLE \"a\" PASSWORD {VERIFIER_PLACEHOLDER}"),
            "create a",
            "a",
        );
        p.push(Phase::Create, "CREATE ROLE b", "create b");
        p.push(Phase::Session, "SET LOCAL log_statement = 'none'", "quiet");
        let p = p.finish();
        let d = p.descriptions();
        assert_eq!(d, ["quiet", "create a", "create b", "set x"]);
        assert!(p.needs_password());
        assert!(p.sql()[1].contains("PASSWORD '<verifier>'"));
        let exec = p.steps[1].executable(Some("SCRAM-SHA-256$x'y")).unwrap();
        assert_eq!(exec, "CREATE ROLE \"a\" PASSWORD 'SCRAM-SHA-256$x''y'");
        assert!(p.steps[1].executable(None).is_err());
        assert_eq!(p.steps[2].executable(None).unwrap(), "CREATE ROLE b");
        let json = serde_json::to_string(&p).unwrap();
        assert!(!json.contains("SCRAM"), "{json}");
    }

    #[test]
    fn a_session_only_plan_changes_nothing() {
        let mut p = Plan::default();
        assert!(!p.changes());
        p.push(Phase::Session, "SET LOCAL log_statement = 'none'", "quiet");
        assert!(!p.changes());
        p.push(Phase::Grant, "GRANT x TO y", "grant");
        assert!(p.changes());
    }
}
