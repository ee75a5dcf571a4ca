//! `pgacct user create <kind>`.

use crate::cli::user::CreateArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, _a: CreateArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user create"))
}
