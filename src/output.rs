//! Rendering results: comfy-table for people, stable JSON for scripts. Data goes to
//! stdout, talk (progress, warnings, advice) to stderr.

use crate::error::Error;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;

/// How results are printed: a table for people, JSON for scripts (clap's `--format`
/// is turned into this at the edge, in `cli`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// Where and how results are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    pub quiet: bool,
    pub color: bool,
    /// The width tables must fit in: the terminal's (stdout a terminal), else `COLUMNS`
    /// when set, else none (a pipe gets one line per row). None with `--wide`.
    pub width: Option<usize>,
    /// `--wide`: tables at their natural width, long values inside them.
    pub wide: bool,
}

impl Output {
    pub fn new(format: Format, quiet: bool, no_color: bool, wide: bool) -> Output {
        let color = !no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();
        let width = if wide { None } else { output_width() };
        set_quiet(quiet);
        Output {
            format,
            quiet,
            color,
            width,
            wide,
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Print a JSON document on stdout. A closed pipe is not an error (a document that
    /// carries a new password goes through [`PasswordOnStdout`] instead).
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).expect("results serialize");
        let _ = write_stdout(&text, false);
    }

    /// A table with these headers, sized for the terminal when printed (see [`Grid`]).
    pub fn table(&self, headers: &[&str]) -> Grid {
        Grid {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: vec![],
            below: vec![],
            width: self.width,
            wide: self.wide,
        }
    }

    /// Print a table (or any text) on stdout. A closed pipe is not an error (text that
    /// carries a new password goes through [`PasswordOnStdout`] instead).
    pub fn print(&self, text: impl std::fmt::Display) {
        let _ = write_stdout(&text.to_string(), false);
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

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Record `--quiet` for talk printed where no [`Output`] is at hand ([`progress_once`]).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Progress on stderr, once per message per process, unless `--quiet`.
pub fn progress_once(msg: &str) {
    static SEEN: Mutex<Vec<String>> = Mutex::new(vec![]);
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    if !seen.iter().any(|s| s == msg) {
        seen.push(msg.to_string());
        eprintln!("{}", sanitize(msg));
    }
}

/// The width of the terminal stdout is, else `COLUMNS` (how tests and scripts choose a
/// width), else none.
fn output_width() -> Option<usize> {
    #[cfg(unix)]
    if std::io::stdout().is_terminal() {
        // SAFETY: TIOCGWINSZ fills a winsize struct we own; stdout is a valid descriptor.
        let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
        if unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0
            && ws.ws_col > 0
        {
            return Some(ws.ws_col as usize);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
}

/// Values at least this long (paths, error messages) go below the table, one per line,
/// unless `--wide`.
const LONG_VALUE: usize = 40;

/// A table for people that never splits a word, a name or a timestamp:
///
/// - it is printed at its natural width when that fits the output's width (or there is
///   none: a pipe without `COLUMNS`, or `--wide`);
/// - else cells wrap at spaces (comfy-table's dynamic arrangement, each column at least
///   as wide as its longest word);
/// - else each row is printed as a vertical record, `label │ value` lines, as psql's
///   `\x auto` does.
///
/// Columns marked with [`Grid::below`] (paths, errors) are printed under the table, one
/// value per line keyed by the row's first cell, when any value is long or the table
/// would not fit; `--wide` keeps them in the table.
#[derive(Debug, Clone)]
pub struct Grid {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    below: Vec<usize>,
    width: Option<usize>,
    wide: bool,
}

fn text_width(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

fn longest_word(s: &str) -> usize {
    s.split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0)
}

/// Wrap `text` at spaces into lines of at most `width` characters; a word longer than
/// `width` gets a line of its own, whole.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out = vec![];
    for para in text.lines() {
        let mut line = String::new();
        for w in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > width {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

impl Grid {
    /// Add a row: one cell per header.
    pub fn add_row<I, S>(&mut self, row: I) -> &mut Grid
    where
        I: IntoIterator<Item = S>,
        S: ToString,
    {
        self.rows
            .push(row.into_iter().map(|c| c.to_string()).collect());
        self
    }

    /// Print this column's values (long ones: paths, errors) under the table.
    pub fn below(&mut self, header: &str) -> &mut Grid {
        if let Some(i) = self.headers.iter().position(|h| h == header) {
            self.below.push(i);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn cell(&self, row: usize, col: usize) -> &str {
        self.rows[row].get(col).map(String::as_str).unwrap_or("")
    }

    /// Natural width of the table made of `cols`, borders included.
    fn natural_width(&self, cols: &[usize]) -> usize {
        cols.iter()
            .map(|&c| {
                (0..self.rows.len())
                    .map(|r| text_width(self.cell(r, c)))
                    .chain([text_width(&self.headers[c])])
                    .max()
                    .unwrap_or(0)
                    + 3
            })
            .sum::<usize>()
            + 1
    }

    fn render(&self) -> String {
        let all: Vec<usize> = (0..self.headers.len()).collect();
        let limit = self.width.unwrap_or(usize::MAX);
        // Long columns go below the table unless --wide.
        let moved: Vec<usize> = if self.wide {
            vec![]
        } else {
            self.below
                .iter()
                .copied()
                .filter(|&c| {
                    (0..self.rows.len()).any(|r| text_width(self.cell(r, c)) >= LONG_VALUE)
                        || self.natural_width(&all) > limit
                })
                .collect()
        };
        let cols: Vec<usize> = all.iter().copied().filter(|c| !moved.contains(c)).collect();
        let min: Vec<usize> = cols
            .iter()
            .map(|&c| {
                (0..self.rows.len())
                    .map(|r| longest_word(self.cell(r, c)))
                    .chain([longest_word(&self.headers[c])])
                    .max()
                    .unwrap_or(0)
                    .max(1)
            })
            .collect();
        let natural: Vec<usize> = cols
            .iter()
            .map(|&c| {
                (0..self.rows.len())
                    .map(|r| text_width(self.cell(r, c)))
                    .chain([text_width(&self.headers[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let bordered = |w: &[usize]| w.iter().map(|w| w + 3).sum::<usize>() + 1;
        let compact = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        let mut text = if bordered(&natural) <= limit {
            self.bordered(&cols, None)
        } else if compact(&natural) <= limit {
            self.compact(&cols, &natural)
        } else if bordered(&min) <= limit {
            self.bordered(&cols, Some((limit, &min)))
        } else if compact(&min) <= limit {
            let widths = spread(&min, &natural, limit - compact(&min));
            self.compact(&cols, &widths)
        } else {
            self.records(&cols, limit)
        };
        for &c in &moved {
            let values: Vec<(String, &str)> = (0..self.rows.len())
                .filter(|&r| !self.cell(r, c).trim().is_empty())
                .map(|r| (self.cell(r, 0).to_string(), self.cell(r, c)))
                .collect();
            if values.is_empty() {
                continue;
            }
            text.push_str(&format!("\n{}:", self.headers[c]));
            for (key, v) in values {
                let first = format!("{key}: ");
                // Without a width (a pipe): 100 columns, so that no line is a page long.
                let lines = wrap_words(v, self.width.unwrap_or(100).saturating_sub(4).max(20));
                text.push_str(&format!("\n  {first}"));
                let mut fresh = true;
                for l in lines {
                    if fresh {
                        // The first piece after the key, on the key's line if it fits.
                        if first.chars().count() + 2 + l.chars().count() > self.width.unwrap_or(100)
                        {
                            text.push_str(&format!("\n    {l}"));
                        } else {
                            text.push_str(&l);
                        }
                        fresh = false;
                    } else {
                        text.push_str(&format!("\n    {l}"));
                    }
                }
            }
        }
        text
    }

    /// A bordered table: at its natural width, or wrapped at spaces into `width` with each
    /// column at least its `min` (its longest word) by comfy-table's dynamic arrangement.
    fn bordered(&self, cols: &[usize], fit: Option<(usize, &[usize])>) -> String {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .force_no_tty()
            .set_header(cols.iter().map(|&c| self.headers[c].clone()));
        for r in 0..self.rows.len() {
            t.add_row(cols.iter().map(|&c| self.cell(r, c).to_string()));
        }
        match fit {
            Some((width, min)) => {
                t.set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(width.min(u16::MAX as usize) as u16);
                for (i, m) in min.iter().enumerate() {
                    if let Some(col) = t.column_mut(i) {
                        col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                            (*m + 2).min(u16::MAX as usize) as u16,
                        )));
                    }
                }
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        t.to_string()
    }

    /// A borderless table, columns two spaces apart, cells wrapped at spaces into the
    /// given widths; when a row takes several lines, rows are a blank line apart.
    fn compact(&self, cols: &[usize], widths: &[usize]) -> String {
        let pad =
            |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
        let cells = |texts: Vec<&str>| -> Vec<Vec<String>> {
            texts
                .iter()
                .zip(widths)
                .map(|(t, &w)| wrap_words(t, w))
                .collect()
        };
        let lines_of = |cells: &[Vec<String>]| -> Vec<String> {
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            (0..height)
                .map(|i| {
                    cells
                        .iter()
                        .zip(widths)
                        .map(|(c, &w)| pad(c.get(i).map(String::as_str).unwrap_or(""), w))
                        .collect::<Vec<_>>()
                        .join("  ")
                        .trim_end()
                        .to_string()
                })
                .collect()
        };
        let mut out = lines_of(&cells(
            cols.iter().map(|&c| self.headers[c].as_str()).collect(),
        ));
        out.push(
            widths
                .iter()
                .map(|&w| "─".repeat(w))
                .collect::<Vec<_>>()
                .join("  "),
        );
        let rows: Vec<Vec<String>> = (0..self.rows.len())
            .map(|r| lines_of(&cells(cols.iter().map(|&c| self.cell(r, c)).collect())))
            .collect();
        let tall = rows.iter().any(|l| l.len() > 1);
        for (i, r) in rows.into_iter().enumerate() {
            if tall && i > 0 {
                out.push(String::new());
            }
            out.extend(r);
        }
        out.join("\n")
    }

    /// Each row as a vertical record, psql's expanded display.
    fn records(&self, cols: &[usize], limit: usize) -> String {
        let label = cols
            .iter()
            .map(|&c| self.headers[c].chars().count())
            .max()
            .unwrap_or(0);
        let value_width = limit.saturating_sub(label + 3).max(20);
        let mut out = vec![];
        for r in 0..self.rows.len() {
            let head = format!("─[ {} ]", r + 1);
            let fill = limit
                .min(label + 3 + value_width)
                .saturating_sub(head.chars().count());
            out.push(format!("{head}{}", "─".repeat(fill)));
            for &c in cols {
                let lines = wrap_words(self.cell(r, c), value_width);
                for (i, l) in lines.iter().enumerate() {
                    let name = if i == 0 { self.headers[c].as_str() } else { "" };
                    out.push(format!("{name:<label$} │ {l}").trim_end().to_string());
                }
            }
        }
        out.join("\n")
    }
}

/// Widths from `min` plus `extra` columns shared out by what each column lacks of its
/// `natural` width.
fn spread(min: &[usize], natural: &[usize], extra: usize) -> Vec<usize> {
    let need: Vec<usize> = min
        .iter()
        .zip(natural)
        .map(|(m, n)| n.saturating_sub(*m))
        .collect();
    let total: usize = need.iter().sum();
    let mut w: Vec<usize> = min.to_vec();
    if total == 0 {
        return w;
    }
    let mut left = extra.min(total);
    for (i, n) in need.iter().enumerate() {
        let give = (extra.min(total) * n / total).min(*n);
        w[i] += give;
        left -= give;
    }
    // What rounding left: to the columns still short, in turn.
    while left > 0 {
        let mut gave = false;
        for i in 0..w.len() {
            if left > 0 && w[i] < natural[i] {
                w[i] += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    w
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
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

/// The stdout writer for output that carries the new passwords of these roles (a JSON
/// result or a table with a password in it): if it cannot be written (a closed pipe,
/// stdout closed), the process does not die of SIGPIPE; the loss is kept here, and
/// [`PasswordOnStdout::finish`] turns it into the error the caller sees (exit 1): the
/// change stands, but nobody has the password. Without owners it writes as
/// [`Output::print`] does.
pub struct PasswordOnStdout {
    owners: Vec<PasswordOwner>,
    lost: Mutex<Vec<(PasswordOwner, String)>>,
}

impl PasswordOnStdout {
    pub fn new(owners: Vec<PasswordOwner>) -> PasswordOnStdout {
        PasswordOnStdout {
            owners,
            lost: Mutex::new(vec![]),
        }
    }

    /// Print text (a table, pgpass lines) that may carry the passwords.
    pub fn print(&self, text: impl std::fmt::Display) {
        self.write(&text.to_string());
    }

    /// Print a JSON document that may carry the passwords.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        let text = zeroize::Zeroizing::new(
            serde_json::to_string_pretty(value).expect("results serialize"),
        );
        self.write(&text);
    }

    fn write(&self, text: &str) {
        if let Err(e) = write_stdout(text, !self.owners.is_empty()) {
            let mut lost = self.lost.lock().unwrap_or_else(|p| p.into_inner());
            for o in &self.owners {
                if !lost
                    .iter()
                    .any(|(l, _)| l.role == o.role && l.target == o.target)
                {
                    lost.push((o.clone(), e.to_string()));
                }
            }
        }
    }

    /// The error for the passwords that could not be written on stdout, if any: the
    /// roles were created or reset, but nobody has their passwords.
    pub fn finish(self) -> crate::error::Result<()> {
        let lost = self.lost.into_inner().unwrap_or_else(|p| p.into_inner());
        match lost_error(&lost) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Set when the caller started pgacct with stdout closed (`>&-`): what is written there is
/// lost, so a password written there is reported lost, not taken as delivered.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Record that stdout was closed when pgacct started (see `main`).
pub fn mark_stdout_closed() {
    STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Write `text` and a newline on stdout. Without a password in it a failure is ignored
/// (and a closed pipe ends the process quietly: SIGPIPE keeps its default). With one,
/// SIGPIPE is ignored from now on, so that the failure becomes an error, returned.
fn write_stdout(text: &str, carries_password: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if !carries_password {
        let _ = writeln!(out, "{text}");
        return Ok(());
    }
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(std::io::Error::other("stdout is closed"));
    }
    out.flush()
        .and_then(|()| writeln!(out, "{text}"))
        .and_then(|()| out.flush())
}

/// The error for passwords that could not be written on stdout.
fn lost_error(lost: &[(PasswordOwner, String)]) -> Option<Error> {
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

/// A table cell showing a new password, once: how the table writer consumes a
/// [`crate::secret::Reveal`].
pub fn password_cell(pw: &crate::secret::Reveal) -> String {
    pw.table_cell().as_str().to_string()
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
