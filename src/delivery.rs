//! Getting a new password to the caller, the same way for every verb that sets one
//! (`user create`, `user reset`): generated from the OS CSPRNG or the first line of
//! stdin (`--password-stdin`), then shown once in the result, or written to
//! `--password-file` (opened 0600 with `O_EXCL` before anything happens, unless
//! `--force`) and then not printed. The plaintext stays inside [`crate::secret`]'s types.

use crate::context::Context;
use crate::error::Result;
use crate::secret::{PasswordFile, Secret};
use std::path::PathBuf;

/// The password options of a verb that sets one (built from clap's `PasswordArgs` at
/// the edge, or by a batch line).
#[derive(Debug, Clone, Default)]
pub struct PasswordOptions {
    /// `--password-stdin`: the first line of stdin is the password.
    pub password_stdin: bool,
    /// The length of a generated password.
    pub password_length: usize,
    /// `--password-file`: where the password goes instead of the result.
    pub password_file: Option<PathBuf>,
    /// `--force`: an existing password file may be overwritten.
    pub force: bool,
}

/// The password the options ask for: the first line of stdin, or a generated one.
pub fn new_password(a: impl Into<PasswordOptions>) -> Result<Secret> {
    let a = a.into();
    if a.password_stdin {
        Secret::from_first_line(std::io::stdin().lock())
    } else {
        Secret::generate(a.password_length)
    }
}

/// Where a password goes once it is set: `--password-file` (already open) or the result.
pub struct Delivery {
    file: Option<PasswordFile>,
}

/// How a password was delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// Written to this file (mode 0600); the result must not show it.
    File(PathBuf),
    /// The result shows it, once.
    Print,
}

impl Delivery {
    /// Validate the options before any network: the length of a password to generate,
    /// and the password file, opened now (not for a dry run, which sets no password).
    pub fn open(a: impl Into<PasswordOptions>, dry_run: bool) -> Result<Delivery> {
        let a = a.into();
        if !a.password_stdin {
            Secret::check_length(a.password_length)?;
        }
        let file = match (&a.password_file, dry_run) {
            (Some(p), false) => Some(PasswordFile::open(p, a.force)?),
            _ => None,
        };
        Ok(Delivery { file })
    }

    /// Deliver `secret`, which a change just set: to the file, or else it is for the
    /// result to print. A file that cannot be written is reported and the password is
    /// printed instead (it was set; it must not be lost).
    pub fn deliver(self, ctx: &Context, secret: &Secret) -> Delivered {
        let Some(f) = self.file else {
            return Delivered::Print;
        };
        let path = f.path().to_path_buf();
        match f.write(&secret.reveal()) {
            Ok(()) => {
                ctx.out
                    .info(format!("the password is in {} (mode 0600)", path.display()));
                Delivered::File(path)
            }
            Err(e) => {
                ctx.out.error(&e);
                ctx.out
                    .warn("the password was set; it is printed below instead");
                Delivered::Print
            }
        }
    }

    /// No password was set: nothing to deliver; a file this run created is removed.
    pub fn discard(self) {
        if let Some(f) = self.file {
            f.discard();
        }
    }
}
