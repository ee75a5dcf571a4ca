//! The engine: the one runner of a unit of work on a target. Connect, advisory lock and
//! catalog read (by the operation's planner, in the target's transaction), plan, apply,
//! retry and record are written once here; single commands, fan-out, `user apply` (per
//! line, per target, `--atomic`) and drop are configurations of it.
//!
//! - [`operation`]: what a verb is to the engine ([`Operation`], [`SessionFacts`]);
//! - [`fanout`]: targets, guards and confirmations, one unit per target on up to `--jobs`
//!   threads, exit codes;
//! - [`unit`](mod@unit): one target: started row, connection, transaction, after-commit, outcome row;
//! - [`tx`]: the one transaction opener, verifier filling and statement sending;
//! - [`retry`]: the one retry loop and [`retry::ATTEMPTS`];
//! - [`failure`]: failures and their mapping to errors;
//! - [`record`]: the audit rows.

pub mod failure;
pub mod fanout;
pub mod operation;
pub mod record;
pub mod retry;
pub mod tx;
pub mod unit;

pub use failure::{Failure, map_failure};
pub use fanout::{
    DEFAULT_JOBS, Fanout, confirm, exit_code, exit_code_of, group_by_server, run, run_with,
    summary, summary_line,
};
pub use operation::{Done, Operation, Planned, SessionFacts, TargetRun};
pub use record::{
    audit_record, complete, completion_record, finish_audit, finish_audit_shared, refuse,
    unrecorded, unrecorded_error,
};
pub use unit::{conclude, connect, run_on_session};
