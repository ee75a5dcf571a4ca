//! `pgacct kinds` and `pgacct kinds set`.

use crate::cli::user::KindsArgs;
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, _a: KindsArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("kinds"))
}
