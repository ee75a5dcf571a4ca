//! Command handlers: glue from a parsed command to the pipeline (intent -> plan -> apply
//! -> record) and to output. One file per command family.

pub mod audit;
pub mod batch;
pub mod check;
pub mod complete;
pub mod create;
pub mod harden;
pub mod inspect;
pub mod inventory;
pub mod kinds;
pub mod lifecycle;
pub mod registry;
pub mod report;
pub mod sandbox;
pub mod undo;
pub mod user;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::{ExitCode, Result};

/// Run one parsed command line.
pub fn run(ctx: &Context, cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Registry(c) => registry::run(ctx, c),
        Command::User(c) => user::run(ctx, c),
        Command::Undo(a) => user::undo(ctx, a),
        Command::Audit(c) => audit::run(ctx, c),
        Command::Notify(c) => audit::notify(ctx, c),
        Command::Kinds(a) => user::kinds(ctx, a),
        Command::Sandbox(c) => sandbox::run(ctx, c),
        Command::Inventory(c) => inventory::run(ctx, c),
        Command::Report(a) => report::run(ctx, a),
        Command::Completions { shell } => {
            // The script shipped in completions/, inventory-aware where the shell allows.
            let script = crate::cli::generated::completion(shell);
            use std::io::Write;
            let _ = std::io::stdout().write_all(&script);
            Ok(ExitCode::Success)
        }
        Command::Complete { what } => Ok(complete::run(ctx, what)),
    }
}
