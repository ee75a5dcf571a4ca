//! The one retry loop. A unit of work collides with a concurrent run (duplicate_object
//! 42710 or unique_violation 23505 on CREATE ROLE of the same name from another database,
//! "tuple concurrently updated", serialization failures and deadlocks): it runs again in a
//! fresh transaction, where the re-read sees what the other run committed, up to
//! [`ATTEMPTS`] times. A plan sent as one batch that fails for another reason (nothing was
//! applied) runs again step by step, which names the failing step (not counted).

use super::failure::{Failure, from_batch, is_retryable};

/// How many times a unit of work is attempted when it collides with a concurrent run.
pub const ATTEMPTS: usize = 3;

/// Run `attempt(batched)` until it succeeds, retrying as the module says.
pub fn retry<T>(mut attempt: impl FnMut(bool) -> Result<T, Failure>) -> Result<T, Failure> {
    let mut n = 0;
    let mut batched = true;
    loop {
        n += 1;
        match attempt(batched) {
            Ok(v) => return Ok(v),
            // Nothing was applied: run it again step by step to name the failing step.
            Err(f) if batched && from_batch(&f) => {
                batched = false;
                n -= 1;
            }
            Err(Failure::Pg(e) | Failure::Step(e, _)) if n < ATTEMPTS && is_retryable(&e) => {}
            Err(f) => return Err(f),
        }
    }
}
