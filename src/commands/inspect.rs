//! `pgacct user list` and `pgacct user find`: reads.

use crate::cli::user::{ListArgs, NameArgs};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn list(_ctx: &Context, _a: ListArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user list"))
}

pub fn find(_ctx: &Context, _a: NameArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user find"))
}
