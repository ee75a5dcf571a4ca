//! `pgacct __complete WHAT` (hidden): the completion scripts call it for the values only
//! the inventory knows: targets (ENV/DB), envs and kinds, one per line. Quiet and
//! read-only: no inventory means no candidates, an error prints nothing, nothing is
//! audited.

use crate::cli::CompleteWhat;
use crate::context::Context;
use crate::error::ExitCode;
use crate::inventory::Inventory;
use std::io::Write;

pub fn run(ctx: &Context, what: CompleteWhat) -> ExitCode {
    let words = candidates(ctx, what).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    for w in words {
        let _ = writeln!(out, "{w}");
    }
    ExitCode::Success
}

fn candidates(ctx: &Context, what: CompleteWhat) -> Option<Vec<String>> {
    let path = ctx.inventory_path().ok()?;
    // Completing never creates an inventory.
    let inv = if path.exists() {
        Some(Inventory::open(&path).ok()?)
    } else {
        None
    };
    let mut words = match what {
        CompleteWhat::Targets => inv?
            .targets(false, None)
            .ok()?
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>(),
        CompleteWhat::Envs => inv?
            .targets(false, None)
            .ok()?
            .iter()
            .map(|t| t.env.clone())
            .collect(),
        CompleteWhat::Kinds => match inv {
            Some(inv) => super::kinds::load(&inv).ok()?,
            None => crate::kinds::effective(&[]).ok()?,
        }
        .into_iter()
        .map(|k| k.name)
        .collect(),
    };
    words.sort();
    words.dedup();
    Some(words)
}
