//! `pgacct user reset|search-path|lock|unlock|revoke|drop`.

use crate::cli::user::{DropArgs, LockArgs, NameChangeArgs, ResetArgs, RevokeArgs, SearchPathArgs};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn reset(_ctx: &Context, _a: ResetArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user reset"))
}
pub fn search_path(_ctx: &Context, _a: SearchPathArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user search-path"))
}
pub fn lock(_ctx: &Context, _a: LockArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user lock"))
}
pub fn unlock(_ctx: &Context, _a: NameChangeArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user unlock"))
}
pub fn revoke(_ctx: &Context, _a: RevokeArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user revoke"))
}
pub fn drop(_ctx: &Context, _a: DropArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("user drop"))
}
