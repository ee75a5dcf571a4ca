//! Rendering results: comfy-table for people, stable JSON for scripts. Data goes to
//! stdout, talk (progress, warnings, advice) to stderr.

use crate::cli::Format;
use crate::error::Error;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;

/// The fields every per-target result starts with: who and where.
pub fn target_fields(
    target: &crate::inventory::targets::Target,
    role: &str,
) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("username".into(), role.into());
    m.insert("env".into(), target.env.clone().into());
    m.insert("database".into(), target.database.clone().into());
    m.insert("hostname".into(), target.host.clone().into());
    m.insert("port".into(), target.port.into());
    m
}

/// Where and how results are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    pub quiet: bool,
    pub color: bool,
}

impl Output {
    pub fn new(format: Format, quiet: bool, no_color: bool) -> Output {
        let color = !no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();
        Output {
            format,
            quiet,
            color,
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Print a JSON document on stdout. A closed pipe is not an error, unless a
    /// [`PasswordOnStdout`] scope says the document carries a new password.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).expect("results serialize");
        write_stdout(&text, carried());
    }

    /// A table with these headers, styled for the terminal.
    pub fn table(&self, headers: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(headers.iter().copied());
        if !self.color {
            t.force_no_tty();
        }
        t
    }

    /// Print a table (or any text) on stdout. A closed pipe is not an error, unless a
    /// [`PasswordOnStdout`] scope says the text may carry a password.
    pub fn print(&self, text: impl std::fmt::Display) {
        write_stdout(&text.to_string(), carried());
    }

    /// Advice and progress on stderr, unless --quiet.
    pub fn info(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{msg}");
        }
    }

    /// A warning on stderr, always.
    pub fn warn(&self, msg: impl std::fmt::Display) {
        eprintln!("warning: {msg}");
    }

    /// Report an error on stderr: text for people, plus a JSON object in JSON mode.
    pub fn error(&self, e: &Error) {
        if self.is_json() {
            eprintln!("{}", e.to_json());
        } else {
            eprintln!("error: {}", sanitize(&e.to_string()));
            if let Some(h) = &e.hint {
                eprintln!("hint: {}", sanitize(h));
            }
        }
    }
}

/// A role whose new password is printed on stdout: named in the error when that output
/// cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordOwner {
    pub role: String,
    /// `env/db`.
    pub target: String,
    /// The role was created (else: its password was reset).
    pub created: bool,
}

/// The roles whose passwords the stdout output printed now carries (a [`PasswordOnStdout`]
/// scope), and the deliveries that failed.
static CARRYING: Mutex<Vec<PasswordOwner>> = Mutex::new(vec![]);
static LOST: Mutex<Vec<(PasswordOwner, String)>> = Mutex::new(vec![]);

fn carried() -> Vec<PasswordOwner> {
    CARRYING.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// While this value lives, what [`Output::print`] and [`Output::json`] write to stdout
/// carries the new passwords of these roles (a table with a password row, say): if it
/// cannot be written (a closed pipe), the process does not die of
/// SIGPIPE; the loss is recorded, and [`lost_delivery`] turns it into the error the
/// caller sees (exit 1).
pub struct PasswordOnStdout(());

impl PasswordOnStdout {
    pub fn new(owners: Vec<PasswordOwner>) -> PasswordOnStdout {
        *CARRYING.lock().unwrap_or_else(|p| p.into_inner()) = owners;
        PasswordOnStdout(())
    }
}

impl Drop for PasswordOnStdout {
    fn drop(&mut self) {
        CARRYING.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// Set when the caller started pgacct with stdout closed (`>&-`): what is written there is
/// lost, so a password written there is reported lost, not taken as delivered.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Record that stdout was closed when pgacct started (see `main`).
pub fn mark_stdout_closed() {
    STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Write `text` and a newline on stdout. Without password owners a failure is ignored
/// (and a closed pipe ends the process quietly: SIGPIPE keeps its default). With owners,
/// SIGPIPE is ignored from now on, so that the failure becomes an error, which is
/// recorded for [`lost_delivery`].
fn write_stdout(text: &str, owners: Vec<PasswordOwner>) {
    let mut out = std::io::stdout().lock();
    if owners.is_empty() {
        let _ = writeln!(out, "{text}");
        return;
    }
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let written = if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        Err(std::io::Error::other("stdout is closed"))
    } else {
        out.flush()
            .and_then(|()| writeln!(out, "{text}"))
            .and_then(|()| out.flush())
    };
    if let Err(e) = written {
        let mut lost = LOST.lock().unwrap_or_else(|p| p.into_inner());
        for o in owners {
            if !lost
                .iter()
                .any(|(l, _)| l.role == o.role && l.target == o.target)
            {
                lost.push((o, e.to_string()));
            }
        }
    }
}

/// The error for the passwords that could not be written on stdout (recorded by
/// [`Output::print`]/[`Output::json`]), if any: the roles were created or reset, but
/// nobody has their passwords.
pub fn lost_delivery() -> Option<Error> {
    let lost = std::mem::take(&mut *LOST.lock().unwrap_or_else(|p| p.into_inner()));
    let (first, why) = lost.first()?;
    let change = |o: &PasswordOwner| {
        if o.created {
            "created"
        } else {
            "password reset"
        }
    };
    let fix = |o: &PasswordOwner| format!("`pgacct user reset {} --target {}`", o.role, o.target);
    let e = if lost.len() == 1 {
        Error::failed(format!(
            "{} {}, but its new password could not be written to stdout ({why}); the change stands (the audit log has it), but nobody has the password",
            first.role,
            if first.created { "was created" } else { "had its password reset" },
        ))
        .on(first.target.clone())
        .hint(format!(
            "set a new password with {} (stdout open, or with --password-file PATH)",
            fix(first)
        ))
    } else {
        Error::failed(format!(
            "{} new passwords could not be written to stdout ({why}): {}; the changes stand (the audit log has them), but nobody has the passwords",
            lost.len(),
            lost.iter()
                .map(|(o, _)| format!("{} ({} on {})", o.role, change(o), o.target))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .hint(format!(
            "set new passwords with {} (stdout open, or with --password-file PATH)",
            lost.iter().map(|(o, _)| fix(o)).collect::<Vec<_>>().join("; ")
        ))
    };
    Some(e)
}

/// Make a value from outside (server, inventory) safe to print on a terminal: control
/// characters (escape sequences, newlines) are shown escaped instead of acted on.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `Some(x)` as x, `None` as an empty cell.
pub fn cell<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| sanitize(&x.to_string()))
        .unwrap_or_default()
}

/// A boolean as a table cell.
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_terminal_control_sequences() {
        assert_eq!(sanitize("evil\x1b[31mred"), "evil\\u{1b}[31mred");
        assert_eq!(sanitize("plain name"), "plain name");
    }
}
