//! Rendering results: comfy-table for people, stable JSON for scripts. Data goes to
//! stdout, talk (progress, warnings, advice) to stderr.

use crate::cli::Format;
use crate::error::Error;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};

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

    /// Print a JSON document on stdout. A closed pipe is not an error.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).expect("results serialize");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
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

    /// Print a table (or any text) on stdout.
    pub fn print(&self, text: impl std::fmt::Display) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
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
