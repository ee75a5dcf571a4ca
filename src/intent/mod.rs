//! Intents: what a command asks for, typed and validated before any network. Pure: no
//! client library, no inventory, no clap. Built at the edge from the command line
//! (`commands/`) and from the lines of a batch file (`batch.rs`) alike, by the same
//! functions, so a batch line and its single command accept and refuse the same input.
//!
//! - [`create`]: a new user's name (by its kind's naming rule), schemas, limit and expiry;
//! - [`verbs`]: reset, search-path, lock, unlock, revoke and drop of an existing user;
//! - [`guard`]: the one protected-role guard every verb and batch line calls.

pub mod create;
pub mod guard;
pub mod verbs;

/// Where a request comes from: the two differ in how they name their options (or columns) in errors and in what they refuse before connecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `user create`: a `pg_*` name parses, so that its refusal by the guard is audited
    /// on every target.
    Command,
    /// A batch line: the protected-role guard refuses here, as a line error.
    /// (A system schema is refused for both, before anything runs.)
    Batch,
}

/// What every change asks for besides its verb: a dry run, why, the ticket, and the
/// confirmation of a protected target (`--yes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub dry_run: bool,
    pub reason: Option<String>,
    pub ticket: Option<String>,
    pub yes: bool,
}
