//! `pgacct user ...`, `pgacct undo`, `pgacct kinds`.

use crate::cli::user::{KindsArgs, UndoArgs, UserCommand};
use crate::context::Context;
use crate::error::{Error, ExitCode, Result};

pub fn run(_ctx: &Context, cmd: UserCommand) -> Result<ExitCode> {
    let name = match cmd {
        UserCommand::Create(_) => "user create",
        UserCommand::List(_) => "user list",
        UserCommand::Find(_) => "user find",
        UserCommand::Reset(_) => "user reset",
        UserCommand::SearchPath(_) => "user search-path",
        UserCommand::Lock(_) => "user lock",
        UserCommand::Unlock(_) => "user unlock",
        UserCommand::Revoke(_) => "user revoke",
        UserCommand::Drop(_) => "user drop",
    };
    Err(Error::not_implemented(name))
}

pub fn undo(_ctx: &Context, _a: UndoArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("undo"))
}

pub fn kinds(_ctx: &Context, _a: KindsArgs) -> Result<ExitCode> {
    Err(Error::not_implemented("kinds"))
}
