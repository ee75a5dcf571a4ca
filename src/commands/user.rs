//! `pgacct user ...`, `pgacct undo`, `pgacct kinds`: dispatch to one file per verb family.

use crate::cli::user::{KindsArgs, UndoArgs, UserCommand};
use crate::context::Context;
use crate::error::{ExitCode, Result};

pub fn run(ctx: &Context, cmd: UserCommand) -> Result<ExitCode> {
    match cmd {
        UserCommand::Create(a) => super::create::run(ctx, a),
        UserCommand::List(a) => super::inspect::list(ctx, a),
        UserCommand::Find(a) => super::inspect::find(ctx, a),
        UserCommand::Reset(a) => super::lifecycle::reset(ctx, a),
        UserCommand::SearchPath(a) => super::lifecycle::search_path(ctx, a),
        UserCommand::Lock(a) => super::lifecycle::lock(ctx, a),
        UserCommand::Unlock(a) => super::lifecycle::unlock(ctx, a),
        UserCommand::Revoke(a) => super::lifecycle::revoke(ctx, a),
        UserCommand::Drop(a) => super::lifecycle::drop(ctx, a),
        UserCommand::Apply(a) => super::batch::run(ctx, a),
        UserCommand::Repair(a) => super::report::repair_user(ctx, a),
    }
}

pub fn undo(ctx: &Context, a: UndoArgs) -> Result<ExitCode> {
    super::undo::run(ctx, a)
}

pub fn kinds(ctx: &Context, a: KindsArgs) -> Result<ExitCode> {
    super::kinds::run(ctx, a)
}
