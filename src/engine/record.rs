//! Record: the audit rows of an attempt. A `started` row before anything that changes a
//! server is sent (no row, no change), a completion row with the outcome after; a refusal
//! by a guard is one row. Notifications go out after the row is written, outside the
//! inventory lock.

use super::{Done, Operation, TargetRun};
use crate::context::Context;
use crate::error::{Error, ErrorKind, Result};
use crate::inventory::Inventory;
use crate::inventory::audit::{Outcome, Record};
use crate::inventory::targets::Target;
use std::sync::Mutex;
use std::time::Instant;

/// The audit record of `op` on `t` (action, place, role, kind, reason, ticket), before
/// its outcome is known.
pub fn audit_record<O: Operation + ?Sized>(op: &O, t: &Target) -> Record {
    let c = op.change();
    Record {
        action: op.action().to_string(),
        env: Some(t.env.clone()),
        db_name: Some(t.database.clone()),
        server: Some(t.server()),
        role: op.role(),
        kind: op.kind(),
        reason: c.reason.clone(),
        ticket: c.ticket.clone(),
        undo_of: op.undo_of(),
        ..Default::default()
    }
}

/// Refuse `target` with an audit row (outcome refused).
pub fn refuse<T, O: Operation>(
    ctx: &Context,
    inv: &mut Inventory,
    target: &Target,
    op: &O,
    e: Error,
) -> TargetRun<T> {
    refuse_shared(ctx, &Mutex::new(inv), target, op, e)
}

/// [`refuse`] for workers sharing the inventory: the lock is held to write the row, not
/// while notifications are delivered.
pub fn refuse_shared<T, O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
    e: Error,
) -> TargetRun<T> {
    let mut rec = audit_record(op, target);
    rec.outcome = Some(Outcome::Refused);
    rec.error = Some(e.audit_text());
    let recorded = lock(inv).record(&ctx.actor, &rec);
    let id = match recorded {
        Ok(id) => {
            crate::notify::send_shared(ctx, inv, id);
            Some(id)
        }
        Err(ae) => {
            ctx.out
                .warn(format!("could not record the refusal: {}", ae.message));
            None
        }
    };
    TargetRun {
        target: target.clone(),
        result: Err(e.on(target.name())),
        audit_id: id,
    }
}

/// Refused before anything was recorded: the inventory cannot be written.
pub fn unrecorded<T>(target: &Target, e: Error) -> TargetRun<T> {
    TargetRun {
        target: target.clone(),
        result: Err(unrecorded_error(target, e)),
        audit_id: None,
    }
}

/// The error of an attempt refused because its audit record cannot be written.
pub fn unrecorded_error(target: &Target, e: Error) -> Error {
    Error::failed(format!(
        "refusing to act on {}: the audit record cannot be written: {}",
        target.name(),
        e.message
    ))
    .on(target.name())
    .hint(
        e.hint
            .unwrap_or_else(|| "fix the inventory (permissions, disk space) and try again".into()),
    )
}

/// Write the completion row of an attempt (`started`) from its outcome.
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub fn complete<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
    rec: &Record,
    started: i64,
    started_at: Instant,
    outcome: Result<(Done<O::Output>, Option<serde_json::Value>)>,
) -> TargetRun<O::Output> {
    let fin = completion_of(op, rec, started_at, &outcome);
    let audit_id = finish_audit_shared(ctx, inv, target, started, &fin);
    TargetRun {
        target: target.clone(),
        result: outcome.map(|(d, _)| d),
        audit_id,
    }
}

/// The completion row of `op`'s attempt that started with `rec` at `started_at`, from
/// its outcome ([`completion_record`], completed by the operation's
/// [`Operation::record_done`]).
pub fn completion_of<O: Operation + ?Sized>(
    op: &O,
    rec: &Record,
    started_at: Instant,
    outcome: &Result<(Done<O::Output>, Option<serde_json::Value>)>,
) -> Record {
    let mut fin = completion_record(
        rec,
        outcome
            .as_ref()
            .map(|(done, undo)| (done.changed, done.plan.descriptions(), undo.clone())),
        op.change().dry_run,
        started_at,
    );
    if let Ok((done, _)) = outcome {
        op.record_done(&done.detail, &mut fin);
    }
    fin
}

/// The shared inventory, whoever panicked while holding it.
pub(crate) fn lock<'a, 'b>(
    inv: &'a Mutex<&'b mut Inventory>,
) -> std::sync::MutexGuard<'a, &'b mut Inventory> {
    inv.lock().unwrap_or_else(|p| p.into_inner())
}

