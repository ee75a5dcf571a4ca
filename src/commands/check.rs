//! `pgacct registry check`: connect to targets and report what pgacct can do there.

use crate::cli::registry::CheckArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, _a: CheckArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("registry check"))
}
