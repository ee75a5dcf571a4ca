//! Plans: pure functions from an intent and the observed catalog state to ordered SQL
//! steps. No client library in here; dry-run, JSON, apply and audit all read one plan.
//!
//! A password never appears in a plan: a step that sets one carries the placeholder
//! [`VERIFIER_PLACEHOLDER`] in its SQL and names the role the verifier is for; `apply`
//! substitutes the real verifier at execution time, in memory only. So a plan (SQL and
//! descriptions) can be printed, serialized and audited as it is.

pub mod create;
pub mod drop;
pub mod guard;
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
}

impl Step {
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
        self.steps.push(Step {
            sql: sql.into(),
            description: description.into(),
            phase,
            verifier_for: None,
        });
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
        self.steps.push(Step {
            sql,
            description: description.into(),
            phase,
            verifier_for: Some(role.to_string()),
        });
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

    /// The descriptions, for the audit log and the table output.
    pub fn descriptions(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.description.clone()).collect()
    }

    /// The printable SQL (placeholders, never verifiers), one statement per entry.
    pub fn sql(&self) -> Vec<String> {
        self.steps.iter().map(|s| format!("{};", s.sql)).collect()
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
