//! `pgacct undo AUDIT_ID`: reverse a recorded change where an inverse exists.

use crate::cli::user::UndoArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, _a: UndoArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("undo"))
}
