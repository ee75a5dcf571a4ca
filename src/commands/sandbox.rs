//! `pgacct sandbox ...`: a throwaway local cluster registered as `sandbox/postgres`.

use crate::cli::sandbox::SandboxCommand;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, cmd: SandboxCommand) -> Result<ExitCode> {
    let name = match cmd {
        SandboxCommand::Up => "sandbox up",
        SandboxCommand::Down => "sandbox down",
        SandboxCommand::Status => "sandbox status",
    };
    Err(Error::not_implemented(name))
}
