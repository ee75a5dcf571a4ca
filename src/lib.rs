//! pgacct: provision and manage PostgreSQL login roles across environments.
//!
//! The binary is a thin shell over this library: `cli` parses, `commands` dispatches,
//! and each command runs intent -> plan -> apply -> record (see docs/ARCHITECTURE.md).

pub mod batch;
pub mod catalog;
pub mod cli;
pub mod cluster;
pub mod commands;
pub mod context;
pub mod delivery;
pub mod engine;
pub mod error;
pub mod ident;
pub mod intent;
pub mod inventory;
pub mod kinds;
pub mod notify;
pub mod output;
pub mod plan;
pub mod report;
pub mod results;
pub mod secret;
pub mod target;

use clap::Parser;
use error::ExitCode;

/// Parse the process arguments, run the command, print any error, return the exit code.
pub fn main_entry() -> i32 {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let code = if e.use_stderr() {
                ExitCode::Usage.code()
            } else {
                0
            };
            let _ = e.print();
            return code;
        }
    };
    let ctx = context::Context::new(cli.global.clone());
    // A new password that could not be written on stdout is the command's error
    // (`output::PasswordOnStdout::finish`): the change stands, nobody has the password.
    match commands::run(&ctx, cli) {
        Ok(code) => code.code(),
        Err(e) => {
            ctx.out.error(&e);
            e.exit_code().code()
        }
    }
}
