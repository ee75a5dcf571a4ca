//! Plans: pure functions from an intent and the observed catalog state to ordered SQL
//! steps. No client library in here; dry-run, JSON, apply and audit all read one plan.

pub mod drop;
pub mod lifecycle;
