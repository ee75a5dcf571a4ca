//! `pgacct audit ...` and `pgacct notify ...`.

use crate::cli::audit::{AuditCommand, NotifyCommand};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, cmd: AuditCommand) -> Result<ExitCode> {
    let name = match cmd {
        AuditCommand::List(_) => "audit list",
        AuditCommand::Show { .. } => "audit show",
        AuditCommand::Verify => "audit verify",
    };
    Err(Error::not_implemented(name))
}

pub fn notify(_ctx: &Context, _cmd: NotifyCommand) -> Result<ExitCode> {
    Err(Error::not_implemented("notify"))
}