/// The completion row of an attempt that started with `base`: the outcome (dry-run,
/// changed, unchanged, refused, failed), the step descriptions, what undo needs (only
/// for a real change), the error and the duration since `started_at`.
pub fn completion_record(
    base: &Record,
    result: std::result::Result<(bool, Vec<String>, Option<serde_json::Value>), &Error>,
    dry_run: bool,
    started_at: Instant,
) -> Record {
    let mut fin = base.clone();
    fin.duration_ms = Some(started_at.elapsed().as_millis() as i64);
    match result {
        Ok((changed, steps, undo)) => {
            fin.outcome = Some(if dry_run {
                Outcome::DryRun
            } else if changed {
                Outcome::Changed
            } else {
                Outcome::Unchanged
            });
            fin.steps = steps;
            if !dry_run && changed {
                fin.undo = undo;
            }
        }
        Err(e) => {
            fin.outcome = Some(if e.kind == ErrorKind::Refused {
                Outcome::Refused
            } else {
                Outcome::Failed
            });
            fin.error = Some(e.audit_text());
        }
    }
    fin
}

/// Write the completion row `fin` of the attempt `started` and notify; a failure to
/// record is a warning (the change is done), and the entry stays open.
pub fn finish_audit(
    ctx: &Context,
    inv: &mut Inventory,
    target: &Target,
    started: i64,
    fin: &Record,
) -> Option<i64> {
    finish_audit_shared(ctx, &Mutex::new(inv), target, started, fin)
}

/// [`finish_audit`] for workers sharing the inventory: the lock is held to write the
/// completion row, not while notifications are delivered.
pub fn finish_audit_shared(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    started: i64,
    fin: &Record,
) -> Option<i64> {
    let id = record_finish(ctx, &mut lock(inv), target, started, fin)?;
    crate::notify::send_shared(ctx, inv, id);
    // The attempt's id, as `audit list` shows it (`audit show` and `undo` take either id
    // of an attempt).
    Some(started)
}

/// Write the completion row; its id, or None (warned about) when it could not be written.
fn record_finish(
    ctx: &Context,
    inv: &mut Inventory,
    target: &Target,
    started: i64,
    fin: &Record,
) -> Option<i64> {
    match inv.audit_finish(&ctx.actor, started, fin) {
        Ok(id) => Some(id),
        Err(e) => {
            ctx.out.warn(format!(
                "{}: the outcome could not be recorded (audit entry {started} stays open): {}",
                target.name(),
                e.message
            ));
            None
        }
    }
}

/// An attempt in the audit log: its base record, `started` row id and start time.
pub struct Attempt {
    pub rec: Record,
    pub started: i64,
    pub at: Instant,
}

/// Write the `started` row of `op` on `target`: the attempt, or the error of an attempt
/// refused because it cannot be recorded ([`unrecorded_error`]).
pub fn begin<O: Operation + ?Sized>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
) -> Result<Attempt> {
    let rec = audit_record(op, target);
    let at = Instant::now();
    match lock(inv).audit_begin(&ctx.actor, &rec) {
        Ok(started) => Ok(Attempt { rec, started, at }),
        Err(e) => Err(unrecorded_error(target, e)),
    }
}

impl Attempt {
    /// The completion row of an attempt that failed (or was not applied) with `e`; the
    /// attempt's id, or None when the row could not be written (warned about).
    pub fn failed(
        &self,
        ctx: &Context,
        inv: &Mutex<&mut Inventory>,
        target: &Target,
        e: &Error,
        dry_run: bool,
    ) -> Option<i64> {
        let fin = completion_record(&self.rec, Err(e), dry_run, self.at);
        finish_audit_shared(ctx, inv, target, self.started, &fin)
    }
}

/// An attempt that could not reach its target (no connection, or its unit was refused):
/// its started row and its failed completion row.
pub fn failed_attempt<O: Operation>(
    ctx: &Context,
    inv: &Mutex<&mut Inventory>,
    target: &Target,
    op: &O,
    e: Error,
) -> TargetRun<O::Output> {
    let audit_id = match begin(ctx, inv, target, op) {
        Ok(att) => att.failed(ctx, inv, target, &e, op.change().dry_run),
        Err(ae) => {
            return TargetRun {
                target: target.clone(),
                result: Err(ae),
                audit_id: None,
            };
        }
    };
    TargetRun {
        target: target.clone(),
        result: Err(e),
        audit_id,
    }
}
